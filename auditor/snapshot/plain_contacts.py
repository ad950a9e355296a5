"""Plain contact records: those `Contact` accepts as they are, recognised without it.

A contacts listing is a million records of one simple shape. A record of that shape
(`plain_row`, or a whole block of them, `plain_columns`) is checked here field by field,
at least as strictly as `records.parse` checks it (strict types: no bool for an int, no int
for a bool; timestamps that `datetime.fromisoformat` reads without help), so a record
accepted here is one the model accepts too. Any other record is left to `Contact`,
which names the field it refuses. A plain record that must be typed (it carries access)
is built by `typed_plain_contacts`, which gives the very object `Contact` would.
"""

import collections
import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditor.models import Contact, ContactId
from auditor.timestamps import parse_timestamp

_NO_ITEMS: list[Any] = []
_NoneType = type(None)
# `Contact`'s fields in its own order, what an absent one reads as, and the types a
# plain record may hold in it.
_FIELDS = (
    "id",
    "name",
    "email",
    "active",
    "other_emails",
    "company_id",
    "view_all_tickets",
    "other_companies",
    "deleted",
    "created_at",
    "updated_at",
)
_ABSENT = (None, None, None, None, _NO_ITEMS, None, None, _NO_ITEMS, False, None, None)
_ALLOWED: tuple[frozenset[type], ...] = (
    frozenset({int}),  # id
    frozenset({str}),  # name
    frozenset({str, _NoneType}),  # email
    frozenset({bool, _NoneType}),  # active
    frozenset({list}),  # other_emails
    frozenset({int, _NoneType}),  # company_id
    frozenset({bool, _NoneType}),  # view_all_tickets
    frozenset({list}),  # other_companies
    frozenset({bool}),  # deleted
    frozenset({str, _NoneType}),  # created_at
    frozenset({str, _NoneType}),  # updated_at
)
# Every tuple of types `_ALLOWED` permits, so one record is checked by one set lookup.
_PLAIN_TYPES = frozenset(itertools.product(*_ALLOWED))
# Where the timestamps begin in `_FIELDS`: the last two fields, text or None.
_STAMPS = _FIELDS.index("created_at")

# Timestamp texts that `datetime.fromisoformat` reads as they are, with the moment
# `parse_timestamp` (the model's own validator) makes of each. A listing repeats the
# same few thousand moments, so each text is parsed once per snapshot.
Moments = dict[str, datetime]


def plain_row(
    raw: dict[str, Any], moments: Moments
) -> tuple[int, list[str], int, bool, bool] | None:
    """(id, addresses, company links, views all tickets, deleted) of a record that
    `Contact` would accept as it is, or None for any record it must judge itself.
    A record accepted here has its timestamps in `moments`."""
    values = tuple(map(raw.get, _FIELDS, _ABSENT))
    if tuple(map(type, values)) not in _PLAIN_TYPES:
        return None
    contact_id, _, email, _, other_emails, company_id, view_all, others, deleted, *stamps = values
    if not _items_are_plain(other_emails, others) or not _known_moments(stamps, moments):
        return None
    # Plain `other_companies` are IDs only: viewing all tickets comes from the primary link.
    views_all = bool(company_id) and view_all is True
    links = (1 if company_id else 0) + len(others)
    addresses = [email or "", *other_emails] if other_emails else [email or ""]
    return contact_id, addresses, links, views_all, deleted


@dataclass(frozen=True)
class PlainColumns:
    """A block of plain records, one column per field of `_FIELDS` and per value of
    `plain_row`, in record order."""

    fields: list[Sequence[Any]]
    # The one order of keys every record of the block has, if they share one.
    order: tuple[str, ...] | None
    ids: list[ContactId]
    emails: Sequence[str | None]
    other_emails: Sequence[list[str]]
    links: list[int]
    views_all: list[bool]
    deleted: list[bool]

    def typed(self, chosen: Iterable[bool], moments: Moments) -> list[Contact]:
        """The `Contact` that `records.parse` returns for each chosen record (see
        `ChosenRows.typed`)."""
        rows = self.chosen(chosen)
        return [] if rows is None else rows.typed(moments)

    def chosen(self, chosen: Iterable[bool]) -> "ChosenRows | None":
        """The chosen records as columns, None if none is chosen."""
        return ChosenRows(self.fields).chosen(chosen)


