"""The contacts that carry access, as numbered columns a rule can sift without a pass
per contact.

A large B2C account carries hundreds of thousands of contacts (`Account.contacts`), and
two rules ask something of each: FD-BROAD-007 (is its domain one of its company's?) and
FD-HYG-003 (is its address an agent's?). Both answers depend on the primary address
only through its tail, the text after its last `@`, which most contacts share with
thousands of others. Python code per contact cost most of the rules' time, and reading
a contact at all is mostly waiting for its memory, so:

- the fields these rules read are taken from every contact once, with C loops (`map`
  over `vars`, `operator.itemgetter`, `str.rpartition`), a block of contacts at a time
  so that every loop over a block finds its contacts still in the processor's cache;
- each distinct tail and primary company is numbered as it is met, and a contact holds
  only those numbers (typed arrays);
- a rule asks its question once per distinct tail (`by_tail`) or (tail, company) pair
  (`by_tail_and_company`) and gets a list of flags, one per contact.

Only the flagged contacts, usually a few, reach the rule's per-contact Python code
(`where`), which stays exact: a flag may be wrong only towards looking at a contact that
then turns out not to matter.
"""

import itertools
import operator
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

from auditor.models import CompanyId, Contact
from auditor.snapshot.typed_later import ContactsInOrder

# One per contact. Lists and the standard library's arrays, not numpy's: see
# `contacts.Column` (numpy's import would cost more than every loop here at a tenth of
# a million contacts).
Flags = list[bool]
Codes: TypeAlias = "array[int]"  # a string: `array` takes no subscript before Python 3.12

# Contacts read per block: a few hundred kilobytes of records, which stay in the
# processor's cache while every field of the block is taken.
BLOCK = 256

# The contact fields `CarriedContactsBuilder.add_fields` takes, in its order.
ADDED_FIELDS = (
    "id",
    "name",
    "email",
    "company_id",
    "view_all_tickets",
    "other_companies",
    "other_emails",
)
_GETTERS = tuple(map(operator.itemgetter, ADDED_FIELDS))
_TAIL = operator.itemgetter(2)


