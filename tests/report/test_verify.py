"""`auditor verify`: every kind of tampering named, exit 1; an unreadable manifest, exit 2."""

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from auditor.analysis import analyze
from auditor.errors import ReportError
from auditor.integrity.seal import sha256_of, write_atomic_chunks
from auditor.report import bundle as bundle_module
from auditor.report.bundle import BUNDLE_FILES, write_bundle
from auditor.signing.verify import verify_directory
from tests.cli import run_cli
from tests.report.conftest import POLICY, write_hostile_account

Capture = pytest.CaptureFixture[str]


def discrepancy_lines(out: str) -> set[str]:
    return {line.strip() for line in out.splitlines() if line.startswith("  ")}


def test_an_untouched_bundle_and_its_snapshot_verify(hostile_bundle: Path, capsys: Capture) -> None:
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 0, result
    manifest = json.loads((hostile_bundle / "manifest.json").read_text())
    assert set(manifest["files"]) == set(BUNDLE_FILES)
    snapshot_files = json.loads((hostile_bundle / "snapshot/manifest.json").read_text())["files"]
    checked = len(BUNDLE_FILES) + 1 + len(snapshot_files)
    assert f"OK: bundle {hostile_bundle} matches its manifest ({checked} files verified)." in (
        result.out
    )


def test_altered_missing_and_extra_files_are_each_named(
    hostile_bundle: Path, capsys: Capture
) -> None:
    with (hostile_bundle / "report.html").open("ab") as handle:
        handle.write(b"<!-- edited -->")
    (hostile_bundle / "findings.csv").unlink()
    (hostile_bundle / "notes.txt").write_text("added later")
    (hostile_bundle / "extra").mkdir()
    (hostile_bundle / "extra" / "more.csv").write_text("x")
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 1
    assert f"ALTERED: bundle {hostile_bundle} does not match its manifest:" in result.out
    assert discrepancy_lines(result.out) == {
        "report.html: content differs from the hash in the manifest",
        "findings.csv: listed in the manifest but missing",
        "notes.txt: present but not listed in the manifest",
        "extra/more.csv: present but not listed in the manifest",
    }


def test_an_altered_file_inside_the_nested_snapshot_is_named(
    hostile_bundle: Path, capsys: Capture
) -> None:
    agents = hostile_bundle / "snapshot" / "agents.jsonl"
    agents.write_text(agents.read_text().replace("img@acme.example", "img@evil.example"))
    (hostile_bundle / "snapshot" / "roles.jsonl").unlink()
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 1
    assert discrepancy_lines(result.out) == {
        "snapshot/agents.jsonl: content differs from the hash in the manifest",
        "snapshot/roles.jsonl: listed in the manifest but missing",
    }


def test_a_resealed_snapshot_does_not_match_the_bundle(
    hostile_bundle: Path, capsys: Capture
) -> None:
    """Editing a record and re-hashing the snapshot's own manifest still breaks the chain."""
    snapshot = hostile_bundle / "snapshot"
    agents = snapshot / "agents.jsonl"
    agents.write_text(agents.read_text().replace("img@acme.example", "img@evil.example"))
    manifest = json.loads((snapshot / "manifest.json").read_text())
    manifest["files"]["agents.jsonl"] = sha256_of(agents)
    (snapshot / "manifest.json").write_text(json.dumps(manifest))
    assert run_cli(capsys, "verify", str(snapshot)).code == 0  # consistent on its own
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 1
    assert discrepancy_lines(result.out) == {
        "snapshot/manifest.json: content differs from the hash in the manifest"
    }


def test_a_removed_snapshot_manifest_is_named(hostile_bundle: Path, capsys: Capture) -> None:
    (hostile_bundle / "snapshot" / "manifest.json").unlink()
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 1
    assert discrepancy_lines(result.out) == {
        "snapshot/manifest.json: listed in the manifest but missing"
    }


def test_a_snapshot_directory_verifies_on_its_own(hostile_bundle: Path, capsys: Capture) -> None:
    snapshot = hostile_bundle / "snapshot"
    # The collector's checkpoint folder is not evidence; the reader ignores it too.
    (snapshot / ".partial").mkdir()
    (snapshot / ".partial" / "agents.page-3.json").write_text("[]")
    assert run_cli(capsys, "verify", str(snapshot)).code == 0
    assert run_cli(capsys, "verify", str(hostile_bundle)).code == 0
    (snapshot / "contacts.jsonl").write_text("")
    result = run_cli(capsys, "verify", str(snapshot))
    assert result.code == 1
    assert f"ALTERED: snapshot {snapshot}" in result.out
    assert discrepancy_lines(result.out) == {
        "contacts.jsonl: content differs from the hash in the manifest"
    }


