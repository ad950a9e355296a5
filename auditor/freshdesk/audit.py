"""`auditor audit`: collect into `DIR/snapshot/`, then analyze it into a report bundle in DIR."""

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from auditor.analysis import Analysis, analyze
from auditor.freshdesk.collector import CollectOptions, CollectSummary, collect
from auditor.report.bundle import write_bundle

SNAPSHOT_SUBDIR = "snapshot"


@dataclass(frozen=True)
class AnalysisInputs:
    """What the analysis half of an audit takes besides the snapshot."""

    policy: Path | None = None
    as_of: datetime | None = None
    baseline: Path | None = None
    roster: Path | None = None
    previous_review: Path | None = None

    def run(self, snapshot: Path) -> Analysis:
        return analyze(
            snapshot,
            policy_path=self.policy,
            as_of=self.as_of,
            baseline_path=self.baseline,
            roster_path=self.roster,
            previous_review_path=self.previous_review,
        )


@dataclass(frozen=True)
class AuditResult:
    collected: CollectSummary
    analysis: Analysis
    out: Path

    @property
    def report(self) -> Path:
        return self.out / "report.html"

    def line(self) -> str:
        open_findings = sum(1 for f in self.analysis.findings if f.status == "open")
        return (
            f"{len(self.analysis.findings)} findings ({open_findings} open); report: {self.report}"
        )


def run_audit(options: CollectOptions, out: Path, inputs: AnalysisInputs) -> AuditResult:
    """`options.out` is ignored: the snapshot always goes to `out/snapshot/`."""
    snapshot = out / SNAPSHOT_SUBDIR
    collected = collect(replace(options, out=snapshot))
    analysis = inputs.run(snapshot)
    write_bundle(analysis, out)
    return AuditResult(collected, analysis, out)
