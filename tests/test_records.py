"""`records.parse`: JSON records into frozen dataclasses, as strictly as JSON's own types.

Small record classes of this file's own cover each kind of annotation the records layer
reads; the API's and the manifest's classes are held to it by their own tests.
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

import pytest

from auditor.models import Contact, OtherCompany
from auditor.records import NOT_READ, Invalid, Parsed, Record, parse, to_json
from auditor.snapshot.manifest import KeyOwner
from auditor.timestamps import parse_timestamp


@dataclass(frozen=True, kw_only=True)
class Inner(Record):
    flag: bool
    label: str | None = None


def _even(value: object) -> int:
    if type(value) is not int or value % 2:
        raise ValueError(f"must be an even integer, not {value!r}")
    return value


@dataclass(frozen=True, kw_only=True)
class Outer(Record):
    number: int
    name: str = ""
    tags: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    status: Literal["open", "closed"] = "open"
    inner: Inner | None = None
    either: int | Inner = 0
    even: Annotated[int, Parsed(_even)] = 0
    moment: Annotated[datetime, Parsed(parse_timestamp)] | None = None
    anything: Any = None
    set_here: bool = field(default=False, metadata=NOT_READ)


@dataclass(frozen=True, kw_only=True)
class Closed(Record):
    UNKNOWN_FIELDS: ClassVar[Literal["ignore", "refuse"]] = "refuse"

    number: int


def _problem(raw: Any, kind: type[Record] = Outer) -> Invalid:
    with pytest.raises(Invalid) as error:
        parse(kind, raw)
    return error.value


def test_a_record_takes_each_field_it_names_and_the_defaults_of_the_others() -> None:
    outer = parse(Outer, {"number": 3, "tags": ["a"], "inner": {"flag": True}, "status": "closed"})
    assert outer == Outer(number=3, tags=["a"], inner=Inner(flag=True), status="closed")
    assert list(vars(outer)) == [f.name for f in dataclasses.fields(Outer)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        outer.number = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "location", "problem"),
    [
        ({"number": True}, ("number",), "must be an integer, not True"),
        ({"number": 3.0}, ("number",), "must be an integer, not 3.0"),
        ({"number": "3"}, ("number",), "must be an integer, not '3'"),
        ({"number": 1, "name": 5}, ("name",), "must be a string, not 5"),
        ({"number": 1, "name": None}, ("name",), "must be a string, not None"),
        ({"number": 1, "inner": {"flag": 1}}, ("inner", "flag"), "must be true or false, not 1"),
        ({"number": 1, "tags": "a,b"}, ("tags",), "must be an array, not 'a,b'"),
        ({"number": 1, "tags": ["a", 2]}, ("tags", 1), "must be a string, not 2"),
        ({"number": 1, "scores": {"x": "1"}}, ("scores", "x"), "must be an integer, not '1'"),
        ({"number": 1, "scores": [1]}, ("scores",), "must be an object, not an array"),
        (
            {"number": 1, "status": "OPEN"},
            ("status",),
            "must be one of 'open', 'closed', not 'OPEN'",
        ),
        ({"number": 1, "inner": []}, ("inner",), "must be a JSON object, not an array"),
        ({"number": 1, "even": 3}, ("even",), "must be an even integer, not 3"),
        (
            {"number": 1, "moment": "yesterday"},
            ("moment",),
            "is not an ISO 8601 timestamp: 'yesterday'",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_and_its_field_named(
    raw: dict[str, Any], location: tuple[str | int, ...], problem: str
) -> None:
    error = _problem(raw)
    assert (error.location, error.problem, error.missing) == (location, problem, False)
    assert error.field == ".".join(map(str, location))


def test_a_missing_field_without_a_default_is_named_as_missing() -> None:
    error = _problem({"name": "x"})
    assert (error.field, error.problem, error.missing) == (
        "number",
        "is required but missing",
        True,
    )
    nested = _problem({"number": 1, "inner": {"label": "x"}})
    assert (nested.field, nested.missing) == ("inner.flag", True)


def test_a_record_that_is_not_an_object_is_refused_whole() -> None:
    for raw in ([], "x", None, 5):
        assert _problem(raw).field == "(record)"


def test_a_union_takes_the_first_kind_that_fits_and_names_the_deepest_problem() -> None:
    assert parse(Outer, {"number": 1, "either": 5}).either == 5
    assert parse(Outer, {"number": 1, "either": {"flag": False}}).either == Inner(flag=False)
    assert _problem({"number": 1, "either": {"flag": "no"}}).field == "either.flag"
    assert _problem({"number": 1, "either": True}).problem == "must be an integer, not True"


def test_null_is_taken_only_where_the_type_allows_it() -> None:
    assert parse(Outer, {"number": 1, "inner": None, "moment": None}).inner is None
    assert _problem({"number": 1, "either": None}).field == "either"


def test_each_record_gets_lists_of_its_own() -> None:
    tags = ["a"]
    first, second = parse(Outer, {"number": 1, "tags": tags}), parse(Outer, {"number": 2})
    assert first.tags == tags
    assert first.tags is not tags
    assert second.tags == []
    assert second.tags is not parse(Outer, {"number": 3}).tags


def test_unknown_fields_are_left_out_or_refused_as_the_class_says() -> None:
    assert parse(Outer, {"number": 1, "new_in_the_api": {"x": 1}}) == Outer(number=1)
    assert parse(Closed, {"number": 1}) == Closed(number=1)
    error = _problem({"number": 1, "zeta": 0, "alpha": 0}, Closed)
    assert (error.field, error.problem) == ("alpha", "is not a field of Closed")


def test_a_field_the_auditor_sets_itself_is_never_read() -> None:
    assert parse(Outer, {"number": 1, "set_here": True}).set_here is False

    @dataclass(frozen=True, kw_only=True)
    class Noted(Record):
        notes: list[str] = field(default_factory=list, metadata=NOT_READ)

    assert parse(Noted, {"notes": ["from the record"]}).notes == []


def test_timestamps_become_utc_and_any_json_value_is_taken_where_any_is_allowed() -> None:
    outer = parse(Outer, {"number": 1, "moment": "2026-03-01T15:30:00+05:30", "anything": [1]})
    assert outer.moment == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert outer.anything == [1]


def test_to_json_gives_a_record_back_as_json_values_in_field_order() -> None:
    outer = parse(Outer, {"number": 1, "inner": {"flag": True}, "moment": "2026-03-01T10:00:00Z"})
    document = to_json(outer)
    assert list(document) == [f.name for f in dataclasses.fields(Outer)]
    assert document["inner"] == {"flag": True, "label": None}
    assert document["moment"] == "2026-03-01T10:00:00Z"
    assert to_json(KeyOwner(id=1, name="Ann", email="ann@acme.example")) == {
        "id": 1,
        "name": "Ann",
        "email": "ann@acme.example",
    }


def test_the_api_classes_read_their_unions_as_the_api_sends_them() -> None:
    contact = parse(Contact, {"id": 1, "name": "C", "other_companies": [4, {"company_id": 5}]})
    assert contact.other_companies == [4, OtherCompany(company_id=5)]
    bad = _problem({"id": 1, "name": "C", "other_companies": [True]}, Contact)
    assert bad.field == "other_companies.0"


def test_a_class_with_a_type_the_layer_cannot_read_fails_at_once() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Odd(Record):
        ratio: float

    with pytest.raises(TypeError, match="cannot read a field of type"):
        parse(Odd, {"ratio": 1.5})
