"""`auditor audit`: collect into `DIR/snapshot/`, then analyze it into a report bundle in DIR."""

from dataclasses import dataclass, replace
from pathlib import Path

from auditor.analysis import Analysis
from auditor.analysis_inputs import AnalysisInputs
from auditor.errors import UsageError
from auditor.freshdesk.collector import CollectOptions, CollectSummary, collect
from auditor.integrity.manifest import sealed_kind
from auditor.integrity.names import BUNDLE_KIND, MANIFEST_NAME, SNAPSHOT_KIND
from auditor.report.bundle import check_bundle_folder, write_bundle

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
    _check_bundle_folder(out)
    inputs.check()  # before the rate budget is spent on collecting
    snapshot = out / SNAPSHOT_SUBDIR
    collected = collect(replace(options, out=snapshot))
    analysis = inputs.run(snapshot)
    write_bundle(analysis, out)
    return AuditResult(collected, analysis, out)


def _check_bundle_folder(out: Path) -> None:
    """Before any request: the bundle's manifest would replace whatever `out` is sealed with,
    and files of the user's own beside it would fail `auditor verify`."""
    if not (out / MANIFEST_NAME).exists():
        check_bundle_folder(out, SNAPSHOT_SUBDIR)
        return
    kind = sealed_kind(out)
    if kind == BUNDLE_KIND:
        return  # an earlier audit's bundle, written again
    what = "a snapshot" if kind == SNAPSHOT_KIND else f"a {MANIFEST_NAME} of something else"
    raise UsageError(
        f"--out {out} holds {what}, not a report bundle; the audit's report would replace its "
        "manifest. Give the audit a new folder."
    )
