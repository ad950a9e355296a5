"""A million contacts for the fake Freshdesk without a million dicts in memory.

Each record is made from its position when a page asks for it (names sort as positions
do, so the alphabetical listing is the positional one), in the synthetic account's shape:
four contacts in five belong to a company and write from its domain, one in 50 writes
from a reseller's domain (the only ones whose `view_all_tickets` FD-BROAD-007 needs).
"""

from collections.abc import Iterator, Sequence
from typing import Any, overload

from auditor.fake.account import FakeAccount
from auditor.fake.account_views import contact_detail, contact_in_listing
from auditor.fake.quirks import Quirks
from auditor.fake.views import Views
from benchmarks.synthetic_account import contact_record, is_foreign_contact

FIRST_ID = 900_000
FIRST_COMPANY = 5000


class GeneratedContacts(Sequence[dict[str, Any]]):
    """`count` contacts linked to `companies` companies, listed as the real API or stored."""

    def __init__(self, count: int, companies: int, *, real_listing: bool) -> None:
        self._count = count
        self._companies = companies
        self._real_listing = real_listing

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self.listed(i) for i in range(*index.indices(self._count))]
        if not -self._count <= index < self._count:
            raise IndexError(index)
        return self.listed(index % self._count)

    def stored(self, index: int) -> dict[str, Any]:
        """The whole record, `view_all_tickets` included."""
        companies = self._companies
        company_id = FIRST_COMPANY + (index * 7919) % companies if companies and index % 5 else None
        return contact_record(index, FIRST_ID + index, f"Customer {index:08d}", company_id)

    def listed(self, index: int) -> dict[str, Any]:
        record = self.stored(index)
        return contact_in_listing(record) if self._real_listing else record

    def detail(self, contact_id: int) -> dict[str, Any] | None:
        index = contact_id - FIRST_ID
        return contact_detail(self.stored(index)) if 0 <= index < self._count else None

    def foreign_ids(self) -> Iterator[int]:
        """Contacts linked to a company whose domain is not theirs."""
        for index in range(self._count):
            if is_foreign_contact(index) and index % 5:
                yield FIRST_ID + index


class GeneratedViews(Views):
    """The served account's views, with its contacts made on demand."""

    def __init__(self, account: FakeAccount, quirks: Quirks, contacts: GeneratedContacts) -> None:
        super().__init__(account, quirks)
        self.generated = contacts

    def contacts(self, state: str | None) -> list[dict[str, Any]]:
        # A Sequence the pager slices; only the default listing holds anyone.
        return self.generated if state is None else []  # type: ignore[return-value]

    def contact(self, contact_id: int) -> dict[str, Any] | None:
        return self.generated.detail(contact_id)
