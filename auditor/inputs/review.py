"""Last quarter's filled-in `access_review.csv` (`--previous-review`): were the revocations
carried out (FD-DRIFT-004), and which of this quarter's entitlements are unchanged, so
that their previous decision can be carried forward.

Rows are matched on `agent_id` and `entitlement`. A row the auditor cannot use (an
unknown decision, a revoke with no reviewer, an agent that never existed) is reported,
never dropped in silence: a review with holes is itself an audit finding.
"""

import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from auditor.csv_cells import neutralise
from auditor.emails import identity_key
from auditor.errors import InputError
from auditor.graph.entitlements import Entitlement, entitlements_of
from auditor.graph.identity import IdentityGraph
from auditor.inputs.csv_input import read_csv_input
from auditor.inputs.review_dates import read_review_date
from auditor.inputs.xlsx_input import is_workbook, read_xlsx_input
from auditor.integrity.seal import sha256_of
from auditor.models import Agent, AgentId
from auditor.worksheet import DECISIONS, REVIEW_COLUMNS

Decision = Literal["keep", "revoke"]
# `agent_gone`: the agent was in the baseline and no longer exists; `unverifiable`: the row
# names an agent in neither snapshot, so nobody can say whether access was removed.
RevocationStatus = Literal["still_held", "removed", "agent_gone", "unverifiable"]

REQUIRED_COLUMNS = ("agent_id", "entitlement", "decision")
# What last quarter's reviewer saw of an entitlement; when any differs now, the earlier
# decision was about something else and is not carried forward.
COMPARED_COLUMNS = ("agent_email", "agent_state", "entitlement_name", "privileged")
_ENTITLEMENT = re.compile(r"(role|group):\d+|scope:(global|group|restricted)")


@dataclass(frozen=True)
class ReviewRow:
    """One usable row of the previous review."""

    line: int
    agent_id: AgentId
    # As last quarter's worksheet named them, for when the agent or entitlement is gone now.
    agent_name: str
    entitlement_name: str
    entitlement: str
    # None when the reviewer left it empty or wrote something else (`written_decision`).
    decision: Decision | None
    written_decision: str
    reviewer: str
    reviewed_at: str
    justification: str
    # COMPARED_COLUMNS that the file has, as last quarter showed them.
    shown: Mapping[str, str]


@dataclass(frozen=True)
class ReviewProblem:
    """A row or column of the previous review that could not be used as written; line 1 is
    the header."""

    line: int
    problem: str


@dataclass(frozen=True)
class PreviousReview:
    path: str
    sha256: str
    rows: tuple[ReviewRow, ...]
    problems: tuple[ReviewProblem, ...]
    rows_read: int

    def row_for(self, agent_id: int, entitlement: str) -> ReviewRow | None:
        return self._index.get((agent_id, entitlement))

    @cached_property
    def _index(self) -> dict[tuple[int, str], ReviewRow]:
        return {(row.agent_id, row.entitlement): row for row in self.rows}


def read_previous_review(path: Path) -> PreviousReview:
    """Read a filled-in worksheet; a file that is not one at all is an InputError."""
    if is_workbook(path):
        frame = read_xlsx_input(
            path, "The previous review", how_to_fix="Give last quarter's access_review.xlsx."
        )
    else:
        frame = read_csv_input(
            path,
            "The previous review",
            when_empty="",
            how_to_fix="Save it from the spreadsheet as CSV UTF-8.",
        )
    columns = {str(c).strip().lower(): str(c) for c in reversed(list(frame.columns))}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(
            f"The previous review {path} is not an access review worksheet: it has no "
            f"{', '.join(missing)} column(s) (found: {', '.join(map(repr, frame.columns))}). "
            "Give last quarter's access_review.csv with the decisions filled in."
        )
    problems: list[ReviewProblem] = []
    absent = [c for c in REVIEW_COLUMNS if c not in columns]
    if absent:
        problems.append(ReviewProblem(1, f"columns missing: {', '.join(absent)}"))
    rows: dict[tuple[int, str], ReviewRow] = {}
    for number, record in enumerate(frame.to_dict("records"), start=2):
        cells = {name: _as_written(record[original]) for name, original in columns.items()}
        row = _row(number, cells, DECISIONS, problems)
        if row is None:
            continue
        key = (row.agent_id, row.entitlement)
        earlier = rows.get(key)
        if earlier is not None:
            problems.append(
                ReviewProblem(
                    number,
                    f"repeats agent {row.agent_id} {row.entitlement} of line "
                    f"{earlier.line}; a revoke on either line is checked",
                )
            )
            if earlier.decision == "revoke":
                continue
        rows[key] = row
    return PreviousReview(
        path=str(path),
        sha256=sha256_of(path),
        rows=tuple(sorted(rows.values(), key=lambda r: r.line)),
        problems=tuple(problems),
        rows_read=len(frame),
    )


def refuse_foreign_review(
    review: PreviousReview,
    domain: str,
    agents: Collection[AgentId],
    agents_before: Collection[AgentId] = (),
) -> None:
    """An InputError when no usable row names an agent of this snapshot or the baseline.

    Such a file is another account's review, or not a review of this one at all. Read as
    one, every row would be a line "not in this snapshot", no revocation could be checked,
    and the report would still present the follow-up as done; so it is refused, once.
    """
    named = {row.agent_id for row in review.rows}
    if not named or named & {*agents, *agents_before}:
        return
    baseline = " or of the baseline" if agents_before else ""
    raise InputError(
        f"The previous review {review.path} matches no agent of this snapshot (account "
        f"'{domain}'){baseline}: none of its {len(review.rows)} rows names one of the "
        f"{len(agents)} agents it holds. It is the review of another account, or not last "
        "quarter's access_review.csv. Give this account's previous review, or leave out "
        "--previous-review."
    )


