"""Compare the collected agents with the account's own count (`/api/v2/account` `total_agents`).

Freshdesk does not document which states `total_agents` counts. The auditor assumes the
account counts the seats in use: active agents and invitations not yet accepted
(pending), while a deactivated agent frees its seat. Other countings that would explain a
difference (only active agents; every agent, deactivated included) are tried next and
named when one of them fits; a difference none of them explains is unreconciled, and
FD-EVID-001 reports it.
"""

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from auditor.models import Agent, AgentState, AgentType
from auditor.records import Invalid, parse
from auditor.snapshot.manifest import AccountRecord, AgentCountRow

# The `total_agents` keys, in the order the report shows them.
AGENT_TYPES = ("full_time", "occasional", "field_service", "collaborators")
SEATED = (AgentState.ACTIVE, AgentState.PENDING)
# Countings tried in turn; the first is the documented assumption.
COUNTINGS: tuple[tuple[tuple[AgentState, ...], str], ...] = (
    (SEATED, "active agents and pending invitations; deactivated agents free their seat"),
    ((AgentState.ACTIVE,), "only active agents: pending invitations take no seat on this account"),
    (tuple(AgentState), "every agent, deactivated ones included"),
)


def seat_type(agent: Agent) -> str:
    """The `total_agents` key an agent falls under."""
    if agent.type == AgentType.FIELD_AGENT:
        return "field_service"
    if agent.type == AgentType.COLLABORATOR:
        return "collaborators"
    return "occasional" if agent.occasional else "full_time"


def typed_agents(
    active: Iterable[Mapping[str, Any]],
    inactive: Iterable[Mapping[str, Any]],
    deactivated_ids: frozenset[int] = frozenset(),
) -> list[Agent]:
    """The collected agent records as the reader will type them (a record it cannot type is
    left out here; the reader names it when the snapshot is analysed)."""
    agents: dict[int, Agent] = {}
    for records, listed_inactive in ((active, False), (inactive, True)):
        for record in records:
            try:
                agent = parse(Agent, dict(record))
            except Invalid:
                continue
            if listed_inactive or agent.id in deactivated_ids:
                agent = dataclasses.replace(
                    agent,
                    listed_inactive=listed_inactive,
                    deactivated=agent.deactivated or agent.id in deactivated_ids,
                )
            agents[agent.id] = agent
    return list(agents.values())


def compare_counts(
    agents: Iterable[Agent], record: Mapping[str, Any], *, endpoint: str
) -> AccountRecord:
    """The `/account` answer's plan and count, and how the collected agents compare with it."""
    tier = record.get("tier_type")
    reported = _total_agents(record.get("total_agents"))
    counts: Counter[tuple[str, AgentState]] = Counter(
        (seat_type(agent), agent.state) for agent in agents
    )
    if reported is None:
        return AccountRecord(
            status="recorded",
            endpoint=endpoint,
            tier_type=tier if isinstance(tier, str) else None,
            counted_states=[state.value for state in SEATED],
            comparison=_rows(counts, SEATED, {}),
            note="the answer holds no total_agents with a whole number per agent type; "
            "the collected agents could not be compared with the account's own count",
        )
    for states, meaning in COUNTINGS:
        rows = _rows(counts, states, reported)
        if all(row.collected == row.reported for row in rows):
            assumed = states == SEATED
            return AccountRecord(
                status="recorded",
                endpoint=endpoint,
                tier_type=tier if isinstance(tier, str) else None,
                total_agents=reported,
                counted_states=[state.value for state in states],
                comparison=rows,
                reconciled=True,
                explanation=f"the account's count equals the collected {meaning}"
                + ("" if assumed else " (not the documented assumption; recorded as found)"),
            )
    rows = _rows(counts, SEATED, reported)
    differing = [
        f"{row.type} {row.collected} collected, {row.reported} reported"
        for row in rows
        if row.collected != row.reported
    ]
    return AccountRecord(
        status="recorded",
        endpoint=endpoint,
        tier_type=tier if isinstance(tier, str) else None,
        total_agents=reported,
        counted_states=[state.value for state in SEATED],
        comparison=rows,
        reconciled=False,
        explanation=f"the collected active and pending agents differ from the account's own "
        f"count ({'; '.join(differing)}), and no other counting of states explains it",
    )


def _rows(
    counts: Counter[tuple[str, AgentState]],
    states: tuple[AgentState, ...],
    reported: Mapping[str, int],
) -> list[AgentCountRow]:
    rows = []
    for kind in AGENT_TYPES:
        counted = sum(n for (t, state), n in counts.items() if t == kind and state in states)
        total = sum(n for (t, _), n in counts.items() if t == kind)
        rows.append(
            AgentCountRow(
                type=kind,
                collected=counted,
                reported=reported.get(kind),
                not_counted=total - counted,
            )
        )
    return rows


def _total_agents(value: object) -> dict[str, int] | None:
    """`total_agents` when it gives a whole number for every agent type, else None."""
    if not isinstance(value, dict):
        return None
    numbers = {key: value.get(key) for key in AGENT_TYPES}
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers.values()):
        return None
    return {key: int(n) for key, n in numbers.items() if isinstance(n, int)}
