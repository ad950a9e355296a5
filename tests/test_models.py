"""Agent records of both shapes become the same model; state follows SPEC "Agent state"."""

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.models import Agent, AgentState, Contact, TicketScope
from auditor.records import Invalid, parse
from auditor.timestamps import format_timestamp, parse_timestamp
from tests.builders import ADMIN, agent, contact


def test_seed_and_real_shapes_normalise_to_the_same_agent() -> None:
    common = {
        "name": "Zoë O'Brien",
        "email": "zoe@acme.example",
        "role_ids": [ADMIN],
        "group_ids": [7],
        "scope": 1,
        "last_login_at": "2026-09-01T10:00:00Z",
    }
    seed = parse(Agent, agent(12, shape="seed", **common))
    real = parse(Agent, agent(12, shape="real", **common))
    for field in ("id", "name", "email", "role_ids", "group_ids", "ticket_scope", "last_login_at"):
        assert getattr(seed, field) == getattr(real, field), field
    assert seed.state == real.state == AgentState.ACTIVE
    assert real.ticket_scope is TicketScope.GLOBAL


def test_unknown_fields_are_accepted_and_left_out() -> None:
    record = agent(1, focus_mode=True, skill_ids=[3], brand_new_field={"x": 1})
    model = parse(Agent, record)
    assert model == parse(Agent, agent(1))
    assert not hasattr(model, "brand_new_field")


def test_a_field_the_loader_sets_is_never_read_from_a_record() -> None:
    # `listed_inactive` says which listing the agent came from: a record cannot claim it.
    assert parse(Agent, agent(1, listed_inactive=True)).listed_inactive is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-01T10:00:00Z", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T15:30:00+05:30", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T02:00:00-08:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01T10:00:00.123456Z", datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)),
        ("2026-03-01T10:00:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("20260301T100000Z", datetime(2026, 3, 1, 10, tzinfo=UTC)),
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
    ],
)
def test_timestamps_of_any_iso_8601_form_become_utc(raw: str, expected: datetime) -> None:
    assert parse_timestamp(raw) == expected
    assert parse(Agent, agent(1, created_at=raw)).created_at == expected


def test_timestamps_are_written_in_one_form() -> None:
    assert format_timestamp(parse_timestamp("2026-03-01T15:30:00+05:30")) == "2026-03-01T10:00:00Z"


@pytest.mark.parametrize(
    "bad",
    [
        "yesterday",
        "2026-13-01T00:00:00Z",
        1700000000,
        "",
        # Readable, but before year 1 or after 9999 once in UTC.
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
    ],
)
def test_a_timestamp_that_is_not_iso_8601_is_rejected(bad: object) -> None:
    with pytest.raises(Invalid) as error:
        parse(Agent, agent(1, created_at=bad))
    assert error.value.location == ("created_at",)


@pytest.mark.parametrize(
    ("overrides", "state"),
    [
        ({}, AgentState.ACTIVE),
        ({"active": False, "last_login_at": None}, AgentState.PENDING),
        ({"active": False}, AgentState.DEACTIVATED),
        ({"deactivated": True, "last_login_at": None}, AgentState.DEACTIVATED),
        ({"deactivated": False}, AgentState.ACTIVE),
        # Active but never logged in is still active (dormancy is a rule, not a state).
        ({"last_login_at": None}, AgentState.ACTIVE),
    ],
)
@pytest.mark.parametrize("shape", ["real", "seed"])
def test_state_follows_the_spec(
    overrides: dict[str, object], state: AgentState, shape: str
) -> None:
    model = parse(Agent, agent(5, shape=shape, **overrides))  # type: ignore[arg-type]
    assert model.state is state


def test_an_agent_from_the_inactive_listing_is_inactive_whatever_its_flags_say() -> None:
    listed = dataclasses.replace(parse(Agent, agent(5)), listed_inactive=True)
    assert listed.state is AgentState.DEACTIVATED
    never = parse(Agent, agent(5, last_login_at=None))
    assert dataclasses.replace(never, listed_inactive=True).state is AgentState.PENDING


def test_top_level_active_false_makes_a_real_shape_record_inactive() -> None:
    assert parse(Agent, agent(5, active=False)).state is AgentState.DEACTIVATED
    record = agent(5)
    record["active"] = False  # real record with a top-level flag as well as contact.active
    assert parse(Agent, record).state is AgentState.DEACTIVATED


def test_last_seen_is_creation_for_an_agent_that_never_logged_in() -> None:
    model = parse(Agent, agent(5, last_login_at=None, created_at="2026-01-02T00:00:00Z"))
    assert model.last_seen == datetime(2026, 1, 2, tzinfo=UTC)


def test_a_login_older_than_the_agent_is_not_when_it_was_last_seen() -> None:
    created = "2026-06-01T00:00:00Z"
    model = parse(Agent, agent(5, created_at=created, last_login_at="2026-01-01T00:00:00Z"))
    assert not model.logged_in_as_agent
    assert model.last_seen == datetime(2026, 6, 1, tzinfo=UTC)
    assert model.state is AgentState.ACTIVE


@pytest.mark.parametrize(
    ("mutation", "location"),
    [
        (lambda r: r.pop("id"), ("id",)),
        (lambda r: r.update(id="12"), ("id",)),
        (lambda r: r.update(ticket_scope=4), ("ticket_scope",)),
        (lambda r: r.update(ticket_scope="1"), ("ticket_scope",)),
        (lambda r: r.update(role_ids="1,2"), ("role_ids",)),
        (lambda r: r.update(occasional="no"), ("occasional",)),
        (lambda r: r["contact"].pop("email"), ("email",)),
        (lambda r: r["contact"].update(active="yes"), ("contact", "active")),
    ],
)
def test_a_malformed_record_names_the_field(
    mutation: Callable[[dict[str, Any]], object], location: tuple[str, ...]
) -> None:
    record = agent(9)
    mutation(record)
    with pytest.raises(Invalid) as error:
        parse(Agent, record)
    assert error.value.location == location


def test_contact_companies_with_view_all_tickets() -> None:
    model = parse(
        Contact,
        contact(
            3,
            company_id=10,
            view_all_tickets=True,
            other_companies=[11, {"company_id": 12, "view_all_tickets": True}],
        ),
    )
    assert model.company_ids() == [10, 11, 12]
    assert model.companies_viewing_all_tickets() == [10, 12]


def test_a_timestamp_text_is_parsed_once_and_a_bad_one_refused_every_time() -> None:
    """Records repeat moments, so each text is parsed once and its datetime shared
    (datetimes are immutable); a text that is no timestamp is never remembered as one."""
    first = parse_timestamp("2025-06-01T09:00:00+05:30")
    assert first == datetime(2025, 6, 1, 3, 30, tzinfo=UTC)
    assert parse_timestamp("2025-06-01T09:00:00+05:30") is first
    for _ in range(2):
        with pytest.raises(ValueError, match="is not an ISO 8601 timestamp"):
            parse_timestamp("yesterday")
    naive = datetime(2025, 6, 1, 9, 0)  # a datetime, not a text: taken as UTC
    assert parse_timestamp(naive) == datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
