"""A suggested decision, with its reason, for each row of the reviewer's workbook.

The suggestion is a starting point that a reviewer confirms or overrides, never a
decision: the workbook's `decision` column stays empty. It reads what the run already
found (open findings on the agent or on this very entitlement, the agent's state, last
quarter's decision) and says which of them it went by, so the reviewer can check it.
Exempted findings do not argue for a revoke: the policy has accepted that risk.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from auditor.rules.base import Finding

# Findings that say the account should not be in use at all: each argues for removing
# every entitlement it holds, privileged or not.
ACCOUNT_LEVEL_RULE_PREFIX = "FD-STALE-"


@dataclass(frozen=True)
class Suggestion:
    decision: str
    reason: str


@dataclass(frozen=True)
class RowFacts:
    """What the suggestion reads of one worksheet row."""

    agent_id: str
    agent_state: str
    entitlement: str
    privileged: bool
    previous_decision: str
    change: str


def findings_by_agent(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    by_agent: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.subject.type == "agent":
            by_agent.setdefault(finding.subject.id, []).append(finding)
    return by_agent


def suggest(row: RowFacts, findings: Mapping[str, list[Finding]]) -> Suggestion:
    """The first argument that applies, most specific first."""
    open_findings = [f for f in findings.get(row.agent_id, []) if f.status == "open"]
    on_this = [f for f in open_findings if f.entitlement == row.entitlement]
    if on_this:
        return Suggestion("revoke", _because(on_this))
    if row.agent_state == "deactivated":
        return Suggestion(
            "revoke", "The agent is deactivated; a deactivated agent should hold nothing."
        )
    if row.agent_state == "pending":
        return Suggestion(
            "revoke", "The invitation was never accepted; nobody uses this access yet."
        )
    # A finding about another entitlement (an undefined role, say) argues about that one only.
    agent_wide = [f for f in open_findings if _about_the_whole_agent(f)]
    unused = [f for f in agent_wide if f.rule_id.startswith(ACCOUNT_LEVEL_RULE_PREFIX)]
    if unused:
        return Suggestion("revoke", _because(unused))
    if agent_wide and row.privileged:
        return Suggestion("revoke", _because(agent_wide) + " This entitlement is privileged.")
    if row.previous_decision == "keep" and row.change == "unchanged":
        return Suggestion("keep", "Kept at the last review and unchanged since.")
    if open_findings:
        concern = (
            "The open findings on this agent concern other entitlements: "
            if row.privileged or not agent_wide
            else "Not privileged, and the open findings on this agent concern its privileged "
            "access: "
        )
        return Suggestion("keep", concern + _because(open_findings))
    exempted = [f for f in findings.get(row.agent_id, []) if f.status == "exempted"]
    if exempted:
        return Suggestion(
            "keep", "The findings on this agent are exempted by the policy: " + _because(exempted)
        )
    return Suggestion("keep", "No finding on this agent or entitlement.")


def _about_the_whole_agent(finding: Finding) -> bool:
    """No entitlement, or a tier (which every privileged entitlement of the agent makes up)."""
    return not finding.entitlement or finding.entitlement.startswith("tier:")


def _because(findings: list[Finding]) -> str:
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id, f.finding_id))
    return "; ".join(f"{f.rule_id} {f.title} ({f.severity.value})" for f in ordered) + "."
