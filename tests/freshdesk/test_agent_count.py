"""The collected agents against `/api/v2/account` `total_agents`, per type and state."""

from typing import Any

from auditor.freshdesk.agent_count import compare_counts, typed_agents
from auditor.models import Agent
from tests.builders import agent

ENDPOINT = "/api/v2/account"


def _agents() -> list[Agent]:
    active = [
        agent(1),
        agent(2, occasional=True),
        agent(3, agent_type="field_agent"),
        agent(4, agent_type="collaborator"),
        agent(5, agent_type="collaborator"),
    ]
    inactive = [
        agent(6, active=False, last_login_at=None),  # pending: a seat
        agent(7, active=False),  # deactivated: no seat
    ]
    return typed_agents(active, inactive)


def _record(**totals: int) -> dict[str, Any]:
    counts = {"full_time": 2, "occasional": 1, "field_service": 1, "collaborators": 2}
    return {"tier_type": "Estate", "total_agents": {**counts, **totals}}


def test_each_type_is_compared_on_its_own() -> None:
    result = compare_counts(_agents(), _record(), endpoint=ENDPOINT)
    assert (result.reconciled, result.tier_type) == (True, "Estate")
    rows = {row.type: (row.collected, row.reported, row.not_counted) for row in result.comparison}
    assert rows == {
        "full_time": (2, 2, 1),
        "occasional": (1, 1, 0),
        "field_service": (1, 1, 0),
        "collaborators": (2, 2, 0),
    }


def test_a_difference_in_one_type_is_unreconciled() -> None:
    # Three field agents reported, one collected: nothing but missing agents explains it.
    result = compare_counts(_agents(), _record(field_service=3), endpoint=ENDPOINT)
    assert result.reconciled is False
    assert "field_service 1 collected, 3 reported" in result.explanation
    assert result.counted_states == ["active", "pending"]


def test_other_countings_are_named_when_they_fit() -> None:
    only_active = compare_counts(_agents(), _record(full_time=1), endpoint=ENDPOINT)
    assert (only_active.reconciled, only_active.counted_states) == (True, ["active"])
    every = compare_counts(_agents(), _record(full_time=3), endpoint=ENDPOINT)
    assert every.reconciled is True
    assert every.counted_states == ["active", "pending", "deactivated"]


def test_a_missing_or_malformed_count_is_not_compared() -> None:
    for totals in (None, {"full_time": "2"}, {"full_time": True}, [1, 2]):
        result = compare_counts(_agents(), {"total_agents": totals}, endpoint=ENDPOINT)
        assert (result.status, result.reconciled, result.total_agents) == ("recorded", None, None)
        assert "could not be compared" in result.note
