"""`auditor verify`: every kind of tampering named, exit 1; an unreadable manifest, exit 2."""

import json
from pathlib import Path

import pytest

from auditor.analysis import analyze
from auditor.errors import ReportError
from auditor.integrity import sha256_of, write_atomic
from auditor.report import bundle as bundle_module
from auditor.report.bundle import BUNDLE_FILES, write_bundle
from auditor.report.verify import verify_directory
from tests.cli import run_cli
from tests.report.conftest import write_hostile_account

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
        ('{"kind": "bundle", "files": []}', "has no 'files' table"),
        (
            '{"kind": "snapshot", "files": {"../outside.txt": "00"}}',
            "lists files outside its folder (../outside.txt)",
        ),
        ('{"kind": "bundle", "files": {}}', "has no 'snapshot.manifest_sha256' string"),
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

    def crash_on_json(path: Path, data: bytes) -> None:
        if path.name == "findings.json":
            raise OSError("disk full")
        write_atomic(path, data)

    monkeypatch.setattr(bundle_module, "write_atomic", crash_on_json)
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
