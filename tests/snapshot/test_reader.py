"""Reading a snapshot: everything checked first, every problem named."""

import json
from pathlib import Path

import pytest

from auditor.errors import RecordError, SnapshotError
from auditor.models import AgentState
from auditor.snapshot import read_snapshot
from tests.builders import ADMIN, AGENT, agent, contact, group, write_account


def _rewrite_line(path: Path, line: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_round_trip_keeps_every_record(tmp_path: Path) -> None:
    write_account(
        tmp_path,
        agents=[agent(2, name="李雷"), agent(1, name="José, Jr.")],
        inactive_agents=[agent(3, active=False, last_login_at=None)],
        groups=[group(5, agent_ids=[1])],
        contacts=[contact(7)],
    )
    account = read_snapshot(tmp_path)
    assert list(account.agents) == [1, 2, 3]
    assert account.agents[2].name == "李雷"
    assert account.agents[3].state is AgentState.PENDING
    assert account.agents[3].listed_inactive
    assert list(account.groups) == [5]
    assert list(account.contacts) == [7]
    assert account.manifest.collections["agents"].records == 2


def test_a_missing_manifest_means_no_snapshot(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)])
    (tmp_path / "manifest.json").unlink()
    with pytest.raises(SnapshotError, match=r"no manifest\.json"):
        read_snapshot(tmp_path)


def test_a_foreign_schema_version_is_refused(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["schema_version"] = 99
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="schema_version 99"):
        read_snapshot(tmp_path)


def test_an_altered_data_file_is_refused_by_name(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1, role_ids=[AGENT])])
    agents = tmp_path / "agents.jsonl"
    agents.write_text(agents.read_text().replace(f"[{AGENT}]", f"[{ADMIN}]"))
    with pytest.raises(SnapshotError, match=r"agents\.jsonl: content differs"):
        read_snapshot(tmp_path)


def test_a_deleted_data_file_is_refused_by_name(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)])
    (tmp_path / "roles.jsonl").unlink()
    with pytest.raises(SnapshotError, match=r"roles\.jsonl: listed in the manifest but missing"):
        read_snapshot(tmp_path)


def _reseal(directory: Path) -> None:
    """Recompute the hashes so a test reaches the record checks behind the hash check."""
    from auditor.integrity import sha256_of

    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["files"] = {name: sha256_of(directory / name) for name in manifest["files"]}
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1), agent(2)])
    _rewrite_line(tmp_path / "agents.jsonl", 2, '{"id": 2, "contact": ')
    _reseal(tmp_path)
    with pytest.raises(SnapshotError, match=r"agents\.jsonl, line 2: not valid JSON"):
        read_snapshot(tmp_path)


def test_a_missing_field_names_file_record_and_field(tmp_path: Path) -> None:
    record = agent(42)
    del record["created_at"]
    write_account(tmp_path, agents=[agent(1), record])
    with pytest.raises(RecordError) as error:
        read_snapshot(tmp_path)
    message = str(error.value)
    assert "agents.jsonl" in message
    assert "record id 42 (line 2)" in message
    assert "'created_at' is required but missing" in message


def test_a_wrong_type_names_file_record_and_field(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)], groups=[group(5, agent_ids=["one"])])
    with pytest.raises(RecordError) as error:
        read_snapshot(tmp_path)
    assert error.value.source == "groups.jsonl"
    assert error.value.record == "record id 5 (line 1)"
    assert error.value.field == "agent_ids.0"


def test_a_record_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)])
    _rewrite_line(tmp_path / "agents.jsonl", 1, "[1, 2]")
    _reseal(tmp_path)
    with pytest.raises(RecordError, match="is not a JSON object"):
        read_snapshot(tmp_path)


def test_a_duplicated_record_is_refused(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1), agent(1)])
    with pytest.raises(SnapshotError, match="record id 1 appears twice"):
        read_snapshot(tmp_path)


def test_an_agent_in_both_listings_keeps_its_newest_record(tmp_path: Path) -> None:
    before = agent(1, updated_at="2026-09-01T00:00:00Z")
    after = agent(1, active=False, updated_at="2026-09-02T00:00:00Z")
    write_account(tmp_path, agents=[before], inactive_agents=[after])
    account = read_snapshot(tmp_path)
    assert account.agents[1].state is AgentState.DEACTIVATED
    assert any("both the active and the inactive listing" in note for note in account.notes)


def test_a_manifest_without_a_core_collection_is_refused(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    del manifest["collections"]["agents_inactive"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="no 'agents_inactive' collection"):
        read_snapshot(tmp_path)


def test_the_collectors_checkpoint_folder_is_not_an_extra_file(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)])
    (tmp_path / ".partial").mkdir()
    (tmp_path / ".partial" / "page-0001.json").write_text("{}")
    assert list(read_snapshot(tmp_path).agents) == [1]
