"""The data of the report's quarter-over-quarter sections: changes since the baseline, the
roster's verdict and the previous review's outcome. Each builder returns None when its
input was not given, and the report then leaves the section out."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.analysis import Analysis
from auditor.report.sections.base import Count
from auditor.timestamps import format_timestamp

if TYPE_CHECKING:
    # Imported only by an analysis given their input (inputs.baseline), as is the diff's
    # output module (`build_changes`), which imports the comparison.
    from auditor.graph.changes import AgentDelta
    from auditor.inputs.review import ReviewProblem


@dataclass(frozen=True)
class ChangedAgent:
    agent_id: int
    name: str
    email: str
    # (mark, change, entitlement or "", what it was, what it is): mark is + - or ~.
    changes: list[tuple[str, str, str, str, str]]
    finding_ids: list[tuple[str, str]]


@dataclass(frozen=True)
class ChangesSection:
    baseline_collected_at: str
    baseline_manifest_sha256: str
    current_collected_at: str
    counts: list[Count]
    agents: list[ChangedAgent]


def build_changes(analysis: Analysis) -> ChangesSection | None:
    changes = analysis.changes
    if changes is None:
        return None
    from auditor.report.diff_output import CHANGE_MARKS

    n = changes.counts()
    findings = _findings_by_agent(analysis)
    return ChangesSection(
        baseline_collected_at=format_timestamp(changes.baseline.collected_at),
        baseline_manifest_sha256=changes.baseline.manifest_sha256,
        current_collected_at=format_timestamp(changes.current.collected_at),
        counts=[
            Count("agents added", n.agents_added, alert=True),
            Count("agents removed", n.agents_removed),
            Count("agents reactivated", n.agents_reactivated, alert=True),
            Count("agents deactivated", n.agents_deactivated),
            Count("tiers raised", n.tiers_raised, alert=True),
            Count("tiers lowered", n.tiers_lowered),
            Count("privileged entitlements gained", n.privileged_gained, alert=True),
            Count("roles gained", n.roles_gained),
            Count("roles lost", n.roles_lost),
            Count("group memberships gained", n.groups_gained),
            Count("group memberships lost", n.groups_lost),
            Count("ticket scopes gained", n.scopes_gained),
            Count("ticket scopes lost", n.scopes_lost),
        ],
        agents=[_changed_agent(delta, findings, CHANGE_MARKS) for delta in changes.agents],
    )


def _changed_agent(
    delta: "AgentDelta", findings: dict[str, list[tuple[str, str]]], marks: dict[str, str]
) -> ChangedAgent:
    rows = []
    for kind, entitlement, before, after in delta.changes():
        mark = marks.get(kind, "~")
        what = entitlement.describe() if entitlement else ""
        rows.append((mark, kind.replace("_", " "), what, before, after))
    return ChangedAgent(
        agent_id=delta.agent_id,
        name=delta.latest.name,
        email=delta.latest.email,
        changes=rows,
        finding_ids=[
            (rule_id, finding_id)
            for rule_id, finding_id in findings.get(str(delta.agent_id), [])
            if rule_id.startswith("FD-DRIFT")
        ],
    )


def _findings_by_agent(analysis: Analysis) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            found.setdefault(finding.subject.id, []).append((finding.rule_id, finding.finding_id))
    return found


@dataclass(frozen=True)
class RosterAgent:
    agent_id: int
    name: str
    email: str
    outcome: str
    # What the roster says: "DEPROVISIONED (line 46)", or empty when absent.
    roster_says: str


@dataclass(frozen=True)
class RosterSection:
    file: str
    sha256: str
    format: str
    email_columns: str
    status_column: str
    people: int
    counts: list[Count]
    # Active agents the roster does not vouch for: absent, terminated or unknown status.
    exceptions: list[RosterAgent]
    unknown_statuses: list[tuple[str, int]]
    lines_without_email: list[int]


def build_roster(analysis: Analysis) -> RosterSection | None:
    check = analysis.roster
    if check is None:
        return None
    roster = check.roster
    n = check.counts()
    return RosterSection(
        file=Path(roster.path).name,
        sha256=roster.sha256,
        format=roster.format,
        email_columns=", ".join(roster.email_columns),
        status_column=roster.status_column or "none (everyone listed counts as active)",
        people=len(roster.people),
        counts=[
            Count("active agents matched", n["matched"]),
            Count("absent from the roster", n["absent"], alert=True),
            Count("terminated in the roster", n["terminated"], alert=True),
            Count("status not recognised", n["unknown_status"], alert=True),
        ],
        exceptions=[
            RosterAgent(
                o.agent.id,
                o.agent.name,
                o.agent.email,
                o.outcome.replace("_", " "),
                "; ".join(f"{p.status or '(empty)'} (line {p.line})" for p in o.people),
            )
            for o in check.outcomes
            if o.outcome != "matched"
        ],
        unknown_statuses=list(roster.unknown_statuses().items()),
        lines_without_email=list(roster.lines_without_email),
    )


@dataclass(frozen=True)
class RevocationRow:
    agent_id: int
    agent: str
    entitlement: str
    reviewer: str
    reviewed_at: str
    line: int
    outcome: str


@dataclass(frozen=True)
class ReviewSection:
    file: str
    sha256: str
    counts: list[Count]
    revocations: list[RevocationRow]
    problems: "list[ReviewProblem]"


_OUTCOMES = {
    "still_held": "still held",
    "removed": "removed",
    "agent_gone": "removed with the agent",
    "unverifiable": "cannot tell: unknown agent",
}


def build_review(analysis: Analysis) -> ReviewSection | None:
    check = analysis.previous_review
    if check is None:
        return None
    n = check.counts()
    return ReviewSection(
        file=Path(check.review.path).name,
        sha256=check.review.sha256,
        counts=[
            Count("rows read", n["rows"]),
            Count("keep decisions", n["kept"]),
            Count("revoke decisions", n["revoked"]),
            Count("undecided", n["undecided"], alert=True),
            Count("unrecognised decisions", n["unrecognised"], alert=True),
            Count("revocations confirmed", n["revocations_confirmed"]),
            Count("revocations still held", n["revocations_still_held"], alert=True),
            Count("revocations unverifiable", n["revocations_unverifiable"], alert=True),
            Count("problems in the file", n["problems"], alert=True),
        ],
        revocations=[
            RevocationRow(
                agent_id=r.row.agent_id,
                agent=r.agent.name if r.agent else r.row.agent_name,
                entitlement=r.held.describe()
                if r.held
                else f"{r.row.entitlement} {r.row.entitlement_name}".strip(),
                reviewer=r.row.reviewer,
                reviewed_at=r.row.reviewed_at,
                line=r.row.line,
                outcome=_OUTCOMES[r.status],
            )
            for r in check.revocations
        ],
        problems=list(check.problems),
    )
