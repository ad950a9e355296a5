"""Plain contacts read a block at a time: exactly what `Contact` makes of them, and
nothing `Contact` refuses."""

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.models import Contact
from auditor.records import Invalid, parse
from auditor.snapshot.plain_contacts import (
    ChosenRows,
    Moments,
    plain_columns,
    plain_row,
    typed_plain_contacts,
)
from tests.builders import contact


def _plain_records() -> list[dict[str, Any]]:
    """Plain records of every variety the typed objects must reproduce."""
    sparse = {"id": 20, "name": "Only a name"}
    return [
        contact(1),
        contact(2, company_id=7, view_all_tickets=True, deleted=True),
        {**contact(3, other_emails=["a@x.example", "b@y.example"]), "email": None},
        contact(4, other_companies=[8, 9], created_at="2025-06-01T09:00:00+05:30"),
        contact(5, company_id=0, active=None, view_all_tickets=None, updated_at=None),
        contact(6, custom_fields={"tier": "gold"}, phone=None),
        sparse,
        {"extra_first": [1, {"b": None}], **contact(21)},
    ]


def _expect_same_object(built: Contact, validated: Contact) -> None:
    assert built == validated
    assert list(built.__dict__.items()) == list(validated.__dict__.items())
    assert type(built) is type(validated)
    assert type(built.created_at) is type(validated.created_at)


@pytest.mark.parametrize("shared_order", [True, False])
def test_typed_plain_contacts_are_the_objects_validation_makes(shared_order: bool) -> None:
    records = _plain_records()
    if shared_order:
        records = [contact(i, company_id=i % 3 or None, deleted=bool(i % 2)) for i in range(30)]
    moments: Moments = {}
    columns = plain_columns([dict(r) for r in records], moments)
    assert columns is not None
    assert (columns.order is not None) is shared_order
    built = columns.typed([True] * len(records), moments)
    for made, raw in zip(built, records, strict=True):
        _expect_same_object(made, parse(Contact, raw))


def test_typed_contacts_own_their_lists() -> None:
    """Parsing copies a record's lists; so must the object built without it."""
    raw = contact(3, other_emails=["a@x.example"], other_companies=[4])
    (built,) = typed_plain_contacts([raw], {})
    assert built.other_emails == ["a@x.example"]
    assert built.other_emails is not raw["other_emails"]
    assert built.other_companies is not raw["other_companies"]
    absent = {"id": 1, "name": "n"}
    first, second = typed_plain_contacts([dict(absent), dict(absent, id=2)], {})
    assert first.other_emails == []
    assert first.other_emails is not second.other_emails


def test_only_the_chosen_records_are_typed() -> None:
    records = [contact(i) for i in range(5)]
    moments: Moments = {}
    columns = plain_columns(records, moments)
    assert columns is not None
    typed = columns.typed([False, True, False, False, True], moments)
    assert [c.id for c in typed] == [1, 4]
    assert [c.id for c in columns.typed([False, False, True, False, False], moments)] == [2]
    assert columns.typed([False] * 5, moments) == []


@pytest.mark.parametrize("shared_order", [True, False])
def test_chosen_rows_sent_to_another_process_type_the_same_objects(shared_order: bool) -> None:
    """A second reader sends the chosen rows pickled (`contacts_split`); the first types
    them with moments of its own, which have not seen their timestamps yet."""
    records = _plain_records()
    if shared_order:
        records = [contact(i, created_at=f"2025-06-{1 + i:02}T09:00:00Z") for i in range(20)]
    columns = plain_columns([dict(r) for r in records], {})
    assert columns is not None
    chosen = [index % 3 != 1 for index in range(len(records))]
    rows = columns.chosen(chosen)
    assert rows is not None
    received: ChosenRows = pickle.loads(pickle.dumps(rows))
    moments: Moments = {}
    built = received.typed(moments)
    picked = [r for r, pick in zip(records, chosen, strict=True) if pick]
    expected = [parse(Contact, r) for r in picked]
    assert len(built) == len(expected)
    for made, validated in zip(built, expected, strict=True):
        _expect_same_object(made, validated)
    assert set(moments) >= {r["created_at"] for r in picked if "created_at" in r}
    fewer = received.typed(moments, [index % 2 == 0 for index in range(len(received))])
    assert [c.id for c in fewer] == [c.id for c in expected][::2]


