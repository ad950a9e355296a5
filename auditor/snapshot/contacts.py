"""Contacts as columns: a million contacts read without a million typed objects.

Only two things about a contact can matter to an access review: it may view all
tickets of a company (`view_all_tickets`, FD-BROAD-007), or one of its addresses is an
agent's (a duplicated identity, FD-HYG-003). Contacts with either are typed `Contact`
objects in `Account.contacts` and nodes of the identity graph; every contact, those
included, is a row of a `ContactTable` (typed arrays, a pandas DataFrame on request)
that the summary counts come from.

Every record is still checked as strictly as `Contact` would check it: a record of the
plain listing shape is checked field by field here, and any other record (an unknown
shape, a wrong type, objects in `other_companies`) goes through `Contact` itself, so a
malformed record fails with the same `RecordError` naming file, line and field.

A block of records (`add_block`) is checked and turned into columns a field at a time
(`plain_contacts.plain_columns`), with C loops instead of Python code per record; the
rows of contacts with a detail record are then taken from the detail. A block holding
any record that is not plain is read record by record instead, which keeps every error
and its order. A plain contact that carries access is typed from its block's columns
(`plain_contacts.ChosenRows.typed`), the very object `Contact` would make, when it is
first read (`typed_later`): a plain analysis reads few. A second process reading the end
of a large file (`contacts_split`) keeps the carried contacts untyped, a plain block's as
those columns and any other's as its listing record, which this process takes as its
own (`add_part`).
"""

import functools
import itertools
import operator
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from auditor.emails import identity_key
from auditor.errors import SnapshotError
from auditor.models import Contact, ContactId
from auditor.snapshot.carried_contacts import (
    ADDED_FIELDS,
    CarriedContacts,
    CarriedContactsBuilder,
)
from auditor.snapshot.plain_contacts import (
    ChosenRows,
    Moments,
    PlainColumns,
    plain_columns,
    plain_row,
    typed_plain_contacts,
)
from auditor.snapshot.typed_later import ContactsById, ContactsInOrder

if TYPE_CHECKING:
    import pandas as pd

# The columns of `ContactTable`: 64-bit IDs, 32-bit counts, and flags of one byte (0, 1).
TABLE_COLUMNS = ("id", "company_links", "views_all_tickets", "deleted", "carried")
_FLAGS = ("views_all_tickets", "deleted", "carried")

# A column: the standard library's typed array, not numpy's. Importing numpy costs a run
# 0.06-0.09 s before it reads anything, a sixth of the whole `json.loads` floor at a
# tenth of the benchmark's size, and every operation the columns need (append, join,
# count, one ordered pass) is a C loop on an `array` too.
Column: TypeAlias = "array[int]"  # a string: `array` takes no subscript before Python 3.12


@dataclass(frozen=True)
class ContactTable:
    """Every contact of the snapshot, one row each, ordered by ID: an array per column
    of `TABLE_COLUMNS`."""

    columns: dict[str, Column]

    @property
    def frame(self) -> "pd.DataFrame":
        """The columns as a pandas DataFrame, for analysis beyond the counts below.

        Built on request: importing pandas costs a quarter of a second that a run which
        only counts would spend for nothing (`auditor analyze` at a tenth of the size
        takes about two seconds in all).
        """
        import numpy as np
        import pandas as pd

        frame = {
            name: np.frombuffer(column, dtype=bool if name in _FLAGS else column.typecode)
            for name, column in self.columns.items()
        }
        return pd.DataFrame(frame, columns=list(TABLE_COLUMNS))

    @property
    def total(self) -> int:
        return len(self.columns["id"])

    @property
    def viewing_all_tickets(self) -> int:
        """Contacts that may view all tickets of at least one company."""
        return _count_set(self.columns["views_all_tickets"])

    @property
    def with_company(self) -> int:
        links = self.columns["company_links"]
        return len(links) - links.count(0)  # a count of companies: never below 0

    @property
    def deleted(self) -> int:
        return _count_set(self.columns["deleted"])

    @property
    def carried(self) -> int:
        """Contacts typed in `Account.contacts`: those that carry access."""
        return _count_set(self.columns["carried"])


# Listing records, each with its line number counted from the part's first line.
NumberedRecords = list[tuple[int, Any]]


@dataclass(frozen=True)
class ContactPart:
    """The rows a second process read from the end of the contacts file: an array per
    column of `TABLE_COLUMNS`, and its carried contacts in file order, a piece at a time:
    the chosen rows of a plain block, or listing records to type as `add` types them."""

    columns: dict[str, Column]
    carried: list[ChosenRows | NumberedRecords]


# Types one record, given with its line number (raising `RecordError`).
Validate = Callable[[Any, int], Contact]


