"""Drift: access that changed since the last review (`--baseline`), and revocations decided
in the last review that were not carried out (`--previous-review`)."""

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.graph.identity import IdentityGraph
from auditor.rules.admin_ui import AGENTS_PAGE, ROLES_PAGE
from auditor.rules.base import BASELINE, PREVIOUS_REVIEW, Hit, RuleContext, Severity, Subject
from auditor.rules.figures import day
from auditor.rules.registry import rule

if TYPE_CHECKING:
    # Only an analysis given a baseline or a previous review imports these (rules.base).
    from auditor.graph.changes import AccessChanges, AgentDelta, AgentView
    from auditor.inputs.review import ReviewCheck


def _since(changes: "AccessChanges") -> str:
    return f"since the baseline of {day(changes.baseline.collected_at)}"


@rule(
    id="FD-DRIFT-001",
    title="Privilege gained since the baseline",
    severity=Severity.HIGH,
    subject="agent",
    rationale=(
        "Privilege that appears between two reviews was granted outside the review, and "
        "auditors sample exactly these grants for a ticket or approval. An agent that became "
        "an administrator, rose to a higher tier or was given Global ticket scope since the "
        "last quarter needs a recorded reason, or the grant should be undone."
    ),
    remediation=(
        "Find the change request or approval that granted the access; attach it to the review.",
        f"Without one, in Freshdesk go to {AGENTS_PAGE}, open the agent and restore the "
        "previous role or scope (the finding names both).",
        "For a role whose tier changed because it was renamed or remapped, check the role under "
        f"{ROLES_PAGE} and the policy file's [roles] table.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.8.2",
        "CIS Controls v8 6.1",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 AC-6(7)",
    ),
    reads=BASELINE,
)
def privilege_gained(context: RuleContext, changes: "AccessChanges") -> Iterator[Hit]:
    """An agent present in the baseline that since gained a privileged role (or holds a role
    that became privileged), a higher tier, or Global ticket scope. One finding per gain, so
    each keeps its own identity across runs. A privileged role that replaces a higher one
    (the agent's tier fell) is a demotion and is not reported."""
    for delta in changes.agents:
        if delta.before is None or delta.after is None:
            continue  # a new agent is FD-DRIFT-002's; a removed one holds nothing
        yield from _privilege_hits(delta, delta.before, delta.after, context.graph, _since(changes))


def _privilege_hits(
    delta: "AgentDelta", before: "AgentView", after: "AgentView", graph: IdentityGraph, since: str
) -> Iterator[Hit]:
    agent = graph.account.agents[delta.agent_id]
    tiers = (
        f"tier {after.tier.value}"
        if before.tier is after.tier
        else f"tier {before.tier.value} -> {after.tier.value}"
    )
    now = graph.explain_access(agent.id)
    facts = {"tier_before": before.tier.value, "tier_after": after.tier.value}
    # A privileged role that comes with a lower tier is a demotion (Account Administrator
    # swapped for Administrator), not privilege gained; Global scope is judged on its own.
    demoted = delta.tier_change < 0
    found = False
    for gained in delta.gained:
        if not gained.privileged or (demoted and gained.type == "role"):
            continue
        found = True
        what = (
            "Global ticket scope"
            if gained.type == "ticket_scope"
            else f"{gained.name} (role {gained.key.split(':')[1]})"
        )
        yield Hit(
            Subject.of_agent(agent),
            f"Gained {what} {since}; {tiers}; now {now}.",
            entitlement=gained.key,
            facts={**facts, "gained": gained.key},
        )
    for change in delta.changed:
        if not change.after.privileged or change.before.privileged or demoted:
            continue
        found = True
        yield Hit(
            Subject.of_agent(agent),
            f"Holds {change.after.key}, which was '{change.before.name}' (not privileged) in the "
            f"baseline and is now '{change.after.name}' (privileged) {since}; {tiers}; now {now}.",
            entitlement=change.after.key,
            facts={**facts, "changed": change.after.key},
        )
    if delta.tier_change > 0 and not found:
        yield Hit(
            Subject.of_agent(agent),
            f"Tier rose from {before.tier.value} to {after.tier.value} {since}; now {now}.",
            entitlement=f"tier:{after.tier.value}",
            facts=facts,
        )


