"""Two quarters of one tiny account (a baseline and the current snapshot) and the quarterly
inputs, written to disk and analysed, for the drift, roster and review tests."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from auditor.analysis import Analysis, analyze
from auditor.report.csv_files import csv_bytes
from auditor.worksheet import REVIEW_COLUMNS
from tests.builders import write_account

BASELINE_AT = "2026-06-30T12:00:00Z"


def write_baseline(directory: Path, **account: Any) -> Path:
    """A snapshot of the same account one quarter before `tests.builders.COLLECTED_AT`."""
    return write_account(directory, collected_at=BASELINE_AT, **account)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """A plain UTF-8 CSV as an identity provider would export it (no BOM, LF line ends)."""
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_review(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    """A filled-in worksheet with the columns `access_review.csv` has."""
    path.write_bytes(csv_bytes(REVIEW_COLUMNS, rows))
    return path


def write_policy(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(
    tmp_path: Path,
    *,
    current: Mapping[str, Any],
    baseline: Mapping[str, Any] | None = None,
    roster: Path | None = None,
    previous_review: Path | None = None,
    policy: Path | None = None,
) -> Analysis:
    """Write the current snapshot (and the baseline when given) and analyse with the inputs."""
    snapshot = write_account(tmp_path / "current", **current)
    baseline_dir = write_baseline(tmp_path / "baseline", **baseline) if baseline else None
    return analyze(
        snapshot,
        policy_path=policy,
        baseline_path=baseline_dir,
        roster_path=roster,
        previous_review_path=previous_review,
    )


def hits(analysis: Analysis, rule_id: str) -> set[tuple[str, str, str]]:
    """(subject, entitlement, severity) of every finding of one rule: an exact-set view.

    The rule must have run, so its input was given and read: an empty set from a rule
    skipped for want of its input would pass any negative case.
    """
    assert rule_id in analysis.rules_run, f"{rule_id} did not run: was its input given?"
    return {
        (f.subject.key, f.entitlement, f.severity.value)
        for f in analysis.findings
        if f.rule_id == rule_id
    }
