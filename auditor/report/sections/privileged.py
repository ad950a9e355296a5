"""Who holds an admin tier or Global ticket scope, in any state, and through what."""

from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.models import AgentState, TicketScope, Tier
from auditor.timestamps import format_timestamp

_STATE_ORDER = (AgentState.ACTIVE, AgentState.PENDING, AgentState.DEACTIVATED)


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
    ordered = sorted(
        holders,
        key=lambda a: (_STATE_ORDER.index(a.state), -graph.tier_of(a.id).rank, a.id),
    )
    findings: dict[str, list[tuple[str, str]]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings.setdefault(finding.subject.id, []).append(
                (finding.rule_id, finding.finding_id)
            )
    rows = []
    for agent in ordered:
        tiers = {role.id: graph.role_tier(role.id).value for role in graph.roles_of(agent.id)}
        grants = [
            f"{role.name} (role {role.id}) \u2192 {tiers[role.id]}"
            for role in graph.roles_of(agent.id)
            if tiers[role.id] in (Tier.ADMIN.value, Tier.ACCOUNT_ADMIN.value)
        ]
        if agent.ticket_scope is TicketScope.GLOBAL:
            grants.append("Global ticket scope (every ticket)")
        rows.append(
            Holder(
                agent_id=agent.id,
                name=agent.name,
                email=agent.email,
                state=agent.state.value,
                tier=graph.tier_of(agent.id).value,
                grants=grants,
                access=graph.explain_access(agent.id),
                last_login=format_timestamp(agent.last_login_at)
                if agent.last_login_at
                else "never",
                last_active=format_timestamp(agent.last_active_at)
                if agent.last_active_at
                else "never",
                findings=sorted(findings.get(str(agent.id), [])),
            )
        )
    return rows