@dataclass(frozen=True)
class ChosenRows:
    """Plain records of one block, chosen to be typed: a tuple per field of `_FIELDS`.
    A second process reading part of the file sends them whole (`contacts_split`): the
    columns are what typing needs, already checked, with no record to parse again."""

    fields: list[Sequence[Any]]

    @property
    def ids(self) -> Sequence[ContactId]:
        return self.fields[0]

    def column(self, name: str) -> Sequence[Any]:
        """The values of field `name` (one of `Contact`'s), a row at a time."""
        return self.fields[_FIELDS.index(name)]

    def __len__(self) -> int:
        return len(self.fields[0])

    def one(self, index: int) -> "ChosenRows":
        """The row at `index` alone."""
        return ChosenRows([(column[index],) for column in self.fields])

    def chosen(self, chosen: Iterable[bool]) -> "ChosenRows | None":
        """The chosen rows, None if none is chosen."""
        picked = list(itertools.compress(range(len(self)), chosen))
        if not picked:
            return None
        # The chosen items of each column at once (a quarter of a block, or none at all).
        pick = _picker(picked)
        return ChosenRows([pick(column) for column in self.fields])

    def typed(self, moments: Moments, chosen: Sequence[bool] | None = None) -> list[Contact]:
        """The `Contact` that `records.parse` returns for each record (each chosen one,
        with `chosen`), built without checking it again: a quarter of a million contacts
        can view all tickets, and checking each again costs more than reading it.

        Parsing a plain record changes nothing but its timestamps (parsed by the model's
        own `parse_timestamp`, in `moments`, which learns any it lacks), copies its lists
        and fills absent fields with their defaults. Each object is assembled as
        `records.parse` assembles one, its `__dict__` given every field, here a field at
        a time with C loops. tests/snapshot/test_plain_contacts.py holds the result equal
        to the parsed objects: values and field order.
        """
        if chosen is not None:
            rows = self.chosen(chosen)
            return [] if rows is None else rows.typed(moments)
        columns = list(self.fields)
        count = len(columns[0])
        for lists in (4, 7):  # other_emails, other_companies: a list of its own, as parsed
            columns[lists] = list(map(list, columns[lists]))
        stamps = {*columns[_STAMPS], *columns[_STAMPS + 1]}
        if not _known_moments(stamps, moments):
            raise ValueError("ChosenRows holds a timestamp that no plain record holds")
        for stamp in (_STAMPS, _STAMPS + 1):  # created_at, updated_at (`moments.get(None)`)
            columns[stamp] = list(map(moments.get, columns[stamp]))
        contacts = list(map(object.__new__, itertools.repeat(Contact, count)))
        collections.deque(
            map(
                object.__setattr__,
                contacts,
                itertools.repeat("__dict__"),
                map(_contact_fields, *columns),
            ),
            maxlen=0,
        )
        return contacts


def _contact_fields(
    id: Any,
    name: Any,
    email: Any,
    active: Any,
    other_emails: Any,
    company_id: Any,
    view_all_tickets: Any,
    other_companies: Any,
    deleted: Any,
    created_at: Any,
    updated_at: Any,
) -> dict[str, Any]:
    """A contact's fields by name, in `_FIELDS` order (tests hold the two orders equal).

    A dict display: twice as fast as `dict(zip(_FIELDS, values))`, and a quarter of a
    million contacts are typed so.
    """
    return {
        "id": id,
        "name": name,
        "email": email,
        "active": active,
        "other_emails": other_emails,
        "company_id": company_id,
        "view_all_tickets": view_all_tickets,
        "other_companies": other_companies,
        "deleted": deleted,
        "created_at": created_at,
        "updated_at": updated_at,
    }


