"""Contact details asked for while the contacts listing still runs, page by page.

The contacts listing is paced by its own sub-limit, well below the account's budget; the
`/contacts/{id}` calls FD-BROAD-007 needs are not list calls, so they can use the rest of
the budget meanwhile instead of queueing after the last page. They take only slots no
other call wants (priority `AHEAD`). `fetch_contact_access`, run once both listings are
in, takes over the calls asked so far (`hand_over`) and asks only for what the final,
reconciled listing needs beyond them; calls asked but no longer needed are left to end.
"""

import contextlib
import threading
from concurrent.futures import CancelledError, Executor, Future
from typing import Any

from auditor.errors import CollectError
from auditor.freshdesk.checkpoint import StoredPage
from auditor.freshdesk.contact_access import Judged, company_domains
from auditor.freshdesk.failures import Abandoned
from auditor.freshdesk.ratelimit import AHEAD
from auditor.freshdesk.session import Session
from auditor.freshdesk.single import OneResult
from auditor.snapshot.writer import Collected


class EarlyContactDetails:
    """Feed with each fresh contacts page (`page`); `wait` before the final pass."""

    def __init__(self, session: Session, companies: "Future[Collected]", pool: Executor) -> None:
        self._session = session
        self._companies = companies
        self._pool = pool
        self._lock = threading.Lock()
        # Pages that came before the companies listing ended.
        self._backlog: list[list[dict[str, Any]]] = []
        self._asked: dict[int, Future[OneResult]] = {}
        self._handed_over = False
        self._judged: Judged | None = None

    def page(self, stored: StoredPage) -> None:
        with self._lock:
            self._backlog.append(stored.records)
            if not self._companies.done():
                return
            pages, self._backlog = self._backlog, []
        judged = self._judged_if_complete()
        if judged is None:
            return
        for records in pages:
            if all("view_all_tickets" in record for record in records):
                continue
            with self._lock:
                wanted = judged.judge(records)
            for contact_id in wanted:
                self._ask(contact_id)

    def _judged_if_complete(self) -> Judged | None:
        """Only a complete companies listing decides as the final pass will (its domains
        are spelt out once, not for each page)."""
        if self._companies.cancelled() or self._companies.exception() is not None:
            return None
        companies = self._companies.result()
        if companies.status != "complete":
            return None
        with self._lock:
            if self._judged is None:
                self._judged = Judged(company_domains(companies.records))
            return self._judged

    def _ask(self, contact_id: int) -> None:
        with self._lock:
            if self._handed_over or contact_id in self._asked:
                return
            self._asked[contact_id] = self._pool.submit(
                self._session.one,
                f"contact.{contact_id}",
                f"/contacts/{contact_id}",
                priority=AHEAD,
            )

    def hand_over(self) -> tuple[dict[int, "Future[OneResult]"], Judged | None]:
        """The calls asked so far, by contact, and the verdicts they came from; none is
        asked after this."""
        with self._lock:
            self._handed_over = True
            return dict(self._asked), self._judged

    def wait(self) -> None:
        """Every early call ended (the run is stopping, or has what it needs)."""
        with self._lock:
            asked = list(self._asked.values())
        for future in asked:
            with contextlib.suppress(Abandoned, CollectError, CancelledError):
                future.result()
