"""Stale access: accounts no longer used, or never taken up, that still grant access."""

import functools
from collections.abc import Iterator
from datetime import datetime

from auditor.models import Agent, AgentState
from auditor.rules.access import group_list
from auditor.rules.admin_ui import AGENTS_PAGE
from auditor.rules.base import Hit, RuleContext, Severity, Subject
from auditor.rules.figures import day, days_between, listing, older_than
from auditor.rules.registry import rule
from auditor.timestamps import format_timestamp


@rule(
    id="FD-STALE-001",
    title="Deactivated agent still holds roles or group memberships",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "A deactivated agent cannot log in, but its roles and group memberships remain "
        "attached to the account. Reactivating it, by mistake or by an attacker with admin "
        "access, restores every privilege at once, and group memberships keep routing work "
        "to someone who has left. Leavers should hold nothing."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and open the Deactivated tab.",
        "Open the agent, remove it from every group and reduce its role to the least "
        "privileged one, or convert it to a contact (Delete agent) if it will not return.",
        "Record the ticket or change number of the removal in the access review.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 6.2",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 PS-4",
    ),
)
def deactivated_with_access(context: RuleContext) -> Iterator[Hit]:
    """A deactivated agent that still holds any role (defined or not) or any group
    membership. High when one of its roles is privileged (Administrator, Account
    Administrator, or a custom role the policy maps to admin)."""
    graph = context.graph
    for agent in graph.agents(AgentState.DEACTIVATED):
        role_count = len(agent.role_ids or [])
        groups = group_list(graph, agent.id)
        if not role_count and not groups:
            continue
        tier = graph.tier_of(agent.id)
        last_login = day(agent.last_login_at) if agent.last_login_at else "never"
        member = f": {listing(groups)}" if groups else ""
        yield Hit(
            Subject.of_agent(agent),
            f"Deactivated agent (last login {last_login}) still {graph.explain_access(agent.id)}"
            f"{member}; reactivating it would restore tier {tier.value}.",
            severity=Severity.HIGH if tier.is_privileged else None,
            facts={
                "roles": role_count,
                "groups": len(groups),
                "tier": tier.value,
                "last_login": format_timestamp(agent.last_login_at)
                if agent.last_login_at
                else "never",
            },
        )


@rule(
    id="FD-STALE-002",
    title="Dormant agent: not seen for longer than the dormancy threshold",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "An active account that nobody uses is access without a need: it is not watched by "
        "its owner, so a stolen password goes unnoticed, and it often belongs to someone who "
        "changed jobs. CIS Controls 5.3 asks to disable accounts after 45 days of inactivity; "
        "privileged accounts deserve a shorter leash."
    ),
    remediation=(
        "Confirm with the agent's manager whether the access is still needed.",
        f"If not, in Freshdesk go to {AGENTS_PAGE}, open the agent and choose Deactivate.",
        "If it is, record the business reason in the access review, or mark the agent "
        "Occasional so it consumes a day pass only when it logs in.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 5.3",
        "NIST SP 800-53 AC-2(3)",
    ),
)
def dormant_agent(context: RuleContext) -> Iterator[Hit]:
    """An active agent last seen (the later of its last login and its last activity, or its
    creation if neither is recorded since) more than `dormant_days` whole days before
    `as_of`, or more than `dormant_days_privileged` when the agent is privileged; high when
    it is. Exactly at the threshold is not dormant."""
    policy = context.policy
    as_of = context.as_of
    # Thousands of findings name the same few moments (the as-of, a bulk import's
    # creation time): each is formatted once. Kept for this call only.
    stamp = functools.cache(format_timestamp)
    for agent in context.graph.agents(AgentState.ACTIVE):
        tier = context.graph.tier_of(agent.id)
        privileged = tier.is_privileged
        threshold = policy.dormant_days_privileged if privileged else policy.dormant_days
        last_seen = agent.last_seen  # derived from three fields on every read
        # The whole days that `older_than` compares, worked out once for the test, the
        # detail and the facts of each of thousands of findings.
        idle = days_between(last_seen, as_of)
        if idle <= threshold:  # exactly at the threshold is not dormant, as in `older_than`
            continue
        yield Hit(
            Subject.of_agent(agent),
            _dormancy_detail(agent, last_seen, idle, context, threshold, privileged),
            severity=Severity.HIGH if privileged else None,
            facts={
                "days_inactive": idle,
                "threshold_days": threshold,
                "last_login": stamp(agent.last_login_at) if agent.last_login_at else "never",
                "last_active": stamp(agent.last_active_at) if agent.last_active_at else "never",
                "last_seen": stamp(last_seen),
                "tier": tier.value,
                "as_of": stamp(as_of),
            },
        )


def _dormancy_detail(
    agent: Agent,
    last_seen: datetime,
    idle: int,
    context: RuleContext,
    threshold: int,
    privileged: bool,
) -> str:
    without = "a login"
    if agent.active_as_agent and last_seen == agent.last_active_at:
        login = day(agent.last_login_at) if agent.last_login_at else "never"
        seen = f"last active on {day(last_seen)} (last login {login})"
        without = "activity"
    elif agent.last_login_at is None:
        seen = f"never logged in since its creation on {day(agent.created_at)}"
    elif agent.logged_in_as_agent:
        seen = f"last logged in on {day(agent.last_login_at)}"
    else:
        seen = (
            f"has not logged in since its creation on {day(agent.created_at)} (its last "
            f"login, on {day(agent.last_login_at)}, predates the agent)"
        )
    kind = "privileged agent" if privileged else "agent"
    limit = "dormant_days_privileged" if privileged else "dormant_days"
    return (
        f"Active {kind} {seen}: {idle} days without {without} as of {day(context.as_of)}, "
        f"over the {threshold}-day threshold ({limit}); it still "
        f"{context.graph.explain_access(agent.id)}."
    )


@rule(
    id="FD-STALE-003",
    title="Stale invitation: agent invited but never activated",
    severity=Severity.LOW,
    subject="agent",
    rationale=(
        "An invitation that was never accepted is an open door: whoever gets hold of the "
        "activation email (a forwarded message, a recycled mailbox) can claim the account "
        "with every role it was given. Invitations older than a few weeks are no longer "
        "expected to be accepted."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and find the agent (it shows as not yet verified).",
        "Ask whether the person still needs access; if so, resend the invitation and track it.",
        "If not, delete the agent so the invitation can no longer be accepted.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.16",
        "CIS Controls v8 5.1",
        "NIST SP 800-53 AC-2",
    ),
)
def stale_invitation(context: RuleContext) -> Iterator[Hit]:
    """A pending agent (inactive and never logged in) created more than `invitation_days`
    whole days before `as_of`; medium when the invitation carries a privileged role."""
    threshold = context.policy.invitation_days
    for agent in context.graph.agents(AgentState.PENDING):
        if not older_than(agent.created_at, threshold, context.as_of):
            continue
        tier = context.graph.tier_of(agent.id)
        age = days_between(agent.created_at, context.as_of)
        yield Hit(
            Subject.of_agent(agent),
            f"Invited on {day(agent.created_at)} and never activated: {age} days as of "
            f"{day(context.as_of)}, over the {threshold}-day threshold (invitation_days); "
            f"whoever accepts the invitation {context.graph.explain_access(agent.id)}.",
            severity=Severity.MEDIUM if tier.is_privileged else None,
            facts={
                "days_pending": age,
                "threshold_days": threshold,
                "created_at": format_timestamp(agent.created_at),
                "tier": tier.value,
                "as_of": format_timestamp(context.as_of),
            },
        )