@dataclass(frozen=True)
class RowTyper:
    """Types the carried rows of a plain block as the reader types them: the detail
    record of a row that has one, else its record typed. Apart from `ContactColumns`, so
    that a block typed when first read (`typed_later`) keeps alive only what typing
    needs, not the reader's buffers."""

    details: Mapping[ContactId, Contact]
    moments: Moments

    def rows(self, rows: ChosenRows) -> list[Contact]:
        """The contact of each row, in order."""
        detailed = self.detailed(rows.ids)
        if not detailed:
            return rows.typed(self.moments)
        typed = iter(rows.typed(self.moments, [i not in detailed for i in range(len(rows))]))
        return [detailed.get(index) or next(typed) for index in range(len(rows))]

    def row(self, rows: ChosenRows, index: int) -> Contact:
        """The contact of one row, as `rows` gives it."""
        detail = self.details.get(rows.ids[index])
        if detail is not None:
            return detail
        return rows.one(index).typed(self.moments)[0]

    def detailed(self, ids: Sequence[ContactId]) -> dict[int, Contact]:
        """The detail record of each row of a block that has one, by row."""
        details = self.details
        if not details or details.keys().isdisjoint(ids):
            return {}
        return {index: details[key] for index, key in enumerate(ids) if key in details}


class ContactColumns:
    """Collects the contacts listing record by record into columns.

    `agent_keys` are the agents' identity keys (`emails.identity_key`); `details` the
    `/contacts/{id}` records, which replace the listing record of the same ID (only the
    detail says which companies' tickets the contact may view).
    """

    def __init__(
        self,
        agent_keys: set[str],
        details: Mapping[ContactId, Contact],
        validate: Validate,
        *,
        type_carried: bool = True,
    ) -> None:
        self._validate = validate
        # False in a second process reading the end of the file (`contacts_split`): it
        # keeps its carried contacts as rows and records (`ContactPart.carried`), and the
        # first process types them (`add_part`), so no typed object crosses over.
        self._type_carried = type_carried
        self._carried_pieces: list[ChosenRows | NumberedRecords] = []
        self._agent_keys = agent_keys
        # The part after the last `@` of each key: an address elsewhere is no agent's.
        self._agent_domains = {key.rpartition("@")[2] for key in agent_keys}
        self._details = details
        self._ids: list[int] = []
        self._links: list[int] = []
        self._views_all: list[bool] = []
        self._deleted: list[bool] = []
        self._carried: list[bool] = []
        # Rows already made columns, in file order, before the rows above: those read
        # here before a second process's part, and the part.
        self._parts: list[dict[str, Column]] = []
        self._moments: Moments = {}
        self._typer = RowTyper(details, self._moments)
        # The carried contacts in file order, each plain block's typed when first read
        # (`typed_later`), and their IDs; as a dict once sorted, if they must be.
        self._in_order = ContactsInOrder()
        self._carried_ids: list[ContactId] = []
        self._sorted: dict[ContactId, Contact] | None = None
        # `contacts` as columns for the rules, a block at a time as they are read (see
        # `CarriedContactsBuilder`); dropped if the contacts must be sorted.
        self._carried_columns: CarriedContactsBuilder | None = CarriedContactsBuilder()

    @property
    def contacts(self) -> Mapping[ContactId, Contact]:
        """The contacts that carry access, by ID (after `table`: in ID order)."""
        if self._sorted is not None:
            return self._sorted
        return ContactsById(self._carried_ids, self._in_order)

    @property
    def agent_keys(self) -> frozenset[str]:
        """The agents' identity keys these columns tell carried contacts by."""
        return frozenset(self._agent_keys)

    def sibling(self) -> "ContactColumns":
        """Empty columns for the same agents and details that keep carried contacts
        untyped (`ContactPart.carried`): what a second process reading part of the file
        fills."""
        return ContactColumns(self._agent_keys, self._details, self._validate, type_carried=False)

    def add(self, raw: Any, line: int) -> None:
        """One listing record (of any JSON type) and its line number; the `validate` given
        at construction types it, raising `RecordError` when it is malformed."""
        row = plain_row(raw, self._moments) if type(raw) is dict else None
        if row is None:
            self._add_typed(self._validate(raw, line), raw, line)
            return
        contact_id, addresses, links, views_all, deleted = row
        detail = self._details.get(ContactId(contact_id))
        if detail is not None:
            self._add_typed(detail, raw, line)
            return
        if views_all or self._is_agent_address(addresses):
            if not self._type_carried:
                self._keep_record(line, raw)
                self._append(contact_id, links, views_all, deleted, carried=True)
                return
            self._add_typed(typed_plain_contacts([raw], self._moments)[0], raw, line)
            return
        self._append(contact_id, links, views_all, deleted, carried=False)

    def add_block(self, records: list[Any], first_line: int) -> None:
        """`add` of every record of a block (the first at `first_line`), done a column at a
        time when every record is plain."""
        columns = plain_columns(records, self._moments)
        if columns is None:
            for line, raw in enumerate(records, start=first_line):
                self.add(raw, line)
            return
        # Copies: the rows with a detail record are changed below.
        views_all, links, deleted = [*columns.views_all], [*columns.links], [*columns.deleted]
        carried = list(map(operator.or_, views_all, self._agent_addresses(columns)))
        # A real listing has a detail record for one contact in fifty or so, a few in
        # nearly every block: their rows are taken from the detail, the others stay columns.
        detailed = self._typer.detailed(columns.ids)
        for index, detail in detailed.items():
            views_all[index] = bool(detail.companies_viewing_all_tickets())
            links[index] = len(detail.company_ids())
            deleted[index] = detail.deleted
            carried[index] = views_all[index] or self._is_agent_address(
                [detail.email or "", *detail.other_emails]
            )
        rows = columns.chosen(carried)
        if rows is not None and not self._type_carried:
            self._carried_pieces.append(rows)
        elif rows is not None:
            self._keep_rows(rows)
        self._ids += columns.ids
        self._links += links
        self._views_all += views_all
        self._deleted += deleted
        self._carried += carried

    def _agent_addresses(self, columns: PlainColumns) -> list[bool]:
        """Whether each contact of a plain block has an address of an agent's.

        The text after the last `@` is taken and compared with the agents' domains for
        the whole column at once; only contacts whose domain is an agent's, or with more
        addresses, are checked in full.
        """
        emails, others = columns.emails, columns.other_emails
        if None in emails:
            tails = [email.rpartition("@")[2] if email else "" for email in emails]
        else:
            texts = cast("Sequence[str]", emails)
            tails = list(map(_AFTER_LAST_AT, map(str.rpartition, texts, itertools.repeat("@"))))
        # `_is_agent_address`'s first test, on the whole column.
        normal = map(str.lower, map(str.strip, tails))
        suspects = list(map(self._agent_domains.__contains__, normal))
        if any(others):
            suspects = list(map(operator.or_, suspects, map(bool, others)))
        found = [False] * len(emails)
        for index in itertools.compress(range(len(emails)), suspects):
            found[index] = self._is_agent_address([emails[index] or "", *others[index]])
        return found

    def _add_typed(self, contact: Contact, raw: Any, line: int) -> None:
        """A contact typed from listing record `raw` (at `line`), or its detail record."""
        detail = self._details.get(contact.id)
        if detail is not None:
            contact = detail
        views_all = bool(contact.companies_viewing_all_tickets())
        addresses = [contact.email or "", *contact.other_emails]
        carried = views_all or self._is_agent_address(addresses)
        if carried and self._type_carried:
            self._keep([contact])
        elif carried:
            self._keep_record(line, raw)
        self._append(
            contact.id, len(contact.company_ids()), views_all, contact.deleted, carried=carried
        )

    def _keep_record(self, line: int, raw: Any) -> None:
        """In a second process: the listing record of a carried contact, for `add_part`."""
        if self._carried_pieces and isinstance(self._carried_pieces[-1], list):
            self._carried_pieces[-1].append((line, raw))
        else:
            self._carried_pieces.append([(line, raw)])

    def part(self) -> "ContactPart":
        """What a second process read, for the first one's `add_part`."""
        return ContactPart(self._arrays(), self._carried_pieces)

    def add_part(self, part: "ContactPart", first_line: int) -> None:
        """The rows a second process read from the rest of the file (its first line at
        `first_line`), after every row read here; its carried contacts are typed here,
        each as `add` would have typed it."""
        self._parts += [self._take_rows(), part.columns]
        for piece in part.carried:
            if isinstance(piece, ChosenRows):
                self._keep_rows(piece)
            else:
                self._keep(self._typed([(first_line - 1 + line, raw) for line, raw in piece]))

    def _keep(self, contacts: list[Contact]) -> None:
        """The next contacts that carry access, in file order."""
        self._in_order.add(contacts)
        self._carried_ids += map(_ID, contacts)
        if self._carried_columns is not None:
            self._carried_columns.add(contacts)

    def _keep_rows(self, rows: ChosenRows) -> None:
        """The next contacts that carry access, the carried rows of a plain block: typed
        when one of them is first read (`typed_later`); their columns are taken now, from
        the rows, with the fields of a row's detail record where it has one."""
        self._in_order.add_later(
            len(rows),
            functools.partial(self._typer.rows, rows),
            functools.partial(self._typer.row, rows),
        )
        self._carried_ids += rows.ids
        if self._carried_columns is None:
            return
        columns = [list(rows.column(name)) for name in ADDED_FIELDS]
        for index, detail in self._typer.detailed(rows.ids).items():
            for column, name in zip(columns, ADDED_FIELDS, strict=True):
                column[index] = getattr(detail, name)
        self._carried_columns.add_fields(*columns)

    def carried_columns(self) -> CarriedContacts | None:
        """`contacts` as columns, after `table`; None if they had to be sorted (the graph
        then builds them from `contacts`)."""
        if self._carried_columns is None:
            return None
        return self._carried_columns.build(self._in_order)

    def _typed(self, records: list[tuple[int, Any]]) -> list[Contact]:
        """The `Contact` `add` keeps for each carried record, typed a block at a time as
        `add_block` types them (`RowTyper.rows`), or, in a block with a record that is not
        plain, as `add` types it (its detail record, or the record validated)."""
        contacts: list[Contact] = []
        details = self._details
        for start in range(0, len(records), _TYPED_BLOCK):
            block = records[start : start + _TYPED_BLOCK]
            raws = [raw for _, raw in block]
            columns = plain_columns(raws, self._moments)
            rows = None if columns is None else columns.chosen(itertools.repeat(True))
            if rows is not None:
                contacts += self._typer.rows(rows)
                continue
            for line, raw in block:
                row = plain_row(raw, self._moments) if type(raw) is dict else None
                if row is None:
                    contact = self._validate(raw, line)
                    contacts.append(details.get(contact.id, contact))
                    continue
                detail = details.get(ContactId(row[0]))
                contacts.append(detail or typed_plain_contacts([raw], self._moments)[0])
        return contacts

    def _arrays(self) -> dict[str, Column]:
        try:
            ids = array("q", self._ids)
        except OverflowError:
            raise _id_beyond_64_bits(self._ids) from None
        return {
            "id": ids,
            "company_links": array("i", self._links),
            "views_all_tickets": array("b", self._views_all),
            "deleted": array("b", self._deleted),
            "carried": array("b", self._carried),
        }

    def _take_rows(self) -> dict[str, Column]:
        """The rows read so far here, as columns, leaving none."""
        rows = self._arrays()
        for column in (self._ids, self._links, self._views_all, self._deleted, self._carried):
            column.clear()
        return rows

    def table(self, file_name: str) -> ContactTable:
        columns = self._arrays()
        if self._parts:
            chunks = [*self._parts, columns]
            columns = {name: _joined([chunk[name] for chunk in chunks]) for name in columns}
        ids = columns["id"]
        # The collector writes contacts in ID order, each once: then there is nothing to
        # sort or to look for twice (and `contacts`, filled in the same order, is sorted).
        if not all(map(operator.lt, ids, itertools.islice(ids, 1, None))):
            # Every carried contact typed: a file out of ID order is not the collector's.
            self._sorted = dict(sorted(dict(self.contacts.items()).items()))
            self._carried_columns = None
            order = sorted(range(len(ids)), key=ids.__getitem__)  # stable, as the rows came
            columns = {
                name: array(column.typecode, map(column.__getitem__, order))
                for name, column in columns.items()
            }
            ids = columns["id"]
            repeated = next(
                itertools.compress(ids, map(operator.eq, ids, itertools.islice(ids, 1, None))),
                None,
            )
            if repeated is not None:
                raise SnapshotError(
                    f"{file_name}: record id {repeated} appears twice. A snapshot "
                    "holds each record once; collect the account again."
                )
        return ContactTable(columns)

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


def _count_set(flags: Column) -> int:
    """How many of a column of flags (bytes of 0 or 1) are set: counted as bytes, a
    `memchr`-like scan instead of a Python number per row."""
    return flags.tobytes().count(1)


def _joined(chunks: list[Column]) -> Column:
    """One column of the chunks, in order (all of one type code)."""
    joined = array(chunks[0].typecode)
    for chunk in chunks:
        joined.extend(chunk)
    return joined


def _id_beyond_64_bits(ids: list[int]) -> SnapshotError:
    """The error for a contact ID that does not fit the table's 64-bit column."""
    odd = next(contact_id for contact_id in ids if not -(2**63) <= contact_id < 2**63)
    return SnapshotError(
        f"The contacts listing holds record id {odd}, which does not fit in 64 bits as "
        "every Freshdesk ID does: the snapshot was altered, or the server sent malformed "
        "data. Collect the account again."
    )


# Records typed at once by `_typed`: about a block's worth, as `add_block` types them.
_TYPED_BLOCK = 256

_ID = operator.attrgetter("id")

# The text after the last `@` of a `str.rpartition("@")`.
_AFTER_LAST_AT = operator.itemgetter(2)
