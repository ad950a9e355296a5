"""Every agent's groups, state and tier rank, read once instead of once per cell.

`Agent.state` is a property derived from four fields; the sections sort and count by it
for every agent, so `states` reads it once per agent too. `Tier.rank` and
`Severity.rank` look the member up in a fresh list on every call: `TIER_RANK` and
`SEVERITY_RANK` hold the same numbers, for sort keys run once per agent or finding.
"""

from collections.abc import Mapping

from auditor.graph.identity import IdentityGraph
from auditor.models import AgentId, AgentState, GroupId, Tier
from auditor.rules.base import Severity

TIER_RANK: dict[Tier, int] = {tier: tier.rank for tier in Tier}
PRIVILEGED_TIERS = frozenset(tier for tier in Tier if tier.is_privileged)
SEVERITY_RANK: dict[Severity, int] = {severity: severity.rank for severity in Severity}


def group_ids_by_agent(graph: IdentityGraph) -> Mapping[AgentId, tuple[GroupId, ...]]:
    """Each agent's groups, as `graph.group_ids_of(agent_id)` gives them (sorted IDs)."""
    return {agent_id: tuple(graph.group_ids_of(agent_id)) for agent_id in graph.account.agents}


def states(graph: IdentityGraph) -> dict[AgentId, AgentState]:
    """Each agent's state, read once."""
    return {agent.id: agent.state for agent in graph.agents()}