@pytest.mark.parametrize(
    "change",
    [
        {"id": True},
        {"id": 1.0},
        {"name": None},
        {"email": 5},
        {"active": 1},
        {"other_emails": [1]},
        {"other_emails": None},
        {"company_id": "7"},
        {"company_id": False},
        {"view_all_tickets": "yes"},
        {"other_companies": [True]},
        {"other_companies": [{"company_id": 2}]},
        {"deleted": None},
        {"created_at": "yesterday"},
        {"created_at": " 2025-06-01T09:00:00Z "},
        {"updated_at": 5},
        {"updated_at": ["2025-06-01T09:00:00Z"]},
        {"created_at": {"at": "2025-06-01T09:00:00Z"}},
    ],
)
def test_a_block_holding_one_record_that_is_not_plain_is_left_to_the_model(
    change: dict[str, Any],
) -> None:
    """One such record anywhere in a block sends the whole block record by record, and
    the record-level check refuses it too."""
    odd = contact(99)
    odd.update(change)
    records = [contact(i) for i in range(10)]
    for block in ([*records, odd], [odd, *records], [*records[:5], odd, *records[5:]]):
        assert plain_columns(block, {}) is None
    assert plain_row(odd, {}) is None
    missing = contact(99)
    del missing["name"]
    assert plain_columns([*records, missing], {}) is None
    assert plain_columns([*records, [1, 2]], {}) is None


_ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
_STAMP = st.sampled_from(
    ["2025-06-01T09:00:00Z", "2025-06-01T09:00:00+05:30", "2025-06-01", "tomorrow", ""]
)
_FIELD_VALUES = {
    "id": st.integers() | st.booleans() | st.none(),
    "name": st.text(max_size=5) | st.none() | st.integers(),
    "email": st.text(max_size=8) | st.none() | st.booleans(),
    "active": st.booleans() | st.none() | st.integers(0, 1),
    "other_emails": st.lists(st.text(max_size=5) | st.integers(), max_size=2) | st.none(),
    "company_id": st.integers() | st.none() | st.booleans() | st.text(max_size=2),
    "view_all_tickets": st.booleans() | st.none() | st.integers(0, 1),
    "other_companies": st.lists(
        st.integers() | st.booleans() | st.fixed_dictionaries({"company_id": st.integers()}),
        max_size=2,
    ),
    "deleted": st.booleans() | st.none() | st.integers(0, 1),
    "created_at": _STAMP | st.none() | st.integers(),
    "updated_at": _STAMP | st.none(),
    "custom": _ANY_JSON,
}
_RECORDS = st.dictionaries(
    st.sampled_from(sorted(_FIELD_VALUES)), st.none(), min_size=0, max_size=len(_FIELD_VALUES)
).flatmap(lambda keys: st.fixed_dictionaries({k: _FIELD_VALUES[k] for k in keys}))


def _validated(raw: dict[str, Any]) -> Contact | None:
    try:
        return parse(Contact, raw)
    except Invalid:
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(_RECORDS, min_size=1, max_size=4))
def test_the_block_check_accepts_only_what_the_model_accepts_and_builds_what_it_builds(
    records: list[dict[str, Any]],
) -> None:
    moments: Moments = {}
    columns = plain_columns(records, moments)
    # A block is plain exactly when each of its records is plain on its own.
    assert (columns is not None) == all(plain_row(dict(r), {}) is not None for r in records)
    if columns is None:
        return
    for made, raw in zip(columns.typed([True] * len(records), moments), records, strict=True):
        validated = _validated(raw)
        assert validated is not None, raw  # the fast path never takes what the model refuses
        _expect_same_object(made, validated)


@pytest.mark.parametrize(
    ("records", "order"),
    [
        ([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}], ("id", "name")),
        # Two fields of one type in another order: transposed as the first, both would
        # still look plain, with the second record's name and email swapped.
        ([{"id": 1, "name": "a", "email": "e"}, {"id": 2, "email": "f", "name": "b"}], None),
        ([{"id": 1, "name": "a", "email": "e"}, {"id": 2, "name": "b", "active": True}], None),
        ([{"id": 1, "name": "a"}, {"id": 2, "name": "b", "email": None}], None),
    ],
)
def test_a_block_shares_a_key_order_only_when_every_record_has_it(
    records: list[dict[str, Any]], order: tuple[str, ...] | None
) -> None:
    moments: Moments = {}
    columns = plain_columns(records, moments)
    assert columns is not None
    assert columns.order == order
    for made, raw in zip(columns.typed([True] * len(records), moments), records, strict=True):
        _expect_same_object(made, parse(Contact, raw))
