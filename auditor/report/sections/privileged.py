"""Who holds an admin tier or Global ticket scope, in any state, and through what."""

from dataclasses import dataclass

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.models import AgentState, TicketScope, Tier
from auditor.report.agent_facts import TIER_RANK
from auditor.report.sections.privileged_rows import Holder, holder_rows
from auditor.report.timestamp_texts import TimestampTexts

_STATE_ORDER = (AgentState.ACTIVE, AgentState.PENDING, AgentState.DEACTIVATED)
_ADMIN_TIERS = (Tier.ADMIN, Tier.ACCOUNT_ADMIN)
# `Tier.value` is a property: read once per tier, not once per holder.
_TIER_TEXT = {tier: tier.value for tier in Tier}


@dataclass(frozen=True)
class PrivilegedAccess:
    # Every holder, active first, then by tier (highest first) and ID.
    holders: list[Holder]
    # The table's body, a row per holder (privileged_rows.py).
    rows: Markup


def build_privileged(analysis: Analysis) -> PrivilegedAccess:
    graph = analysis.graph
    # (rule ID, finding ID) of the findings about each agent; the page's findings data
    # has read every finding's ID already.
    findings: dict[str, list[tuple[str, str]]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            pair = (finding.rule.id, finding.finding_id)
            findings.setdefault(finding.subject.id, []).append(pair)
    # What each privileged role grants, in words, written once per role.
    grant_of = {
        role.id: f"{role.name} (role {role.id}) \u2192 {graph.role_tier(role.id).value}"
        for role in analysis.account.roles.values()
        if graph.role_tier(role.id).is_privileged
    }
    times = TimestampTexts()
    rows = []
    # Active holders first, then pending, then deactivated: each state's holders from the
    # graph's list of its agents, highest tier first, then by ID.
    for state in _STATE_ORDER:
        holders = graph.holders(tiers=_ADMIN_TIERS, global_scope=True, states=(state,))
        holders.sort(key=lambda a: (-TIER_RANK[graph.tier_of(a.id)], a.id))
        for agent in holders:
            # `privileged_roles_of`: the agent's roles of an admin tier, in the agent's order.
            grants = [grant_of[role.id] for role in graph.privileged_roles_of(agent.id)]
            if agent.ticket_scope is TicketScope.GLOBAL:
                grants.append("Global ticket scope (every ticket)")
            rows.append(
                Holder(
                    agent_id=agent.id,
                    name=agent.name,
                    email=agent.email,
                    state=state.value,
                    tier=_TIER_TEXT[graph.tier_of(agent.id)],
                    grants=grants,
                    access=graph.explain_access(agent.id),
                    last_login=times.format(agent.last_login_at)
                    if agent.last_login_at
                    else "never",
                    last_active=times.format(agent.last_active_at)
                    if agent.last_active_at
                    else "never",
                    findings=sorted(findings.get(str(agent.id), ())),
                )
            )
    return PrivilegedAccess(rows, holder_rows(rows))
