"""The contacts that carry access, as columns a rule can sift without a pass per contact.

A large B2C account carries hundreds of thousands of contacts (`Account.contacts`), and
two rules ask something of each: FD-BROAD-007 (is its domain one of its company's?) and
FD-HYG-003 (is its address an agent's?). Both answers depend on the primary address
only through the text after its last `@` (its tail), which most contacts share with
thousands of others. So the few fields these rules read are taken from every contact
once, in C loops (`map`, `zip`, `operator.itemgetter`, `str.rpartition`), each distinct
tail and company is numbered, and a rule's question is asked once per distinct tail (or
(tail, company) pair) and spread back to the contacts as a numpy array of flags. Only
the flagged contacts, usually a few, reach the rule's per-contact Python code (`where`),
which stays exact: a flag may be wrong only towards looking at a contact that then turns
out not to matter.
"""

import operator
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from auditor.models import CompanyId, Contact

Flags = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.int64]
Value = TypeVar("Value", bound=Hashable)

# The fields `CarriedContacts.of` reads of each contact.
_FIELDS = operator.itemgetter("email", "company_id", "other_companies", "other_emails")


@dataclass(frozen=True)
class CarriedContacts:
    """Columns of the carried contacts, one entry per contact in `Account.contacts` order.

    A contact's email tail is the text after the last `@` of its `email` as written
    (`" D@RESELLER.example "` gives `"RESELLER.example "`), the whole address when it
    has no `@`, and "" when the contact has no email.
    """

    contacts: list[Contact]
    # Each distinct tail once, and per contact the index of its tail in that list.
    tails: list[str]
    tail_codes: Codes
    # Each distinct primary company ID (None: no primary company) once, and per contact
    # the index of its primary company in that list.
    companies: list[CompanyId | None]
    company_codes: Codes
    # Whether `other_companies` / `other_emails` name anything: the columns above hold a
    # contact's primary company and email only.
    has_other_companies: Flags
    has_other_emails: Flags

    @classmethod
    def of(cls, contacts: Iterable[Contact]) -> "CarriedContacts":
        records = list(contacts)
        if not records:
            empty = np.zeros(0, dtype=np.int64)
            return cls([], [], empty, [], empty, empty.astype(bool), empty.astype(bool))
        # Reading a contact is mostly waiting for its memory, so one pass takes the four
        # fields of each. A pydantic model keeps its fields in its `__dict__` (`vars`);
        # taking them from there with one `itemgetter` is a C call per contact, where
        # `attrgetter` costs a quarter more. `zip(*...)` turns the rows into columns.
        emails, company_ids, other_companies, other_emails = zip(
            *map(_FIELDS, map(vars, records)), strict=True
        )
        # `str.rpartition` needs a string; the scan for None is a C loop too, and the
        # Python loop that replaces None runs only when some contact has no email.
        if None in emails:
            emails = tuple("" if email is None else email for email in emails)
        tails, tail_codes = _numbered(
            map(operator.itemgetter(2), map(str.rpartition, emails, repeat("@")))
        )
        companies, company_codes = _numbered(company_ids)
        return cls(
            contacts=records,
            tails=tails,
            tail_codes=tail_codes,
            companies=companies,
            company_codes=company_codes,
            has_other_companies=_flags(map(operator.truth, other_companies), len(records)),
            has_other_emails=_flags(map(operator.truth, other_emails), len(records)),
        )

    def by_tail(self, judge: Callable[[str], bool]) -> Flags:
        """Per contact, `judge(its email tail)`, asked once per distinct tail."""
        verdicts = _flags(map(judge, self.tails), len(self.tails))
        return verdicts[self.tail_codes]

    def by_tail_and_company(self, judge: Callable[[str, CompanyId | None], bool]) -> Flags:
        """Per contact, `judge(its email tail, its primary company)`, asked once per
        distinct pair."""
        # A pair as one integer: no tuple per contact, and numpy finds the distinct ones.
        width = len(self.companies)
        pairs, pair_codes = np.unique(
            self.tail_codes * width + self.company_codes, return_inverse=True
        )
        verdicts = _flags(
            (
                judge(self.tails[pair // width], self.companies[pair % width])
                for pair in pairs.tolist()
            ),
            len(pairs),
        )
        flags: Flags = verdicts[pair_codes]
        return flags

    def where(self, *flags: Flags) -> Iterator[Contact]:
        """The contacts, in order, for which any of `flags` is true."""
        chosen = np.logical_or.reduce(flags) if flags else np.zeros(len(self.contacts), bool)
        return map(self.contacts.__getitem__, np.flatnonzero(chosen).tolist())


def _numbered(values: Iterable[Value]) -> tuple[list[Value], Codes]:
    """Each distinct value once, in order of first appearance, and per value its index
    in that list: dict look-ups in a C loop."""
    column: Sequence[Value] = values if isinstance(values, Sequence) else list(values)
    distinct = list(dict.fromkeys(column))
    index = {value: number for number, value in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, column), dtype=np.int64, count=len(column))
    return distinct, codes


def _flags(values: Iterable[bool], count: int) -> Flags:
    return np.fromiter(values, dtype=np.bool_, count=count)
