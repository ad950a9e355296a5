"""Same snapshot, policy and --as-of: byte-identical bundle; finding IDs stable across dates."""

import shutil
from pathlib import Path

from auditor.analysis import analyze
from auditor.report.bundle import write_bundle
from auditor.timestamps import parse_timestamp
from tests.report.conftest import write_hostile_account

AS_OF = parse_timestamp("2026-10-15T09:30:00Z")


def bundle_bytes(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def test_two_runs_write_byte_identical_bundles(tmp_path: Path, policy_file: Path) -> None:
    first_snapshot = write_hostile_account(tmp_path / "first" / "snapshot")
    shutil.copytree(first_snapshot, tmp_path / "second" / "snapshot")
    for run in ("first", "second"):
        analysis = analyze(tmp_path / run / "snapshot", policy_path=policy_file, as_of=AS_OF)
        write_bundle(analysis, tmp_path / run)
    first, second = bundle_bytes(tmp_path / "first"), bundle_bytes(tmp_path / "second")
    assert set(first) >= {
        "report.html",
        "findings.csv",
        "agents.csv",
        "access_review.csv",
        "findings.json",
        "graph.graphml",
        "manifest.json",
    }
    assert first == second


def test_rewriting_a_bundle_in_place_gives_the_same_bytes(
    hostile_bundle: Path, policy_file: Path
) -> None:
    before = bundle_bytes(hostile_bundle)
    write_bundle(analyze(hostile_bundle / "snapshot", policy_path=policy_file), hostile_bundle)
    assert bundle_bytes(hostile_bundle) == before


def test_finding_ids_do_not_depend_on_the_date_of_judgement(
    tmp_path: Path, policy_file: Path
) -> None:
    snapshot = write_hostile_account(tmp_path / "snapshot")
    now = analyze(snapshot, policy_path=policy_file)
    later = analyze(snapshot, policy_path=policy_file, as_of=AS_OF)
    ids_now = {(f.rule_id, f.subject.key): f.finding_id for f in now.findings}
    ids_later = {(f.rule_id, f.subject.key): f.finding_id for f in later.findings}
    assert ids_now == ids_later
