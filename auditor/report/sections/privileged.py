"""Who holds an admin tier or Global ticket scope, in any state, and through what."""

from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.models import AgentState, TicketScope, Tier
from auditor.report.agent_facts import TIER_RANK
from auditor.rules.base import Finding
from auditor.timestamps import format_timestamp

_STATE_ORDER = (AgentState.ACTIVE, AgentState.PENDING, AgentState.DEACTIVATED)
_ADMIN_TIERS = (Tier.ADMIN, Tier.ACCOUNT_ADMIN)


@dataclass(frozen=True)
class Holder:
    agent_id: int
    name: str
    email: str
    state: str
    tier: str
    grants: list[str]
    access: str
    last_login: str
    last_active: str
    # (rule ID, finding ID) of every finding about the agent, to link into the findings table.
    findings: list[tuple[str, str]]


def build_privileged(analysis: Analysis) -> list[Holder]:
    graph = analysis.graph
    holders = graph.holders(
        tiers=(Tier.ADMIN, Tier.ACCOUNT_ADMIN), global_scope=True, states=_STATE_ORDER
    )
    state_rank = {state: i for i, state in enumerate(_STATE_ORDER)}
    # `Agent.state` is derived on each access: read once per holder.
    state_of = {a.id: a.state for a in holders}
    ordered = sorted(
        holders,
        key=lambda a: (state_rank[state_of[a.id]], -TIER_RANK[graph.tier_of(a.id)], a.id),
    )
    # The findings about each agent; their IDs (a hash each) only for the holders listed.
    findings: dict[str, list[Finding]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings.setdefault(finding.subject.id, []).append(finding)
    rows = []
    for agent in ordered:
        roles = graph.roles_of(agent.id)
        grants = [
            f"{role.name} (role {role.id}) \u2192 {tier.value}"
            for role in roles
            if (tier := graph.role_tier(role.id)) in _ADMIN_TIERS
        ]
        if agent.ticket_scope is TicketScope.GLOBAL:
            grants.append("Global ticket scope (every ticket)")
        rows.append(
            Holder(
                agent_id=agent.id,
                name=agent.name,
                email=agent.email,
                state=state_of[agent.id].value,
                tier=graph.tier_of(agent.id).value,
                grants=grants,
                access=graph.explain_access(agent.id),
                last_login=format_timestamp(agent.last_login_at)
                if agent.last_login_at
                else "never",
                last_active=format_timestamp(agent.last_active_at)
                if agent.last_active_at
                else "never",
                findings=sorted((f.rule_id, f.finding_id) for f in findings.get(str(agent.id), [])),
            )
        )
    return rows