def test_a_bundle_whose_snapshot_lives_elsewhere_names_the_snapshot_hash(
    tmp_path: Path, capsys: Capture
) -> None:
    snapshot = write_hostile_account(tmp_path / "snapshot")
    out = tmp_path / "report"
    write_bundle(analyze(snapshot), out)
    result = run_cli(capsys, "verify", str(out))
    assert result.code == 0
    assert sha256_of(snapshot / "manifest.json") in result.out
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["snapshot"] == {"manifest_sha256": sha256_of(snapshot / "manifest.json")}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "is not a JSON object"),
        ('{"kind": "report", "files": {}}', "has kind 'report'; expected 'snapshot' or 'bundle'"),
        ('{"kind": "bundle", "schema_version": 1, "files": []}', "has no 'files' table"),
        (
            '{"kind": "snapshot", "schema_version": 1, "files": {"../outside.txt": "00"}}',
            "lists files outside its folder (../outside.txt)",
        ),
        (
            '{"kind": "bundle", "schema_version": 1, "files": {}}',
            "has no 'snapshot.manifest_sha256' string",
        ),
    ],
)
def test_a_garbled_manifest_is_an_error_not_a_verdict(
    hostile_bundle: Path, capsys: Capture, content: str, message: str
) -> None:
    (hostile_bundle / "manifest.json").write_text(content)
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_a_folder_without_manifest_is_an_error(tmp_path: Path, capsys: Capture) -> None:
    result = run_cli(capsys, "verify", str(tmp_path))
    assert result.code == 2
    assert f"{tmp_path} has no manifest.json" in result.err
    missing = run_cli(capsys, "verify", str(tmp_path / "nowhere"))
    assert missing.code == 2
    assert "is not a directory" in missing.err