def _as_written(cell: object) -> str:
    """The cell as the reviewer wrote it: a short row's missing cells are empty, and the
    quote that `access_review.csv` put before a formula-like value is taken off again."""
    if not isinstance(cell, str):
        return ""
    if cell.startswith("'") and neutralise(cell[1:]) == cell:
        return cell[1:]
    return cell


def _row(
    line: int, cells: Mapping[str, str], decisions: tuple[str, ...], problems: list[ReviewProblem]
) -> ReviewRow | None:
    raw_id, entitlement = cells["agent_id"].strip(), cells["entitlement"].strip()
    if not raw_id.isdigit():
        problems.append(ReviewProblem(line, f"agent_id {raw_id!r} is not a Freshdesk agent ID"))
        return None
    if not _ENTITLEMENT.fullmatch(entitlement):
        problems.append(
            ReviewProblem(
                line,
                f"entitlement {entitlement!r} is not role:ID, group:ID or scope:global/group/"
                "restricted",
            )
        )
        return None
    written = cells["decision"].strip()
    decision = written.lower()
    if decision and decision not in decisions:
        problems.append(
            ReviewProblem(
                line,
                f"decision {written!r} for agent {raw_id} {entitlement} is neither "
                f"{' nor '.join(decisions)}; it is not carried forward",
            )
        )
    reviewer = cells.get("reviewer", "").strip()
    if decision == "revoke" and not reviewer:
        problems.append(
            ReviewProblem(line, f"revoke of agent {raw_id} {entitlement} names no reviewer")
        )
    reviewed_at = read_review_date(cells.get("reviewed_at", ""))
    if reviewed_at.problem:
        problems.append(
            ReviewProblem(line, f"{reviewed_at.problem} (agent {raw_id} {entitlement})")
        )
    return ReviewRow(
        line=line,
        agent_id=AgentId(int(raw_id)),
        agent_name=cells.get("agent_name", "").strip(),
        entitlement_name=cells.get("entitlement_name", "").strip(),
        entitlement=entitlement,
        decision="keep" if decision == "keep" else "revoke" if decision == "revoke" else None,
        written_decision=written,
        reviewer=reviewer,
        reviewed_at=reviewed_at.iso,
        justification=cells.get("justification", "").strip(),
        shown={c: cells[c].strip() for c in COMPARED_COLUMNS if c in cells},
    )


@dataclass(frozen=True)
class Revocation:
    """A revoke decision and what the current snapshot shows of it."""

    row: ReviewRow
    status: RevocationStatus
    agent: Agent | None
    # The entitlement as the agent holds it now, when it is still held.
    held: Entitlement | None = None


@dataclass(frozen=True)
class ReviewCheck:
    """The previous review held against the current snapshot."""

    review: PreviousReview
    revocations: tuple[Revocation, ...]
    problems: tuple[ReviewProblem, ...]

    def counts(self) -> dict[str, int]:
        decisions = Counter(row.decision or row.written_decision for row in self.review.rows)
        statuses = Counter(r.status for r in self.revocations)
        return {
            "rows": self.review.rows_read,
            "kept": decisions.pop("keep", 0),
            "revoked": decisions.pop("revoke", 0),
            "undecided": decisions.pop("", 0),
            "unrecognised": sum(decisions.values()),
            "revocations_confirmed": statuses["removed"] + statuses["agent_gone"],
            "revocations_still_held": statuses["still_held"],
            "revocations_unverifiable": statuses["unverifiable"],
            "problems": len(self.problems),
        }

    def prefill(self, row: Mapping[str, str]) -> dict[str, str]:
        """`change` and `previous_decision` for one row of this quarter's worksheet."""
        earlier = self.review.row_for(int(row["agent_id"]), row["entitlement"])
        if earlier is None:
            return {"change": "new", "previous_decision": ""}
        if any(
            not _same(column, value, row.get(column, "")) for column, value in earlier.shown.items()
        ):
            return {"change": "changed", "previous_decision": ""}
        return {"change": "unchanged", "previous_decision": earlier.decision or ""}


def _same(column: str, before: str, now: str) -> bool:
    if column == "agent_email":
        return identity_key(before) == identity_key(now)
    return before.strip().lower() == now.strip().lower()


def check_review(
    review: PreviousReview, graph: IdentityGraph, baseline: IdentityGraph | None = None
) -> ReviewCheck:
    """Whether each revocation was carried out, and which rows name agents that never existed
    (in neither this snapshot nor, when given, the baseline)."""
    agents = graph.account.agents
    known_before = set(baseline.account.agents) if baseline else set()
    unknown = {r.agent_id for r in review.rows} - set(agents) - known_before
    problems = list(review.problems)
    for row in review.rows:
        if row.agent_id not in unknown:
            continue
        if baseline:
            where = "which is in neither this snapshot nor the baseline"
        else:
            where = (
                "which is not in this snapshot (deleted since the review, or a wrong ID; "
                "--baseline tells which)"
            )
        problems.append(ReviewProblem(row.line, f"names agent {row.agent_id}, {where}"))
    revocations = []
    for row in review.rows:
        if row.decision != "revoke":
            continue
        agent = agents.get(row.agent_id)
        if agent is None:
            gone: RevocationStatus = "unverifiable" if row.agent_id in unknown else "agent_gone"
            revocations.append(Revocation(row, gone, None))
            continue
        held = {e.key: e for e in entitlements_of(graph, agent.id)}.get(row.entitlement)
        status: RevocationStatus = "removed" if held is None else "still_held"
        revocations.append(Revocation(row, status, agent, held))
    return ReviewCheck(review, tuple(revocations), tuple(sorted(problems, key=lambda p: p.line)))
