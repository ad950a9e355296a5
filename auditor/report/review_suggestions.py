"""A suggested decision, with its reason, for each row of the reviewer's workbook.

The suggestion is a starting point that a reviewer confirms or overrides, never a
decision: the workbook's `decision` column stays empty. It reads what the run already
found (open findings on the agent or on this very entitlement, the agent's state, last
quarter's decision) and says which of them it went by, so the reviewer can check it.
Exempted findings do not argue for a revoke: the policy has accepted that risk.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from auditor.rules.base import Finding, Severity

# Findings that say the account should not be in use at all: each argues for removing
# every entitlement it holds, privileged or not.
ACCOUNT_LEVEL_RULE_PREFIX = "FD-STALE-"


@dataclass(frozen=True)
class Suggestion:
    decision: str
    reason: str


class RowFacts(NamedTuple):
    """What the suggestion reads of one worksheet row (a tuple: one is made per row)."""

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


def arguments_by_agent(findings: Mapping[str, list[Finding]]) -> dict[str, "AgentArguments"]:
    """What each agent's findings (`findings_by_agent`) argue, by agent ID. Agents whose
    findings are alike (the same rules, severities, statuses and entitlements, in the same
    order) share one `AgentArguments`, and so the suggestions it has worked out: what they
    argue and the reasons they give read nothing else of a finding."""
    shared: dict[tuple[tuple[str, Severity, str, str], ...], AgentArguments] = {}
    by_agent = {}
    for agent_id, found in findings.items():
        alike = tuple((f.rule_id, f.severity, f.status, f.entitlement) for f in found)
        arguments = shared.get(alike)
        if arguments is None:
            arguments = shared[alike] = AgentArguments(found)
        by_agent[agent_id] = arguments
    return by_agent


def suggest(row: RowFacts, findings: Mapping[str, list[Finding]]) -> Suggestion:
    """The first argument that applies, most specific first."""
    return AgentArguments(findings.get(row.agent_id, [])).suggest(row)


class AgentArguments:
    """What one agent's findings argue, worked out once for all the rows of the agent (10,000
    agents hold some 43,000 entitlements, and an agent can have many findings)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.open = [f for f in findings if f.status == "open"]
        # A finding about another entitlement (an undefined role, say) argues about that one
        # only.
        self.agent_wide = [f for f in self.open if _about_the_whole_agent(f)]
        self.unused = [
            f for f in self.agent_wide if f.rule_id.startswith(ACCOUNT_LEVEL_RULE_PREFIX)
        ]
        self.exempted = [f for f in findings if f.status == "exempted"]
        self._reasons: dict[str, str] = {}
        # The entitlements an open finding is about, and the suggestion for each kind of row
        # (most of an agent's rows are alike to the arguments: none is about them).
        self._argued = {f.entitlement for f in self.open}
        self._suggestions: dict[tuple[str | None, str, bool, bool], Suggestion] = {}

    def suggest(self, row: RowFacts) -> Suggestion:
        """The first argument that applies to the row, most specific first."""
        kept_unchanged = row.previous_decision == "keep" and row.change == "unchanged"
        return self.suggest_for(row.entitlement, row.agent_state, row.privileged, kept_unchanged)

    def suggest_for(
        self, entitlement: str, agent_state: str, privileged: bool, kept_unchanged: bool
    ) -> Suggestion:
        """`suggest` for a row given by the facts it reads: `kept_unchanged` when the last
        review decided keep and the row is unchanged since."""
        kind = (
            entitlement if entitlement in self._argued else None,
            agent_state,
            privileged,
            kept_unchanged,
        )
        suggestion = self._suggestions.get(kind)
        if suggestion is None:
            suggestion = self._suggestions[kind] = self._decide(*kind)
        return suggestion

    def _decide(
        self, entitlement: str | None, agent_state: str, privileged: bool, kept_unchanged: bool
    ) -> Suggestion:
        """The suggestion for a kind of row; `entitlement` None when no open finding is
        about the row's entitlement."""
        on_this = [f for f in self.open if f.entitlement == entitlement]
        if on_this:
            return Suggestion("revoke", _because(on_this))
        if agent_state == "deactivated":
            return Suggestion(
                "revoke", "The agent is deactivated; a deactivated agent should hold nothing."
            )
        if agent_state == "pending":
            return Suggestion(
                "revoke", "The invitation was never accepted; nobody uses this access yet."
            )
        if self.unused:
            return Suggestion("revoke", self._because("unused"))
        if self.agent_wide and privileged:
            return Suggestion(
                "revoke", self._because("agent_wide") + " This entitlement is privileged."
            )
        if kept_unchanged:
            return Suggestion("keep", "Kept at the last review and unchanged since.")
        if self.open:
            concern = (
                "The open findings on this agent concern other entitlements: "
                if privileged or not self.agent_wide
                else "Not privileged, and the open findings on this agent concern its "
                "privileged access: "
            )
            return Suggestion("keep", concern + self._because("open"))
        if self.exempted:
            return Suggestion(
                "keep",
                "The findings on this agent are exempted by the policy: "
                + self._because("exempted"),
            )
        return Suggestion("keep", "No finding on this agent or entitlement.")

    def _because(self, which: Literal["open", "agent_wide", "unused", "exempted"]) -> str:
        reason = self._reasons.get(which)
        if reason is None:
            reason = self._reasons[which] = _because(getattr(self, which))
        return reason


def _about_the_whole_agent(finding: Finding) -> bool:
    """No entitlement, or a tier (which every privileged entitlement of the agent makes up)."""
    return not finding.entitlement or finding.entitlement.startswith("tier:")


def _because(findings: list[Finding]) -> str:
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.rule_id, f.finding_id))
    return "; ".join(f"{f.rule_id} {f.title} ({f.severity.value})" for f in ordered) + "."
