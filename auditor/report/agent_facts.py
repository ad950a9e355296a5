"""What the report's sections ask of every agent, read once per section, not once per cell.

Each agent's groups and state come from the graph's indexes in one pass (`Agent.state`
is derived from four fields on every read); the tier and severity ranks are plain dicts
for the sort keys run once per agent or finding.
"""

from collections.abc import Mapping

from auditor.graph.identity import IdentityGraph
from auditor.models import AgentId, GroupId, Tier
from auditor.rules.base import Severity

TIER_RANK: dict[Tier, int] = {tier: tier.rank for tier in Tier}
PRIVILEGED_TIERS = frozenset(tier for tier in Tier if tier.is_privileged)
SEVERITY_RANK: dict[Severity, int] = {severity: severity.rank for severity in Severity}


def group_ids_by_agent(graph: IdentityGraph) -> Mapping[AgentId, tuple[GroupId, ...]]:
    """Each agent's groups, as `graph.group_ids_of(agent_id)` gives them (sorted IDs)."""
    agent_ids = list(graph.account.agents)
    return dict(zip(agent_ids, map(tuple, map(graph.group_ids_of, agent_ids)), strict=True))
