"""Write the report bundle: every file atomically, `manifest.json` last.

The folder's old manifest is removed first, so a run that fails part-way leaves a
bundle that `auditor verify` refuses rather than one that looks complete.
"""

from collections.abc import Callable
from pathlib import Path

from auditor.analysis import Analysis
from auditor.errors import ReportError
from auditor.integrity import MANIFEST_NAME, sha256_of, unseal, write_atomic
from auditor.report.access_review import review_rows
from auditor.report.csv_files import csv_bytes
from auditor.report.findings_json import findings_json_bytes
from auditor.report.graphml import graphml_bytes
from auditor.report.html import render_html
from auditor.report.manifest import bundle_manifest_bytes
from auditor.report.tables import AGENT_COLUMNS, FINDING_COLUMNS, agent_rows, finding_rows
from auditor.worksheet import REVIEW_COLUMNS

# File name -> how to produce it, in writing order.
BUNDLE_FILES: dict[str, Callable[[Analysis], bytes]] = {
    "findings.csv": lambda a: csv_bytes(FINDING_COLUMNS, finding_rows(a)),
    "agents.csv": lambda a: csv_bytes(AGENT_COLUMNS, agent_rows(a)),
    "access_review.csv": lambda a: csv_bytes(REVIEW_COLUMNS, review_rows(a)),
    "findings.json": findings_json_bytes,
    "graph.graphml": graphml_bytes,
    "report.html": lambda a: render_html(a).encode(),
}


def write_bundle(analysis: Analysis, out: Path) -> list[Path]:
    """Write the bundle into `out` and return the files written, in writing order."""
    snapshot_path = _snapshot_inside(analysis.account.directory, out)
    contents = {name: produce(analysis) for name, produce in BUNDLE_FILES.items()}
    out.mkdir(parents=True, exist_ok=True)
    unseal(out)
    written: list[Path] = []
    hashes: dict[str, str] = {}
    for name, content in contents.items():
        write_atomic(out / name, content)
        # Hash what is on disk, not what was meant to be written.
        hashes[name] = sha256_of(out / name)
        written.append(out / name)
    manifest = out / MANIFEST_NAME
    write_atomic(manifest, bundle_manifest_bytes(analysis, hashes, snapshot_path))
    written.append(manifest)
    return written


def _snapshot_inside(snapshot: Path, out: Path) -> str | None:
    """The snapshot's path relative to the bundle when it sits inside it (`snapshot`), else None.

    A bundle written into the snapshot folder itself would replace the snapshot's
    manifest, and one written inside it would break the snapshot's seal; both are refused.
    """
    snapshot, bundle = snapshot.resolve(), out.resolve()
    if bundle == snapshot or bundle.is_relative_to(snapshot):
        raise ReportError(
            f"The report folder {out} is the snapshot folder {snapshot} or inside it; writing "
            "there would break the snapshot's seal. Choose another --out folder."
        )
    if snapshot.is_relative_to(bundle):
        return snapshot.relative_to(bundle).as_posix()
    return None
