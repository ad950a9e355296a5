"""Stale access judged against the identity provider (`--roster`): active agents whose
person has left, or was never known there (FD-STALE-004)."""

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.rules.admin_ui import AGENTS_PAGE
from auditor.rules.base import ROSTER, Hit, RuleContext, Severity, Subject
from auditor.rules.registry import rule

if TYPE_CHECKING:
    # Only an analysis given a roster imports its reader (rules.base).
    from auditor.inputs.roster import RosterCheck, RosterOutcome


@rule(
    id="FD-STALE-004",
    title="Active agent with no active identity in the roster",
    severity=Severity.HIGH,
    subject="agent",
    rationale=(
        "Freshdesk accounts are often created by hand, outside single sign-on, so they survive "
        "the leaver process: the person is gone from the identity provider but can still log "
        "in to the helpdesk and read customer data. Failing to remove departed users is among "
        "the most common exceptions in SOC 2 access reviews. An agent the roster does not "
        "know at all may be a shared, test or outside account nobody owns."
    ),
    remediation=(
        "Confirm with HR or the identity provider whether the person still works for the "
        "company under another address.",
        f"If they have left, in Freshdesk go to {AGENTS_PAGE}, open the agent and choose "
        "Deactivate, then remove its roles and groups.",
        "If the agent is a legitimate outside or service account, record its owner and an "
        "exemption in the policy file.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 5.6",
        "CIS Controls v8 6.2",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 PS-4",
    ),
    reads=ROSTER,
)
def no_active_identity(context: RuleContext, check: "RosterCheck") -> Iterator[Hit]:
    """An active agent whose email (case-insensitive, `+tag` aliases folded) names nobody in
    the roster (high), or only people the roster marks terminated, disabled, suspended,
    deprovisioned or inactive (critical). A person whose status the auditor does not
    recognise is reported in the roster summary instead of being guessed."""
    source = f"{Path(check.roster.path).name} ({check.roster.format} export)"
    for outcome in check.outcomes:
        if outcome.outcome not in ("absent", "terminated"):
            continue
        agent = outcome.agent
        access = context.graph.explain_access(agent.id)
        yield Hit(
            Subject.of_agent(agent),
            _detail(outcome, source, access),
            severity=Severity.CRITICAL if outcome.outcome == "terminated" else None,
            facts={
                "roster_outcome": outcome.outcome,
                "roster_lines": ", ".join(str(p.line) for p in outcome.people),
                "roster_status": ", ".join(p.status for p in outcome.people),
            },
        )


def _detail(outcome: "RosterOutcome", source: str, access: str) -> str:
    email = outcome.agent.email
    if outcome.outcome == "absent":
        return f"Active agent {email} is not in the roster {source}; it {access}."
    marks = "; ".join(f"'{p.status}' on line {p.line}" for p in outcome.people)
    return f"The roster {source} marks {email} {marks}, but the agent is active and {access}."
