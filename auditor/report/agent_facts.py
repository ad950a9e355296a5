"""What the report's sections ask of every agent, read once per section, not once per cell.

Each agent's groups and state come from the graph's indexes in one pass (`Agent.state`
is derived from four fields on every read); the tier and severity ranks are plain dicts
for the sort keys run once per agent or finding.
"""

from collections.abc import Mapping

from auditor.analysis import Analysis
from auditor.graph.identity import IdentityGraph
from auditor.models import AgentId, AgentState, GroupId, Tier
from auditor.rules.base import Severity

TIER_RANK: dict[Tier, int] = {tier: tier.rank for tier in Tier}
PRIVILEGED_TIERS = frozenset(tier for tier in Tier if tier.is_privileged)
SEVERITY_RANK: dict[Severity, int] = {severity: severity.rank for severity in Severity}
# The texts the CSV files write, looked up (an enum's `value` is a slower property).
STATE_TEXTS: dict[AgentState, str] = {state: state.value for state in AgentState}
TIER_TEXTS: dict[Tier, str] = {tier: tier.value for tier in Tier}
YES_NO = {True: "yes", False: "no"}


def group_ids_by_agent(graph: IdentityGraph) -> Mapping[AgentId, tuple[GroupId, ...]]:
    """Each agent's groups, as `graph.group_ids_of(agent_id)` gives them (sorted IDs)."""
    agent_ids = list(graph.account.agents)
    return dict(zip(agent_ids, map(tuple, map(graph.group_ids_of, agent_ids)), strict=True))


def finding_ids_by_agent(analysis: Analysis) -> dict[str, str]:
    """The IDs of each agent's findings, sorted and joined by `; ` as the CSV files write
    them, by agent ID (an agent without a finding left out)."""
    by_agent: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            by_agent.setdefault(finding.subject.id, []).append(finding.finding_id)
    return {agent_id: "; ".join(sorted(found)) for agent_id, found in by_agent.items()}