def test_a_bundle_interrupted_while_writing_is_left_unsealed(
    hostile_bundle: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash part-way through rewriting must not leave a bundle that verifies."""

    def crash_on_json(path: Path, chunks: Iterable[bytes]) -> str:
        if path.name == "findings.json":
            raise OSError("disk full")
        return write_atomic_chunks(path, chunks)

    monkeypatch.setattr(bundle_module, "write_atomic_chunks", crash_on_json)
    analysis = analyze(hostile_bundle / "snapshot")
    with pytest.raises(OSError, match="disk full"):
        write_bundle(analysis, hostile_bundle)
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 2
    assert "has no manifest.json" in result.err


def test_the_bundle_cannot_be_written_into_its_snapshot(tmp_path: Path) -> None:
    snapshot = write_hostile_account(tmp_path / "snapshot")
    analysis = analyze(snapshot)
    for out in (snapshot, snapshot / "report"):
        with pytest.raises(ReportError, match="would break the snapshot's seal"):
            write_bundle(analysis, out)
    assert not (snapshot / "report").exists()
    assert verify_directory(snapshot).intact


def test_a_file_replaced_by_a_symbolic_link_is_named(
    hostile_bundle: Path, tmp_path: Path, capsys: Capture
) -> None:
    """Same bytes, but kept outside the evidence folder where they can change unseen."""
    kept = tmp_path / "kept-elsewhere.csv"
    (hostile_bundle / "agents.csv").rename(kept)
    (hostile_bundle / "agents.csv").symlink_to(kept)
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 1
    assert discrepancy_lines(result.out) == {
        "agents.csv: a symbolic link, where sealed evidence holds only files (its content "
        "lives outside the folder and can change without it)"
    }


def test_a_nested_snapshot_replaced_by_a_symbolic_link_is_named(
    hostile_bundle: Path, tmp_path: Path, capsys: Capture
) -> None:
    (hostile_bundle / "snapshot").rename(tmp_path / "kept-elsewhere")
    (hostile_bundle / "snapshot").symlink_to(tmp_path / "kept-elsewhere")
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 1
    assert {line.split(":")[0] for line in discrepancy_lines(result.out)} == {"snapshot"}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"snapshot": {"manifest_sha256": "00", "path": "."}}, "names snapshot path '.'"),
        ({"snapshot": {"manifest_sha256": "00", "path": "a//b"}}, "names snapshot path 'a//b'"),
        ({"files": {"./agents.csv": "00"}}, "lists files outside its folder (./agents.csv)"),
        ({"files": {"a/../../x": "00"}}, "lists files outside its folder (a/../../x)"),
    ],
)
def test_a_manifest_naming_paths_that_are_not_plainly_inside_is_refused(
    hostile_bundle: Path, capsys: Capture, edit: dict[str, object], message: str
) -> None:
    manifest = json.loads((hostile_bundle / "manifest.json").read_text())
    manifest.update(edit)
    (hostile_bundle / "manifest.json").write_text(json.dumps(manifest))
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert (result.code, result.out) == (2, "")
    assert message in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"kind": "bundle", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "is not valid JSON (nested too deeply)",
        ),
        (
            '{"kind": "snapshot", "files": {"a.csv": "00", "a.csv": "11"}}',
            "is not valid JSON (the key 'a.csv' appears twice in one object)",
        ),
    ],
)
def test_a_manifest_other_parsers_would_read_differently_is_refused(
    hostile_bundle: Path, capsys: Capture, content: str, message: str
) -> None:
    (hostile_bundle / "manifest.json").write_text(content)
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert (result.code, result.out) == (2, "")
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_bundle_rewritten_after_a_killed_run_holds_no_leftovers(
    hostile_bundle: Path, capsys: Capture
) -> None:
    # What `kill -9` in the middle of write_atomic leaves: a temporary beside the file.
    (hostile_bundle / ".report.html.u7x2k9q1").write_text("<html>half")
    write_bundle(analyze(hostile_bundle / "snapshot"), hostile_bundle)
    assert run_cli(capsys, "verify", str(hostile_bundle)).code == 0


def test_the_bundle_cannot_be_written_into_the_baseline(tmp_path: Path) -> None:
    baseline = write_hostile_account(tmp_path / "baseline")
    snapshot = write_hostile_account(tmp_path / "snapshot")
    analysis = analyze(snapshot, baseline_path=baseline)
    for out in (baseline, baseline / "report", tmp_path):
        with pytest.raises(ReportError, match="holds the baseline snapshot"):
            write_bundle(analysis, out)
    assert not (baseline / "report").exists()
    assert verify_directory(baseline).intact


def test_the_bundle_cannot_be_written_into_any_other_snapshot(tmp_path: Path) -> None:
    other = write_hostile_account(tmp_path / "last-quarter")
    analysis = analyze(write_hostile_account(tmp_path / "snapshot"))
    with pytest.raises(ReportError, match="holds a snapshot"):
        write_bundle(analysis, other)
    assert verify_directory(other).intact


def test_the_bundle_never_overwrites_an_input_file(tmp_path: Path, capsys: Capture) -> None:
    """Last quarter's filled-in worksheet, given from the folder that is also --out."""
    snapshot = write_hostile_account(tmp_path / "snapshot")
    last_quarter = tmp_path / "review-q2"
    last_quarter.mkdir()
    worksheet = last_quarter / "access_review.csv"
    worksheet.write_text("agent_id,entitlement,decision,reviewer\n1,role:2,revoke,ciso\n")
    before = worksheet.read_bytes()
    result = run_cli(
        capsys,
        "analyze",
        str(snapshot),
        "--previous-review",
        str(worksheet),
        "--out",
        str(last_quarter),
    )
    assert result.code == 2
    assert f"The input file {worksheet} is inside the report folder" in result.err
    assert worksheet.read_bytes() == before
    assert sorted(p.name for p in last_quarter.iterdir()) == ["access_review.csv"]


def test_a_policy_kept_in_the_report_folder_is_refused(tmp_path: Path) -> None:
    """The bundle would not list it, so the fresh bundle would fail `auditor verify`."""
    snapshot = write_hostile_account(tmp_path / "snapshot")
    (tmp_path / "evidence").mkdir()
    policy = tmp_path / "evidence" / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    with pytest.raises(ReportError, match="is inside the report folder"):
        write_bundle(analyze(snapshot, policy_path=policy), tmp_path / "evidence")
    assert sorted(p.name for p in (tmp_path / "evidence").iterdir()) == ["policy.toml"]


def test_file_names_cannot_drive_the_terminal_that_shows_the_verdict(
    hostile_bundle: Path, capsys: Capture
) -> None:
    """A name that moves the cursor up and erases lines could hide the ALTERED verdict."""
    (hostile_bundle / "\x1b[1A\x1b[2KOK\nall fine").write_text("x")
    result = run_cli(capsys, "verify", str(hostile_bundle))
    assert result.code == 1
    assert "\x1b" not in result.out
    assert discrepancy_lines(result.out) == {
        "\\x1b[1A\\x1b[2KOK\\nall fine: present but not listed in the manifest"
    }


def test_only_the_nested_snapshot_itself_is_left_to_its_own_manifest(
    tmp_path: Path, capsys: Capture
) -> None:
    """A snapshot kept deeper in the bundle must not hide the folders around it."""
    out = tmp_path / "evidence"
    snapshot = write_hostile_account(out / "raw" / "snapshot")
    write_bundle(analyze(snapshot), out)
    assert run_cli(capsys, "verify", str(out)).code == 0
    (out / "raw" / "slipped-in.csv").write_text("x")
    result = run_cli(capsys, "verify", str(out))
    assert result.code == 1
    assert discrepancy_lines(result.out) == {
        "raw/slipped-in.csv: present but not listed in the manifest"
    }
