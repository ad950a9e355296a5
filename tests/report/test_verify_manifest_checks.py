"""A manifest must describe its data: its record counts are checked against the files on
every read (the snapshot reader and `auditor verify`), and a `schema_version` the auditor
does not know is refused (exit 2) instead of verified as if it were understood."""

import json
import shutil
from pathlib import Path

import pytest

from auditor.errors import SnapshotError
from auditor.integrity.seal import sha256_of
from auditor.snapshot import read_snapshot
from tests.builders import agent, write_account
from tests.cli import run_cli

Capture = pytest.CaptureFixture[str]


def edit_manifest(directory: Path, **changes: object) -> None:
    path = directory / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = manifest
        for part in parents:
            target = target[part]
        target[last] = value
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return write_account(tmp_path / "snap", agents=[agent(n) for n in range(1, 54)])


def test_the_reader_refuses_a_manifest_that_claims_more_records_than_the_file_holds(
    snapshot: Path, capsys: Capture
) -> None:
    edit_manifest(snapshot, collections__agents__records=999)
    with pytest.raises(SnapshotError) as error:
        read_snapshot(snapshot)
    assert "the 'agents' collection holds 999 records, but agents.jsonl holds 53" in str(
        error.value
    )
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(snapshot.parent / "out"))
    assert result.code == 2
    assert "holds 999 records, but agents.jsonl holds 53" in result.err


def test_verify_names_a_collection_whose_count_does_not_match_its_file(
    snapshot: Path, capsys: Capture
) -> None:
    edit_manifest(snapshot, collections__agents__records=999, collections__roles__records=0)
    result = run_cli(capsys, "verify", str(snapshot))
    assert result.code == 1
    assert "  agents.jsonl: holds 53 records, the manifest says 999" in result.out
    assert "  roles.jsonl: holds 5 records, the manifest says 0" in result.out


def test_verify_names_a_miscounted_collection_of_a_bundles_snapshot(
    tmp_path: Path, capsys: Capture
) -> None:
    args = ["analyze", str(write_account(tmp_path / "snap", agents=[agent(1), agent(2)]))]
    assert run_cli(capsys, *args, "--out", str(tmp_path / "out")).code == 0
    # An `audit` bundle keeps its snapshot inside; this one is given the same shape.
    shutil.copytree(tmp_path / "snap", tmp_path / "out" / "snapshot")
    nested = tmp_path / "out" / "snapshot"
    edit_manifest(nested, collections__agents__records=7)
    edit_manifest(
        tmp_path / "out",
        snapshot__path="snapshot",
        snapshot__manifest_sha256=sha256_of(nested / "manifest.json"),
    )
    result = run_cli(capsys, "verify", str(tmp_path / "out"))
    assert result.code == 1
    assert "  snapshot/agents.jsonl: holds 2 records, the manifest says 7" in result.out


@pytest.mark.parametrize("version", [99, 0, "1", True, None])
@pytest.mark.parametrize("kind", ["snapshot", "bundle"])
def test_verify_refuses_a_schema_version_it_does_not_know(
    tmp_path: Path, capsys: Capture, version: object, kind: str
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1)])
    folder = snapshot
    if kind == "bundle":
        folder = tmp_path / "out"
        assert run_cli(capsys, "analyze", str(snapshot), "--out", str(folder)).code == 0
    edit_manifest(folder, schema_version=version)
    result = run_cli(capsys, "verify", str(folder))
    assert result.code == 2
    assert f"has schema_version {version!r}" in result.err
    assert "this auditor verifies schema_version 1" in result.err
    assert "Traceback" not in result.err


def test_verify_counts_the_scim_users_too(tmp_path: Path, capsys: Capture) -> None:
    from auditor.snapshot.manifest import ScimRecord
    from auditor.snapshot.writer import ScimCollected

    users = [{"id": f"u{n}", "userName": f"p{n}@acme.example", "active": True} for n in (1, 2)]
    record = ScimRecord(status="complete", base_url="https://acme.freshdesk.com/scim/v2", users=2)
    snapshot = write_account(
        tmp_path / "snap", agents=[agent(1)], scim=ScimCollected(record, users, [])
    )
    assert run_cli(capsys, "verify", str(snapshot)).code == 0
    edit_manifest(snapshot, scim__users=5)
    result = run_cli(capsys, "verify", str(snapshot))
    assert result.code == 1
    assert "  scim_users.jsonl: holds 2 records, the manifest says 5" in result.out
