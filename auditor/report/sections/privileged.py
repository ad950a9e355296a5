"""Who holds an admin tier or Global ticket scope, in any state, and through what."""

from dataclasses import dataclass

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.models import AgentState, TicketScope, Tier
from auditor.report.agent_facts import TIER_RANK
from auditor.report.sections.privileged_rows import Holder, holder_rows
from auditor.report.timestamp_texts import TimestampTexts
from auditor.rules.base import Finding

_STATE_ORDER = (AgentState.ACTIVE, AgentState.PENDING, AgentState.DEACTIVATED)


@dataclass(frozen=True)
class PrivilegedAccess:
    # Every holder, active first, then by tier (highest first) and ID.
    holders: list[Holder]
    # The table's body, a row per holder (privileged_rows.py).
    rows: Markup


def build_privileged(analysis: Analysis) -> PrivilegedAccess:
    graph = analysis.graph
    holders = graph.holders(
        tiers=(Tier.ADMIN, Tier.ACCOUNT_ADMIN), global_scope=True, states=_STATE_ORDER
    )
    state_rank = {state: i for i, state in enumerate(_STATE_ORDER)}
    ordered = sorted(
        holders,
        key=lambda a: (state_rank[graph.state_of(a.id)], -TIER_RANK[graph.tier_of(a.id)], a.id),
    )
    # The findings about each agent; their IDs (a hash each) only for the holders listed.
    findings: dict[str, list[Finding]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings.setdefault(finding.subject.id, []).append(finding)
    # What each privileged role grants, in words, written once per role.
    grant_of = {
        role.id: f"{role.name} (role {role.id}) \u2192 {graph.role_tier(role.id).value}"
        for role in analysis.account.roles.values()
        if graph.role_tier(role.id).is_privileged
    }
    times = TimestampTexts()
    rows = []
    for agent in ordered:
        # `privileged_roles_of`: the agent's roles of an admin tier, in the agent's order.
        grants = [grant_of[role.id] for role in graph.privileged_roles_of(agent.id)]
        if agent.ticket_scope is TicketScope.GLOBAL:
            grants.append("Global ticket scope (every ticket)")
        rows.append(
            Holder(
                agent_id=agent.id,
                name=agent.name,
                email=agent.email,
                state=graph.state_of(agent.id).value,
                tier=graph.tier_of(agent.id).value,
                grants=grants,
                access=graph.explain_access(agent.id),
                last_login=times.format(agent.last_login_at) if agent.last_login_at else "never",
                last_active=times.format(agent.last_active_at) if agent.last_active_at else "never",
                findings=sorted((f.rule_id, f.finding_id) for f in findings.get(str(agent.id), [])),
            )
        )
    return PrivilegedAccess(rows, holder_rows(rows))
