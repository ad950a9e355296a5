"""Every agent's groups, state and tier rank, read once instead of once per cell.

`IdentityGraph.group_ids_of` sets up a networkx edge view for one agent; the report's
sections asked it for each of 10,000 agents, several times over (the matrix, the
picture, the sign-off's count), and the views cost more than the answer. Here one view
over every agent reads them all, with the same result (a test checks it against
`group_ids_of` for every agent), once per graph: the graph is not changed after it is
built, and the sections that need the memberships share one reading of them.

`Agent.state` is a property derived from four fields; the sections sort and count by it
for every agent, so `states` reads it once per agent too. `Tier.rank` and
`Severity.rank` look the member up in a fresh list on every call: `TIER_RANK` and
`SEVERITY_RANK` hold the same numbers, for sort keys run once per agent or finding.
"""

from collections.abc import Mapping
from types import MappingProxyType
from weakref import WeakKeyDictionary

from auditor.graph.identity import IdentityGraph, agent_node
from auditor.models import AgentId, AgentState, GroupId, Tier
from auditor.rules.base import Severity

TIER_RANK: dict[Tier, int] = {tier: tier.rank for tier in Tier}
PRIVILEGED_TIERS = frozenset(tier for tier in Tier if tier.is_privileged)
SEVERITY_RANK: dict[Severity, int] = {severity: severity.rank for severity in Severity}

# The key of a membership edge (the graph keys each edge by its kind).
_MEMBER_OF = "member_of"


def group_ids_by_agent(graph: IdentityGraph) -> Mapping[AgentId, tuple[GroupId, ...]]:
    """Each agent's groups, as `graph.group_ids_of(agent_id)` gives them (sorted IDs)."""
    found = _read.get(graph)
    if found is None:
        found = _read[graph] = MappingProxyType(_group_ids_by_agent(graph))
    return found


# Held weakly: an analysis's graph is dropped with the analysis, its memberships with it.
_read: "WeakKeyDictionary[IdentityGraph, Mapping[AgentId, tuple[GroupId, ...]]]" = (
    WeakKeyDictionary()
)


def _group_ids_by_agent(graph: IdentityGraph) -> dict[AgentId, tuple[GroupId, ...]]:
    nodes = {agent_node(agent_id): agent_id for agent_id in graph.account.agents}
    groups: dict[AgentId, list[GroupId]] = {agent_id: [] for agent_id in nodes.values()}
    # One edge view over every agent: its loop runs over networkx's own dicts, where a
    # view per agent costs more to set up than the few edges it finds.
    for source, target, key in graph.graph.out_edges(list(nodes), keys=True):
        if key == _MEMBER_OF:
            groups[nodes[source]].append(GroupId(int(target.split(":")[1])))
    return {agent_id: tuple(sorted(found)) for agent_id, found in groups.items()}


def states(graph: IdentityGraph) -> dict[AgentId, AgentState]:
    """Each agent's state, read once."""
    return {agent.id: agent.state for agent in graph.agents()}