@dataclass(frozen=True)
class CarriedContacts:
    """Columns of the carried contacts, one entry per contact in `Account.contacts` order.

    A contact's email tail is the text after the last `@` of its `email` as written
    (`" D@RESELLER.example "` gives `"RESELLER.example "`), the whole address when it
    has no `@`, and "" when the contact has no email.
    """

    # A list, or the reader's `typed_later.ContactsInOrder`, typed when first read.
    contacts: Sequence[Contact]
    ids: list[int]
    # For `graph.graphml`, which writes each contact that views all of a company's
    # tickets: names, emails ("" for none) and the `view_all_tickets` field's truth.
    names: list[str]
    emails: list[str]
    view_all_tickets: Flags
    # Each distinct tail once, and per contact the index of its tail in that list.
    tails: list[str]
    tail_codes: Codes
    # The primary company, `company_id`: 0 for none (None, which `Contact` treats as it
    # treats 0: no primary company), and 0 with `odd_company_ids` true for an ID that
    # does not fit 64 bits (no Freshdesk ID does, but it must not break a run).
    company_ids: Codes
    odd_company_ids: Flags
    # Whether `other_companies` / `other_emails` name anything: the columns above hold a
    # contact's primary company and email only.
    has_other_companies: Flags
    has_other_emails: Flags

    @classmethod
    def of(cls, contacts: Iterable[Contact]) -> "CarriedContacts":
        builder = CarriedContactsBuilder()
        records = list(contacts)
        for start in range(0, len(records), BLOCK):
            builder.add(records[start : start + BLOCK])
        return builder.build(records)

    def by_tail(self, judge: Callable[[str], bool]) -> Flags:
        """Per contact, `judge(its email tail)`, asked once per distinct tail."""
        verdicts = list(map(operator.truth, map(judge, self.tails)))
        return list(map(verdicts.__getitem__, self.tail_codes))

    def by_tail_and_company(self, judge: Callable[[str, CompanyId | None], bool]) -> Flags:
        """Per contact, `judge(its email tail, its primary company or None)`, asked once
        per distinct pair; true, unasked, for a company ID in `odd_company_ids`."""
        # Each distinct company, then each distinct pair, numbered as met (C loops); a
        # pair is one integer (the tail's number and the company's): no tuple per contact.
        company_codes, companies = _numbered(self.company_ids)
        width = len(companies)
        pairs = map(operator.mul, self.tail_codes, itertools.repeat(width))
        pair_codes, distinct = _numbered(list(map(operator.add, pairs, company_codes)))
        verdicts = [
            bool(judge(self.tails[pair // width], CompanyId(companies[pair % width]) or None))
            for pair in distinct
        ]
        return list(map(operator.or_, map(verdicts.__getitem__, pair_codes), self.odd_company_ids))

    def where(self, *flags: Flags) -> Iterator[Contact]:
        """The contacts, in order, for which any of `flags` is true."""
        indexes = flagged(len(self.contacts), *flags)
        if isinstance(self.contacts, ContactsInOrder):
            return self.contacts.pick(indexes)  # typed a block at a time where that pays
        return map(self.contacts.__getitem__, indexes)


class CarriedContactsBuilder:
    """`CarriedContacts.of`, a block of contacts at a time: the snapshot's reader adds
    each block as it reads it, a plain block's fields from its columns (`add_fields`)
    before any contact is typed, any other's from its typed contacts (`add`), so nothing
    takes a pass of its own over a quarter of a million objects."""

    def __init__(self) -> None:
        self._count = 0
        self._ids: list[int] = []
        self._names: list[str] = []
        self._emails: list[str] = []
        self._view_all_tickets: list[bool] = []
        # A value's number, given on first sight by `__missing__` calling the counter:
        # numbering in a C loop.
        self._tail_numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self._tail_codes: list[int] = []
        self._companies: list[int] = []
        self._has_other_companies: list[bool] = []
        self._has_other_emails: list[bool] = []

    def add(self, contacts: list[Contact]) -> None:
        """The next contacts, in `Account.contacts` order."""
        # A record keeps its fields in its `__dict__` (`vars`): an `itemgetter` on
        # it is a C call per contact, cheaper than `attrgetter`.
        fields = list(map(vars, contacts))
        self.add_fields(*(list(map(getter, fields)) for getter in _GETTERS))

    def add_fields(
        self,
        ids: Sequence[int],
        names: Sequence[str],
        emails: Sequence[str | None],
        companies: Sequence[int | None],
        view_all_tickets: Sequence[bool | None],
        other_companies: Sequence[list[Any]],
        other_emails: Sequence[list[str]],
    ) -> None:
        """The next contacts as the values of their fields (`ADDED_FIELDS`), a column per
        field, each as `Contact` holds it (the reader's columns of a plain block, before
        typing)."""
        # `str.rpartition` needs a string; the scan for None is a C loop too.
        if None in emails:
            emails = ["" if email is None else email for email in emails]
        texts = cast("Sequence[str]", emails)
        self._emails += texts
        tails = map(_TAIL, map(str.rpartition, texts, itertools.repeat("@")))
        self._tail_codes += map(self._tail_numbers.__getitem__, tails)
        if None in companies:
            companies = [0 if company is None else company for company in companies]
        self._companies += cast("Sequence[int]", companies)
        self._has_other_companies += map(operator.truth, other_companies)
        self._has_other_emails += map(operator.truth, other_emails)
        self._ids += ids
        self._names += names
        self._view_all_tickets += map(operator.truth, view_all_tickets)
        self._count += len(ids)

    def build(self, contacts: Sequence[Contact]) -> CarriedContacts:
        """The columns of `contacts`, the very contacts added, in order."""
        if len(contacts) != self._count:
            raise ValueError(f"{len(contacts)} contacts for columns of {self._count}")
        odd_company_ids = [False] * self._count
        try:
            company_ids = array("q", self._companies)
        except OverflowError:
            fits = [-(2**63) <= company < 2**63 for company in self._companies]
            kept = (c if f else 0 for c, f in zip(self._companies, fits, strict=True))
            company_ids = array("q", kept)
            odd_company_ids = [not fit for fit in fits]
        return CarriedContacts(
            contacts=contacts,
            ids=self._ids,
            names=self._names,
            emails=self._emails,
            view_all_tickets=self._view_all_tickets,
            # Dicts keep the order in which their keys came: the order of the numbers.
            tails=list(self._tail_numbers),
            tail_codes=array("q", self._tail_codes),
            company_ids=company_ids,
            odd_company_ids=odd_company_ids,
            has_other_companies=self._has_other_companies,
            has_other_emails=self._has_other_emails,
        )


def flagged(count: int, *flags: Flags) -> list[int]:
    """The indexes, in order, at which any of `flags` (each of `count` entries) is true.

    Few are: each list is searched by `itertools.compress`, a C loop, and only the
    indexes found reach Python code."""
    every = range(count)
    return sorted({index for some in flags for index in itertools.compress(every, some)})


def _numbered(values: Sequence[int]) -> tuple[list[int], list[int]]:
    """Each value's number (its distinct values numbered as met), and the distinct values
    by number."""
    numbers: defaultdict[int, int] = defaultdict(itertools.count().__next__)
    codes = list(map(numbers.__getitem__, values))
    return codes, list(numbers)
