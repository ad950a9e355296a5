"""Contacts as columns: a million contacts read without a million typed objects.

Only two things about a contact can matter to an access review: it may view all
tickets of a company (`view_all_tickets`, FD-BROAD-007), or one of its addresses is an
agent's (a duplicated identity, FD-HYG-003). Contacts with either are typed `Contact`
objects in `Account.contacts` and nodes of the identity graph; every contact, those
included, is a row of a `ContactTable` (numpy columns in a pandas DataFrame) that the
summary counts come from.

Every record is still checked as strictly as `Contact` would check it: a record of the
plain listing shape is checked field by field here, and any other record (an unknown
shape, a wrong type, objects in `other_companies`) goes through `Contact` itself, so a
malformed record fails with the same `RecordError` naming file, line and field.
"""

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from auditor.emails import identity_key
from auditor.errors import SnapshotError
from auditor.models import Contact, ContactId

# The columns of `ContactTable.frame`.
TABLE_COLUMNS = ("id", "company_links", "views_all_tickets", "deleted", "carried")


@dataclass(frozen=True)
class ContactTable:
    """Every contact of the snapshot, one row each, ordered by ID."""

    frame: pd.DataFrame

    @property
    def total(self) -> int:
        return len(self.frame)

    @property
    def viewing_all_tickets(self) -> int:
        """Contacts that may view all tickets of at least one company."""
        return int(self.frame["views_all_tickets"].sum())

    @property
    def with_company(self) -> int:
        return int((self.frame["company_links"] > 0).sum())

    @property
    def deleted(self) -> int:
        return int(self.frame["deleted"].sum())

    @property
    def carried(self) -> int:
        """Contacts typed in `Account.contacts`: those that carry access."""
        return int(self.frame["carried"].sum())


# Types one record, given with its line number (raising `RecordError`).
Validate = Callable[[Any, int], Contact]


class ContactColumns:
    """Collects the contacts listing record by record into columns.

    `agent_keys` are the agents' identity keys (`emails.identity_key`); `details` the
    `/contacts/{id}` records, which replace the listing record of the same ID (only the
    detail says which companies' tickets the contact may view).
    """

    def __init__(
        self, agent_keys: set[str], details: Mapping[ContactId, Contact], validate: Validate
    ) -> None:
        self._validate = validate
        self._agent_keys = agent_keys
        # The part after the last `@` of each key: an address elsewhere is no agent's.
        self._agent_domains = {key.rpartition("@")[2] for key in agent_keys}
        self._details = details
        self._ids: list[int] = []
        self._links: list[int] = []
        self._views_all: list[bool] = []
        self._deleted: list[bool] = []
        self._carried: list[bool] = []
        self.contacts: dict[ContactId, Contact] = {}

    def add(self, raw: Any, line: int) -> None:
        """One listing record (of any JSON type) and its line number; the `validate` given
        at construction types it, raising `RecordError` when it is malformed."""
        row = _plain_row(raw) if type(raw) is dict else None
        if row is None:
            self.add_typed(self._validate(raw, line))
            return
        contact_id, addresses, links, views_all, deleted = row
        detail = self._details.get(ContactId(contact_id))
        if detail is not None:
            self.add_typed(detail)
            return
        if views_all or self._is_agent_address(addresses):
            self.add_typed(self._validate(raw, line))
            return
        self._append(contact_id, links, views_all, deleted, carried=False)

    def add_typed(self, contact: Contact) -> None:
        detail = self._details.get(contact.id)
        if detail is not None:
            contact = detail
        views_all = bool(contact.companies_viewing_all_tickets())
        addresses = [contact.email or "", *contact.other_emails]
        carried = views_all or self._is_agent_address(addresses)
        if carried:
            self.contacts[contact.id] = contact
        self._append(
            contact.id, len(contact.company_ids()), views_all, contact.deleted, carried=carried
        )

    def table(self, file_name: str) -> ContactTable:
        frame = pd.DataFrame(
            {
                "id": np.array(self._ids, dtype=np.int64),
                "company_links": np.array(self._links, dtype=np.int32),
                "views_all_tickets": np.array(self._views_all, dtype=bool),
                "deleted": np.array(self._deleted, dtype=bool),
                "carried": np.array(self._carried, dtype=bool),
            },
            columns=list(TABLE_COLUMNS),
        )
        frame = frame.sort_values("id", kind="stable", ignore_index=True)
        repeated = frame["id"][frame["id"].duplicated()]
        if len(repeated):
            raise SnapshotError(
                f"{file_name}: record id {int(repeated.min())} appears twice. A snapshot holds "
                "each record once; collect the account again."
            )
        self.contacts = dict(sorted(self.contacts.items()))
        return ContactTable(frame)

    def _is_agent_address(self, addresses: list[str]) -> bool:
        domains = self._agent_domains
        for address in addresses:
            # `identity_key` keeps the stripped, lower-cased text after the last `@`.
            if address.rpartition("@")[2].strip().lower() not in domains:
                continue
            if address.strip() and identity_key(address) in self._agent_keys:
                return True
        return False

    def _append(
        self, contact_id: int, links: int, views_all: bool, deleted: bool, *, carried: bool
    ) -> None:
        self._ids.append(contact_id)
        self._links.append(links)
        self._views_all.append(views_all)
        self._deleted.append(deleted)
        self._carried.append(carried)


_NO_ITEMS: list[Any] = []
_NoneType = type(None)
# The types `_plain_row` accepts, field by field, as one tuple: `Contact`'s strict types.
_PLAIN_TYPES = frozenset(
    itertools.product(
        (int,),  # id
        (str,),  # name
        (str, _NoneType),  # email
        (bool, _NoneType),  # active
        (bool, _NoneType),  # view_all_tickets
        (int, _NoneType),  # company_id
        (list,),  # other_emails
        (list,),  # other_companies
        (bool,),  # deleted
        (str, _NoneType),  # created_at
        (str, _NoneType),  # updated_at
    )
)


def _plain_row(raw: dict[str, Any]) -> tuple[int, list[str], int, bool, bool] | None:
    """(id, addresses, company links, views all tickets, deleted) of a record that
    `Contact` would accept as it is, or None for any record it must judge itself.

    Every check is at least as strict as the model's (strict types: no bool for an
    int, no int for a bool; timestamps `datetime.fromisoformat` reads without help),
    so a record accepted here is one the model accepts too. It runs once per contact:
    one tuple of types, looked up in a set, rather than a test per field.
    """
    get = raw.get
    other_emails = get("other_emails", _NO_ITEMS)
    others = get("other_companies", _NO_ITEMS)
    created, updated = get("created_at"), get("updated_at")
    types = (
        type(get("id")),
        type(get("name")),
        type(get("email")),
        type(get("active")),
        type(get("view_all_tickets")),
        type(get("company_id")),
        type(other_emails),
        type(others),
        type(get("deleted", False)),
        type(created),
        type(updated),
    )
    if types not in _PLAIN_TYPES:
        return None
    if other_emails and any(type(a) is not str for a in other_emails):
        return None
    if others and any(type(c) is not int for c in others):
        return None
    try:
        if created is not None:
            datetime.fromisoformat(created)
        if updated is not None:
            datetime.fromisoformat(updated)
    except ValueError:
        return None
    company_id = raw.get("company_id")
    # Plain `other_companies` are IDs only: viewing all tickets comes from the primary link.
    views_all = bool(company_id) and raw.get("view_all_tickets") is True
    links = (1 if company_id else 0) + len(others)
    email = get("email") or ""
    addresses = [email, *other_emails] if other_emails else [email]
    return raw["id"], addresses, links, views_all, get("deleted", False)
