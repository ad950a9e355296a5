"""Write the report bundle: every file atomically, `manifest.json` last."""

from pathlib import Path

from auditor.analysis import Analysis
from auditor.integrity import unseal, write_atomic
from auditor.report.csv_files import csv_bytes
from auditor.report.html import render_html
from auditor.report.tables import AGENT_COLUMNS, FINDING_COLUMNS, agent_rows, finding_rows


def write_bundle(analysis: Analysis, out: Path) -> list[Path]:
    """Write the bundle into `out` and return the files written, in writing order."""
    out.mkdir(parents=True, exist_ok=True)
    unseal(out)
    files = {
        "findings.csv": csv_bytes(FINDING_COLUMNS, finding_rows(analysis)),
        "agents.csv": csv_bytes(AGENT_COLUMNS, agent_rows(analysis)),
        "report.html": render_html(analysis).encode(),
    }
    written = []
    for name, content in files.items():
        write_atomic(out / name, content)
        written.append(out / name)
    return written