def plain_columns(records: list[Any], moments: Moments) -> PlainColumns | None:
    """The columns of a block of records when every one is plain, else None (the caller
    then reads the block record by record, which finds and names the first bad one).

    The checks of `plain_row`, a field at a time: a field's column may hold only the
    types `_ALLOWED` permits there (which is what `_PLAIN_TYPES` demands of each
    record), the lists' items must be text and IDs, and every distinct timestamp must
    read. Columns are cut by `zip` and types collected by `map`: C loops, no Python code
    per record and field.
    """
    if set(map(type, records)) != {dict}:
        return None
    order = _shared_order(records)
    columns = _field_columns(records, order)
    # The timestamps' types are checked among their distinct texts, below: a block
    # holds a few of them, against hundreds of records.
    for column, allowed in zip(columns[:_STAMPS], _ALLOWED[:_STAMPS], strict=True):
        if not set(map(type, column)) <= allowed:
            return None
    ids, _, emails, _, other_emails, company, view_all, others, deleted, created, updated = columns
    if not _items_are_plain(_joined(other_emails), _joined(others)):
        return None
    try:
        stamps = {*created, *updated}
    except TypeError:
        return None  # a list or an object where a timestamp belongs
    if not all(type(text) is str for text in stamps if text is not None):
        return None
    if not _known_moments(stamps, moments):
        return None
    primary = list(map(bool, company))
    # Plain `other_companies` are IDs only: viewing all tickets comes from the primary link.
    views_all = list(
        map(operator.and_, primary, map(operator.is_, view_all, itertools.repeat(True)))
    )
    links = list(map(int, primary))
    if any(others):
        links = list(map(operator.add, links, map(len, others)))
    return PlainColumns(
        columns, order, list(ids), emails, other_emails, links, views_all, list(deleted)
    )


def typed_plain_contacts(records: list[dict[str, Any]], moments: Moments) -> list[Contact]:
    """`PlainColumns.typed` of every record, for records `plain_row` accepted."""
    columns = plain_columns(records, moments)
    if columns is None:
        raise ValueError("typed_plain_contacts takes only records plain_row accepts")
    return columns.typed(itertools.repeat(True, len(records)), moments)


def _shared_order(records: list[dict[str, Any]]) -> tuple[str, ...] | None:
    """The order of keys every record has, if they share one.

    The records' keys transposed (`zip` of dicts iterates their keys): with one length,
    each column of keys must hold one key only. orjson reuses one text object per key,
    so `count` mostly compares pointers: cheaper than a tuple of keys per record.
    """
    first = records[0]
    if set(map(len, records)) != {len(first)}:
        return None
    count = len(records)
    keys = zip(first, zip(*records, strict=True), strict=True)
    if all(column.count(key) == count for key, column in keys):
        return tuple(first)
    return None


def _field_columns(
    records: list[dict[str, Any]], order: tuple[str, ...] | None
) -> list[Sequence[Any]]:
    """One column per field of `_FIELDS`, an absent field read as `_ABSENT` says.

    The collector writes each record's keys in the order the API sent them, which is
    one `order` for a whole listing: then the columns are the records' values
    transposed. A block of several orders takes each record's fields by name.
    """
    if order is None:
        rows = [tuple(map(raw.get, _FIELDS, _ABSENT)) for raw in records]
        return list(zip(*rows, strict=True))
    by_key = dict(zip(order, zip(*map(dict.values, records), strict=True), strict=True))
    return [
        by_key.get(name) or (absent,) * len(records)
        for name, absent in zip(_FIELDS, _ABSENT, strict=True)
    ]


def _picker(indexes: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The items at `indexes` of a sequence, as a tuple (`itemgetter` of one index gives
    the item itself)."""
    if len(indexes) == 1:
        (index,) = indexes
        return lambda items: (items[index],)
    return operator.itemgetter(*indexes)


def _joined(lists: Sequence[list[Any]]) -> list[Any]:
    """The items of every list of a column (nearly always none at all)."""
    return list(itertools.chain.from_iterable(lists)) if any(lists) else _NO_ITEMS


def _items_are_plain(addresses: list[Any], companies: list[Any]) -> bool:
    """Other addresses are text and other companies bare IDs (objects are the model's)."""
    return all(type(a) is str for a in addresses) and all(type(c) is int for c in companies)


def _known_moments(texts: Any, moments: Moments) -> bool:
    """Whether `datetime.fromisoformat` reads every text (None is no timestamp); each
    one read joins `moments`."""
    for text in texts:
        if text is None or text in moments:
            continue
        try:
            datetime.fromisoformat(text)
            moment = parse_timestamp(text)
        except ValueError:
            return False  # the record's own check names it
        moments[text] = moment
    return True
