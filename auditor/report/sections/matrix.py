"""The access matrix: one row per agent, one column per role and group, and the ticket scope.

Above `AGENT_LIMIT` agents the matrix shows only the most privileged of them (tier, then
Global scope, then active first) and says so: at 10,000 agents every agent made 3.1
million cells, most of the page, and no reader scans them. Every agent's roles and
groups stay in agents.csv and access_review.csv, and the last row counts the holders of
each role and group among all agents.
"""

import heapq
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from auditor.analysis import Analysis
from auditor.models import Agent, AgentState, TicketScope, Tier
from auditor.report.agent_facts import TIER_RANK, group_ids_by_agent

AGENT_LIMIT = 200
# The parts of the order of `_shown`, lowest first.
_TIER_FIRST = {tier: -TIER_RANK[tier] for tier in Tier}
_GLOBAL_FIRST = {scope: 0 if scope is TicketScope.GLOBAL else 1 for scope in TicketScope}
_ACTIVE_FIRST = {state: 0 if state is AgentState.ACTIVE else 1 for state in AgentState}


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    kind: str
    # A role the agents reference but the account does not define, or such a group.
    undefined: bool = False
    privileged: bool = False


@dataclass(frozen=True)
class MatrixRow:
    agent_id: int
    name: str
    email: str
    state: str
    tier: str
    scope: str
    cells: list[bool]


@dataclass(frozen=True)
class AccessMatrix:
    roles: list[Column]
    groups: list[Column]
    rows: list[MatrixRow]
    # How many agents hold each column, counted over every agent, shown or not.
    holders: list[int]
    total_agents: int
    limit: int

    @property
    def columns(self) -> list[Column]:
        """The roles, then the groups: the order of each row's `cells`."""
        return self.roles + self.groups

    @property
    def limited(self) -> bool:
        return len(self.rows) < self.total_agents


def build_matrix(analysis: Analysis) -> AccessMatrix:
    graph = analysis.graph
    account = analysis.account
    agents = list(graph.agents())
    roles = [
        Column(
            f"role:{role.id}",
            role.name,
            "role",
            privileged=graph.role_tier(role.id).is_privileged,
        )
        for role in account.roles.values()
    ]
    # Counts and sets over every agent by C loops (`chain`, `map`), not a step per reference.
    role_ids = [agent.role_ids or [] for agent in agents]
    unknown_roles = sorted(set(chain.from_iterable(role_ids)).difference(account.roles))
    roles += [
        Column(f"role:{r}", f"undefined role {r}", "role", undefined=True) for r in unknown_roles
    ]
    groups = [Column(f"group:{g.id}", g.name, "group") for g in account.groups.values()]
    # Every agent's groups in one read (`graph.group_ids_of` per agent is slow at 10,000).
    group_ids = group_ids_by_agent(graph)
    unknown_groups = sorted(set(chain.from_iterable(group_ids.values())).difference(account.groups))
    groups += [
        Column(f"group:{g}", f"undefined group {g}", "group", undefined=True)
        for g in unknown_groups
    ]
    columns = [column.key for column in roles + groups]
    # Holders counted by ID over every agent; the cells' keys only for the agents shown.
    role_holders = Counter(chain.from_iterable(map(set, role_ids)))
    group_holders = Counter(chain.from_iterable(group_ids.values()))
    holders = [role_holders[r] for r in [*account.roles, *unknown_roles]]
    holders += [group_holders[g] for g in [*account.groups, *unknown_groups]]
    rows = []
    for agent in _shown(analysis, agents):
        held = {f"role:{r}" for r in agent.role_ids or []}
        held |= {f"group:{g}" for g in group_ids[agent.id]}
        rows.append(
            MatrixRow(
                agent_id=agent.id,
                name=agent.name,
                email=agent.email,
                state=graph.state_of(agent.id).value,
                tier=graph.tier_of(agent.id).value,
                scope=agent.ticket_scope.label,
                cells=[key in held for key in columns],
            )
        )
    return AccessMatrix(
        roles=roles,
        groups=groups,
        rows=rows,
        holders=holders,
        total_agents=len(agents),
        limit=AGENT_LIMIT,
    )


def _shown(analysis: Analysis, agents: list[Agent]) -> list[Agent]:
    """Every agent, in the graph's order, or above the limit the most privileged ones:
    highest tier, then Global scope, then active, then by ID."""
    if len(agents) <= AGENT_LIMIT:
        return agents
    graph = analysis.graph
    agent_ids = [agent.id for agent in agents]
    # Each part of the sort key read for every agent by a C loop over the graph's indexes.
    risk = zip(
        map(_TIER_FIRST.__getitem__, map(graph.tier_of, agent_ids)),
        map(_GLOBAL_FIRST.__getitem__, map(attrgetter("ticket_scope"), agents)),
        map(_ACTIVE_FIRST.__getitem__, map(graph.state_of, agent_ids)),
        agent_ids,
        strict=True,
    )
    by_id = dict(zip(agent_ids, agents, strict=True))
    return [by_id[key[-1]] for key in heapq.nsmallest(AGENT_LIMIT, risk)]
