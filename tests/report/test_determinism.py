"""Same snapshot, policy and --as-of: byte-identical bundle; finding IDs stable across dates."""

import json
import shutil
from pathlib import Path

import pytest

from auditor.analysis import analyze
from auditor.report.bundle import write_bundle
from auditor.timestamps import parse_timestamp
from tests.report.conftest import POLICY, write_hostile_account

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
        "access_review.xlsx",
        "findings.json",
        "findings.ocsf.json",
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


def test_inputs_given_by_relative_or_absolute_path_give_the_same_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The evidence names each input by its file name and hash, not by the path as typed."""
    work = tmp_path / "work"
    write_hostile_account(work / "snapshot")
    write_hostile_account(work / "baseline")
    (work / "policy.toml").write_text(POLICY, encoding="utf-8")
    (work / "roster.csv").write_text("email,status\nimg@acme.example,active\n", encoding="utf-8")
    runs = {
        # From the inputs' folder, every path relative.
        "relative": (work, Path("snapshot"), Path("policy.toml"), Path("baseline"), "roster.csv"),
        # From elsewhere, every path absolute (and the baseline with a trailing slash).
        "absolute": (tmp_path, work / "snapshot", work / "policy.toml", work / "baseline/", ""),
    }
    for name, (cwd, snapshot, policy, baseline, roster) in runs.items():
        monkeypatch.chdir(cwd)
        analysis = analyze(
            snapshot,
            policy_path=policy,
            baseline_path=baseline,
            roster_path=Path(roster) if roster else work / "roster.csv",
            as_of=AS_OF,
        )
        write_bundle(analysis, tmp_path / name)
    relative, absolute = bundle_bytes(tmp_path / "relative"), bundle_bytes(tmp_path / "absolute")
    assert relative == absolute
    manifest = json.loads(relative["manifest.json"])
    assert manifest["policy"]["path"] == "policy.toml"
    assert {name: entry["path"] for name, entry in manifest["inputs"].items()} == {
        "baseline": "baseline",
        "roster": "roster.csv",
    }
    assert str(tmp_path) not in relative["report.html"].decode()
