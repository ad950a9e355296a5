"""`CarriedContacts`: its columns and flags say what reading each contact says.

The columns are taken a block of contacts at a time with C loops, and a question is
asked once per distinct value; each test compares that with the plain per-contact
reading, on contacts built to hit the odd cases (no email, no `@`, no company, an ID
beyond 64 bits, other companies and emails) and across block boundaries.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import auditor.snapshot.carried_contacts as carried_contacts
from auditor.models import CompanyId, Contact, OtherCompany
from auditor.snapshot.carried_contacts import CarriedContacts
from tests.contact_strategies import contact_lists

EMAILS = st.one_of(
    st.none(),
    st.sampled_from(
        ["a@x.example", "B@X.EXAMPLE ", "c@y.example", "no-at", "", "d@", "@x.example"]
    ),
    st.text(alphabet="ab@. X", max_size=8),
)
COMPANY_IDS = st.one_of(st.none(), st.sampled_from([0, 5, 6, 2**63, -(2**63) - 1]))


def contacts() -> st.SearchStrategy[list[Contact]]:
    return contact_lists(
        emails=EMAILS,
        company_ids=COMPANY_IDS,
        other_companies=st.lists(
            st.builds(OtherCompany, company_id=st.sampled_from([5, 7])), max_size=2
        ),
        other_emails=st.lists(st.sampled_from(["o@x.example", "P@z.example"]), max_size=2),
        max_count=12,
    )


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Blocks of three contacts, so that most cases span several blocks.
    monkeypatch.setattr(carried_contacts, "BLOCK", 3)


def _tail(contact: Contact) -> str:
    return (contact.email or "").rpartition("@")[2]


def _fits(company_id: int | None) -> bool:
    return company_id is None or -(2**63) <= company_id < 2**63


@settings(max_examples=100, deadline=None)
@given(contacts())
def test_columns_hold_what_each_contact_holds(records: list[Contact]) -> None:
    columns = CarriedContacts.of(records)
    assert columns.contacts == records
    assert [columns.tails[code] for code in columns.tail_codes] == list(map(_tail, records))
    assert list(columns.company_ids) == [
        (c.company_id or 0) if _fits(c.company_id) else 0 for c in records
    ]
    assert columns.odd_company_ids == [not _fits(c.company_id) for c in records]
    assert columns.has_other_companies == [bool(c.other_companies) for c in records]
    assert columns.has_other_emails == [bool(c.other_emails) for c in records]
    assert columns.ids == [c.id for c in records]
    assert columns.names == [c.name for c in records]
    assert columns.emails == [c.email or "" for c in records]
    assert columns.view_all_tickets == [bool(c.view_all_tickets) for c in records]


@settings(max_examples=100, deadline=None)
@given(contacts(), st.sets(st.sampled_from(["x.example", "X.EXAMPLE ", "", "no-at", "y.example"])))
def test_by_tail_is_the_judge_of_each_contact(records: list[Contact], chosen: set[str]) -> None:
    asked: list[str] = []

    def judge(tail: str) -> bool:
        asked.append(tail)
        return tail in chosen

    flags = CarriedContacts.of(records).by_tail(judge)
    assert flags == [_tail(c) in chosen for c in records]
    assert len(asked) == len(set(asked))  # once per distinct tail


@settings(max_examples=100, deadline=None)
@given(
    contacts(),
    st.sets(st.tuples(st.sampled_from(["x.example", "y.example", "no-at"]), COMPANY_IDS)),
)
def test_by_tail_and_company_is_the_judge_of_each_contact(
    records: list[Contact], chosen: set[tuple[str, int | None]]
) -> None:
    asked: list[tuple[str, CompanyId | None]] = []

    def judge(tail: str, company_id: CompanyId | None) -> bool:
        asked.append((tail, company_id))
        return (tail, company_id) in chosen

    flags = CarriedContacts.of(records).by_tail_and_company(judge)
    expected = [
        # An ID beyond 64 bits is flagged unasked; no company (None or 0) is asked as None.
        not _fits(c.company_id) or (_tail(c), c.company_id or None) in chosen
        for c in records
    ]
    assert flags == expected
    assert len(asked) == len(set(asked))  # once per distinct pair
    assert all(_fits(company_id) for _, company_id in asked)


@given(contacts(), st.data())
def test_where_keeps_the_order_of_the_contacts(records: list[Contact], data: st.DataObject) -> None:
    columns = CarriedContacts.of(records)
    first = data.draw(st.lists(st.booleans(), min_size=len(records), max_size=len(records)))
    second = data.draw(st.lists(st.booleans(), min_size=len(records), max_size=len(records)))
    chosen = list(columns.where(first, second))
    assert chosen == [c for c, a, b in zip(records, first, second, strict=True) if a or b]


def test_no_contacts_make_empty_columns() -> None:
    columns = CarriedContacts.of([])
    assert columns.tails == []
    assert columns.by_tail(lambda tail: True) == []
    assert columns.by_tail_and_company(lambda tail, company: True) == []
    assert list(columns.where(columns.has_other_emails)) == []
