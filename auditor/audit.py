"""`auditor audit`: collect into `DIR/snapshot/`, then analyze it into a report bundle in DIR."""

from dataclasses import dataclass, replace
from pathlib import Path

from auditor.analysis import Analysis, AnalysisInputs
from auditor.freshdesk.collector import CollectOptions, CollectSummary, collect
from auditor.report.bundle import write_bundle

SNAPSHOT_SUBDIR = "snapshot"


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
