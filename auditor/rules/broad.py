"""Over-broad access: more privilege, or a wider view of tickets, than the work needs."""

from collections.abc import Iterator

from auditor.models import AgentState, TicketScope, Tier
from auditor.rules.base import Hit, RuleContext, Severity, Subject
from auditor.rules.registry import rule

AGENTS_PAGE = "Admin > Team > Agents"
PRIVILEGED_TIERS = (Tier.ADMIN, Tier.ACCOUNT_ADMIN)


@rule(
    id="FD-BROAD-001",
    title="Too many administrators",
    severity=Severity.MEDIUM,
    subject="account",
    rationale=(
        "Administrators can change every setting, add agents, read every ticket and export "
        "data. Each additional administrator widens the damage a phished or careless account "
        "can do, and a large admin population is hard to review. Keep the few who administer "
        "the helpdesk; give everyone else Supervisor or Agent."
    ),
    remediation=(
        f"List the administrators in Freshdesk under {AGENTS_PAGE} (filter by role).",
        "For each one who does not configure the helpdesk, open the agent and change the role "
        "to Supervisor or Agent.",
        "Keep at least two Account Administrators so the account cannot be locked out.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.8.2",
        "CIS Controls v8 5.4",
        "NIST SP 800-53 AC-6",
        "NIST SP 800-53 AC-6(5)",
    ),
)
def too_many_admins(context: RuleContext) -> Iterator[Hit]:
    """More active privileged agents than `max_admins`, or a larger share of the active agents
    than `max_admin_ratio`. A single administrator is never too many: every account needs one."""
    policy = context.policy
    active = list(context.graph.agents(AgentState.ACTIVE))
    admins = context.graph.holders(tiers=PRIVILEGED_TIERS)
    if not active or not admins:
        return
    ratio = len(admins) / len(active)
    over_count = len(admins) > policy.max_admins
    over_ratio = len(admins) > 1 and ratio > policy.max_admin_ratio
    if not (over_count or over_ratio):
        return
    reasons = []
    if over_count:
        reasons.append(f"more than the maximum of {policy.max_admins}")
    if over_ratio:
        reasons.append(
            f"{ratio:.0%} of active agents, above the maximum share of {policy.max_admin_ratio:.0%}"
        )
    names = ", ".join(f"{a.name} ({context.graph.tier_of(a.id).value})" for a in admins)
    share = f"{len(admins)} of {len(active)} active agents are privileged"
    yield Hit(
        Subject.of_account(context.account.domain),
        f"{share} ({'; '.join(reasons)}): {names}.",
        facts={
            "privileged_agents": len(admins),
            "active_agents": len(active),
            "ratio": round(ratio, 4),
            "max_admins": policy.max_admins,
            "max_admin_ratio": policy.max_admin_ratio,
        },
    )


@rule(
    id="FD-BROAD-003",
    title="Global ticket scope beyond need",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "Global scope lets an agent read every ticket in the helpdesk, including those of "
        "groups it does not work in: HR, billing or security queues with personal data. "
        "An ordinary agent who does not belong to every group needs Group or Restricted scope."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and open the agent.",
        "Under Scope, choose Group access (tickets of the agent's groups) or Restricted "
        "access (tickets assigned to the agent) and save.",
        "If the agent genuinely needs every queue, add it to those groups or record an exemption.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.15",
        "CIS Controls v8 6.8",
        "NIST SP 800-53 AC-6",
    ),
)
def global_scope_beyond_need(context: RuleContext) -> Iterator[Hit]:
    """An active agent of tier agent or collaborator with Global ticket scope that is not a
    member of every group."""
    graph = context.graph
    for agent in graph.agents(AgentState.ACTIVE):
        tier = graph.tier_of(agent.id)
        if agent.ticket_scope is not TicketScope.GLOBAL or tier not in (
            Tier.AGENT,
            Tier.COLLABORATOR,
        ):
            continue
        if graph.member_of_every_group(agent.id):
            continue
        groups = context.account.groups
        missing = [groups[g].name for g in groups if g not in graph.group_ids_of(agent.id)]
        yield Hit(
            Subject.of_agent(agent),
            f"Global scope for an agent of tier {tier.value}: {graph.explain_access(agent.id)}; "
            f"it can read the tickets of {len(missing)} group(s) it does not belong to "
            f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}).",
            entitlement="scope:global",
            facts={
                "tier": tier.value,
                "groups_not_member": len(missing),
                "groups_total": len(groups),
            },
        )
