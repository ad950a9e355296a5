"""Write the report bundle: every file atomically, `manifest.json` last.

The folder's old manifest is removed first, so a run that fails part-way leaves a
bundle that `auditor verify` refuses rather than one that looks complete. Each file is
produced and written piece by piece (`graph.graphml` as a stream of elements), so the
bundle is never held in memory whole; a large bundle's files are written by two
processes side by side (`file_workers`).
"""

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from auditor.analysis import Analysis
from auditor.errors import ReportError
from auditor.integrity.manifest import sealed_kind
from auditor.integrity.names import MANIFEST_NAME, SNAPSHOT_KIND
from auditor.integrity.seal import (
    remove_stale_temporaries,
    unseal,
    write_atomic,
    write_atomic_chunks,
)
from auditor.report.access_review import access_review_csv_bytes
from auditor.report.bundle_folder import refuse_foreign_folder
from auditor.report.csv_files import csv_bytes, csv_columns_bytes
from auditor.report.file_workers import FileJob, write_files, writers_available
from auditor.report.findings_json import findings_json_chunks
from auditor.report.graphml import graphml_chunks
from auditor.report.manifest import bundle_manifest_bytes
from auditor.report.ocsf import ocsf_json_chunks
from auditor.report.tables import AGENT_COLUMNS, FINDING_COLUMNS, agent_columns, finding_rows


def _access_review_xlsx(analysis: Analysis) -> Iterable[bytes]:
    # Imported by the writer that takes the file: the workbook's and the report's modules
    # (XlsxWriter, jinja2 and the report's sections) take a fifth of a second to import,
    # which a forked second writer then pays while this process writes another file,
    # instead of this process before it reads the snapshot.
    from auditor.report.access_review_xlsx import access_review_xlsx_bytes

    return (access_review_xlsx_bytes(analysis),)


def _report_html(analysis: Analysis) -> Iterable[bytes]:
    from auditor.report.html import render_html  # see _access_review_xlsx

    return (render_html(analysis).encode(),)


# File name -> how to produce it (its bytes, piece by piece), costliest first at scale,
# the order in which the writers take them, so that the last file taken is a short one.
BUNDLE_FILES: dict[str, Callable[[Analysis], Iterable[bytes]]] = {
    "graph.graphml": lambda a: (chunk.encode() for chunk in graphml_chunks(a)),
    "access_review.xlsx": _access_review_xlsx,
    "report.html": _report_html,
    "findings.ocsf.json": ocsf_json_chunks,
    "findings.json": findings_json_chunks,
    "access_review.csv": lambda a: (access_review_csv_bytes(a),),
    "findings.csv": lambda a: (csv_bytes(FINDING_COLUMNS, finding_rows(a)),),
    "agents.csv": lambda a: (csv_columns_bytes(AGENT_COLUMNS, agent_columns(a)),),
}

# Below this many agents, contacts that carry access and findings together the whole
# bundle takes well under a second to write, less than a second process would save.
PARALLEL_FROM = 20_000


REPORTS_FOLDER = Path("reports")


def default_bundle_folder(analysis: Analysis) -> Path:
    """`reports/acme-2026-09-30`: one bundle per account and as-of date, never `reports/`
    itself, whose other contents (the demo, a diff) a bundle's manifest would not list."""
    domain = re.sub(r"[^a-z0-9-]+", "-", analysis.account.domain.lower()).strip("-") or "account"
    return REPORTS_FOLDER / f"{domain}-{analysis.as_of:%Y-%m-%d}"


def check_bundle_folder(out: Path, snapshot_path: str | None = None) -> None:
    """Refuse an `out` that holds anything but an earlier bundle (and `snapshot_path`)."""
    refuse_foreign_folder(out, BUNDLE_FILES, snapshot_path)


def write_bundle(analysis: Analysis, out: Path, *, writers: int | None = None) -> list[Path]:
    """Write the bundle into `out` and return the files written, manifest last.

    `writers` is how many processes write the files; by default two for a large bundle
    where that is safe (see `file_workers.writers_available`), else one."""
    snapshot_path = _snapshot_inside(analysis.account.directory, out)
    _refuse_to_disturb_inputs(analysis, out)
    check_bundle_folder(out, snapshot_path)
    out.mkdir(parents=True, exist_ok=True)
    unseal(out)
    remove_stale_temporaries(out, [*BUNDLE_FILES, MANIFEST_NAME])
    jobs = [
        FileJob(out / name, functools.partial(produce, analysis))
        for name, produce in BUNDLE_FILES.items()
    ]
    if writers is None:
        writers = writers_available() if _size(analysis) >= PARALLEL_FROM else 1
    # Each file's hash is of what is on disk; the module's own `write_atomic_chunks` is
    # passed so that a replacement of it (a test's simulated full disk) is what runs.
    hashes = write_files(jobs, write_atomic_chunks, writers)
    manifest = out / MANIFEST_NAME
    write_atomic(manifest, bundle_manifest_bytes(analysis, hashes, snapshot_path))
    return [*(job.path for job in jobs), manifest]


def _size(analysis: Analysis) -> int:
    """What the files grow with: the agents, the contacts that carry access, the findings."""
    account = analysis.account
    return len(account.agents) + len(account.contacts) + len(analysis.findings)


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


def _refuse_to_disturb_inputs(analysis: Analysis, out: Path) -> None:
    """Refuse an --out that would destroy evidence this run was given, or hold it unsealed.

    A bundle written into a snapshot (the baseline, or any other) removes its manifest,
    and one written inside it breaks its seal. An input inside the bundle folder could be
    overwritten (last quarter's filled-in `access_review.csv`, given as --previous-review
    from the very folder given as --out) and would make `auditor verify` report the new
    bundle as altered, since the bundle's manifest does not list it.
    """
    bundle = out.resolve()
    baseline = analysis.inputs.get("baseline")
    if baseline is not None:
        folder = Path(baseline.path).resolve()
        if bundle == folder or bundle.is_relative_to(folder) or folder.is_relative_to(bundle):
            raise ReportError(
                f"The report folder {out} is, is inside or holds the baseline snapshot "
                f"{baseline.path}; a bundle there would break the baseline's seal or fail "
                "`auditor verify`. Choose another --out folder."
            )
    if _holds_snapshot(out):
        raise ReportError(
            f"The report folder {out} holds a snapshot (its manifest.json is a snapshot's); "
            "writing the bundle there would replace that manifest and unseal the snapshot. "
            "Choose another --out folder."
        )
    given = [analysis.policy.path, *(given.path for given in analysis.inputs.values())]
    for path in given:
        if path and Path(path).resolve().is_relative_to(bundle):
            raise ReportError(
                f"The input file {path} is inside the report folder {out}: the bundle could "
                "overwrite it, and `auditor verify` would name it as a file the bundle does "
                "not list. Keep inputs outside the report folder, or choose another --out."
            )


def _holds_snapshot(folder: Path) -> bool:
    return sealed_kind(folder) == SNAPSHOT_KIND