@rule(
    id="FD-DRIFT-002",
    title="New agent since the baseline",
    severity=Severity.LOW,
    subject="agent",
    rationale=(
        "Every account created since the last review should trace back to an approved request "
        "(a hire, a contractor onboarding). New agents are the population the auditor samples "
        "for evidence of authorisation before access was granted."
    ),
    remediation=(
        "Match the agent to its onboarding ticket or approval and attach it to the review.",
        f"If there is none, find out who created it; in Freshdesk go to {AGENTS_PAGE} and "
        "deactivate the agent until it is approved.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.16",
        "CIS Controls v8 6.1",
        "NIST SP 800-53 AC-2",
    ),
    reads=BASELINE,
)
def new_agent(context: RuleContext, changes: "AccessChanges") -> Iterator[Hit]:
    """An agent (in any state) whose ID was not in the baseline snapshot."""
    graph = context.graph
    for delta in changes.agents:
        if not delta.added:
            continue
        agent = graph.account.agents[delta.agent_id]
        yield Hit(
            Subject.of_agent(agent),
            f"Not in the baseline of {day(changes.baseline.collected_at)}; created "
            f"{day(agent.created_at)}, now {agent.state.value}, tier "
            f"{graph.tier_of(agent.id).value}; {graph.explain_access(agent.id)}.",
            facts={
                "created_at": day(agent.created_at),
                "state": agent.state.value,
                "tier": graph.tier_of(agent.id).value,
            },
        )


@rule(
    id="FD-DRIFT-003",
    title="Agent reactivated since the baseline",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "An account that was deactivated (or a pending invitation) at the last review and is "
        "active now regained every role and group it kept while inactive. Reactivation is a "
        "classic way back in for a leaver, and should be as deliberate as a new hire."
    ),
    remediation=(
        "Confirm who reactivated the agent and why (a returning employee, a mistake).",
        f"If it was not approved, in Freshdesk go to {AGENTS_PAGE}, open the agent and "
        "deactivate it; otherwise attach the approval to the review.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 6.1",
        "NIST SP 800-53 AC-2",
    ),
    reads=BASELINE,
)
def reactivated_agent(context: RuleContext, changes: "AccessChanges") -> Iterator[Hit]:
    """An agent that was deactivated or pending in the baseline and is active now."""
    graph = context.graph
    for delta in changes.agents:
        if not delta.reactivated or delta.before is None:
            continue
        agent = graph.account.agents[delta.agent_id]
        last_login = day(agent.last_login_at) if agent.last_login_at else "never"
        yield Hit(
            Subject.of_agent(agent),
            f"{delta.before.state.value.capitalize()} in the baseline of "
            f"{day(changes.baseline.collected_at)}, active now (last login "
            f"{last_login}); {graph.explain_access(agent.id)}.",
            facts={"state_before": delta.before.state.value, "last_login": last_login},
        )


@rule(
    id="FD-DRIFT-004",
    title="Revocation decided in the previous review not carried out",
    severity=Severity.HIGH,
    subject="agent",
    rationale=(
        "A review whose decisions are not executed is not a control: auditors test that each "
        "access marked for removal last quarter is gone this quarter. An entitlement still "
        "held after a revoke decision is a documented, known, unremediated exception."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE}, open the agent and remove the role or group, or "
        "change the ticket scope, named in the finding.",
        "Record the date and change ticket of the removal in this quarter's review.",
        "If the access must stay after all, record a keep decision with its justification.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 6.2",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 AC-6(7)",
    ),
    reads=PREVIOUS_REVIEW,
)
def revocation_not_done(context: RuleContext, check: "ReviewCheck") -> Iterator[Hit]:
    """An entitlement (`role:7`, `group:3`, `scope:global`) that the previous review decided
    to revoke and that the agent, in whatever state, still holds."""
    name = Path(check.review.path).name
    for revocation in check.revocations:
        if revocation.agent is None or revocation.held is None:
            continue
        row = revocation.row
        reviewer = row.reviewer or "no reviewer recorded"
        when = row.reviewed_at or "no date recorded"
        why = f" ('{row.justification}')" if row.justification else ""
        yield Hit(
            Subject.of_agent(revocation.agent),
            f"The previous review decided to revoke {row.entitlement} "
            f"({revocation.held.name}){why}: reviewer "
            f"{reviewer}, {when} ({name} line {row.line}); the "
            f"{revocation.agent.state.value} agent still holds it.",
            entitlement=row.entitlement,
            facts={"reviewer": row.reviewer, "reviewed_at": row.reviewed_at, "line": row.line},
        )
