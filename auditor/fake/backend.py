"""What the request handler needs from the fake server it runs in: its account and state.

`FakeHandler` talks to the server only through this interface, so the handler does not
import the server (which imports the handler to serve with it).
"""

from datetime import datetime
from typing import Protocol

from auditor.fake.account import FakeAccount
from auditor.fake.budget import SlidingWindow
from auditor.fake.quirks import Fault, Quirks
from auditor.fake.views import Views


class Backend(Protocol):
    """The served account, its quirks, and the bookkeeping of the requests answered."""

    account: FakeAccount
    quirks: Quirks
    views: Views
    api_key: str
    limiter: SlidingWindow | None
    # The contacts listing's sub-limit (`Quirks.contacts_sub_limit`), if any.
    contacts_limiter: SlidingWindow | None

    @property
    def url(self) -> str:
        """scheme://host:port of the server, for next links."""
        ...

    def now(self) -> datetime:
        """The account's time (the `Date` of every answer)."""
        ...

    def next_number(self) -> int:
        """The arrival number of a new request (1, 2, ...)."""
        ...

    def log(self, number: int, path: str, query: str, status: int) -> None:
        """Record an answered request."""
        ...

    def take_fault(self, number: int, path: str, page: int | None) -> Fault | None:
        """The fault this request suffers, if any (each counted once it hits)."""
        ...

    def after_page(self, collection: str | None, page: int, served_at: datetime) -> None:
        """Apply the changes the quirks make once a listing's page is served (its answer is
        dated `served_at`)."""
        ...
