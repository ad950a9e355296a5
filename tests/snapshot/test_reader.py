"""Reading a snapshot: everything checked first, every problem named."""

import json
import re
from pathlib import Path

import pytest

from auditor.errors import RecordError, SnapshotError
from auditor.models import AgentId, AgentState
from auditor.snapshot import read_snapshot
from tests.builders import ADMIN, AGENT, agent, contact, group, write_account
from tests.cli import run_cli


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
    assert account.contact_table.total == 1
    assert not account.contacts  # contact 7 carries no access: a row, not an object
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
    from auditor.integrity.seal import sha256_of

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


def _write_line(directory: Path, file_name: str, data: bytes) -> None:
    (directory / file_name).write_bytes(data)
    _reseal(directory)


AGENT_LINE = json.dumps(agent(1)).encode()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
        (AGENT_LINE[:-1] + b', "nested": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n", "nested"),
        (b"\xff\xfe" + AGENT_LINE + b"\n", "not UTF-8 text"),
        (AGENT_LINE[:-1] + b', "id": 2}\n', "the key 'id' appears twice in one object"),
        (AGENT_LINE[:-1] + b', "score": NaN}\n', "NaN is not a JSON number"),
        (AGENT_LINE[:-1] + b', "score": 1e999}\n', "the number 1e999 is out of range"),
        (AGENT_LINE.replace(b'"id": 1', b'"id": ' + b"9" * 5000) + b"\n", "more digits"),
        (b"\xef\xbb\xbf" + AGENT_LINE + b"\n", "Unexpected UTF-8 BOM"),
    ],
)
def test_a_hostile_line_is_a_snapshot_error_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, problem: str
) -> None:
    write_account(tmp_path / "snapshot", agents=[agent(1)])
    _write_line(tmp_path / "snapshot", "agents.jsonl", data)
    with pytest.raises(
        SnapshotError, match=r"agents\.jsonl, line 1: not valid JSON|UTF-8"
    ) as error:
        read_snapshot(tmp_path / "snapshot")
    assert problem in str(error.value)
    # On the command line: one paragraph, exit 2, never a traceback.
    result = run_cli(capsys, "analyze", str(tmp_path / "snapshot"), "--out", str(tmp_path / "r"))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("Error: agents.jsonl, line 1: ")
    assert "Traceback" not in result.err


def test_a_lone_surrogate_is_read_as_the_replacement_character_with_a_note(
    tmp_path: Path,
) -> None:
    """The API sent `"\\ud800"`: the snapshot keeps it, the auditor reads U+FFFD and says so."""
    write_account(tmp_path, agents=[agent(1)])
    line = AGENT_LINE.replace(b'"name": "', b'"name": "\\ud800')
    _write_line(tmp_path, "agents.jsonl", line + b"\n")
    account = read_snapshot(tmp_path)
    assert account.agents[AgentId(1)].name == "\ufffdAgent 1"
    assert account.notes == [
        "agents.jsonl: record id 1 (line 1) holds text that is not valid Unicode (an unpaired "
        "UTF-16 surrogate, as the API sent it). The snapshot keeps it as sent; the report "
        "shows it as U+FFFD (\ufffd)."
    ]


@pytest.mark.parametrize(
    "content",
    [
        '{"schema_version": 1, "deep": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"schema_version": 1, "schema_version": 1}',
        '{"schema_version": NaN}',
    ],
)
def test_a_hostile_manifest_is_a_snapshot_error(tmp_path: Path, content: str) -> None:
    write_account(tmp_path, agents=[agent(1)])
    (tmp_path / "manifest.json").write_text(content)
    with pytest.raises(SnapshotError, match=r"manifest\.json is not valid JSON"):
        read_snapshot(tmp_path)


@pytest.mark.parametrize("wrong", [True, 1.0, "1"])
def test_the_schema_version_must_be_the_integer_itself(tmp_path: Path, wrong: object) -> None:
    write_account(tmp_path, agents=[agent(1)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["schema_version"] = wrong
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match=re.escape(f"has schema_version {wrong!r}")):
        read_snapshot(tmp_path)


def test_manifest_fields_are_typed_strictly(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[agent(1)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["collections"]["agents"]["records"] = True
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match=r"field 'collections\.agents\.records' must be an"):
        read_snapshot(tmp_path)


def test_a_manifest_field_the_auditor_does_not_know_is_refused(tmp_path: Path) -> None:
    # The auditor's own file, unlike an API record: an unknown field is damage or another
    # tool's writing, never something to read past.
    write_account(tmp_path, agents=[agent(1)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["source"]["complete"] = True
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match=r"field 'source\.complete' is not a field of Source"):
        read_snapshot(tmp_path)


@pytest.mark.parametrize("name", ["../outside/roles.jsonl", "OUTSIDE", "./roles.jsonl"])
def test_a_manifest_cannot_make_the_reader_open_a_file_outside_the_snapshot(
    tmp_path: Path, name: str
) -> None:
    """A crafted manifest points a collection at a valid, correctly hashed file elsewhere."""
    write_account(tmp_path / "snapshot", agents=[agent(1, role_ids=[ADMIN])])
    outside = tmp_path / "outside" / "roles.jsonl"
    outside.parent.mkdir()
    outside.write_text((tmp_path / "snapshot" / "roles.jsonl").read_text())
    name = name.replace("OUTSIDE", str(outside))
    manifest = json.loads((tmp_path / "snapshot" / "manifest.json").read_text())
    manifest["collections"]["roles"]["file"] = name
    manifest["files"][name] = manifest["files"].pop("roles.jsonl")
    (tmp_path / "snapshot" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="is not the name of a file inside the snapshot"):
        read_snapshot(tmp_path / "snapshot")


def test_a_hashed_file_named_outside_the_snapshot_is_refused_by_its_key(tmp_path: Path) -> None:
    # No collection points at it: the name in `files` is refused on its own.
    write_account(tmp_path, agents=[agent(1)])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["files"]["../elsewhere.jsonl"] = "0" * 64
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(
        SnapshotError, match=r"field 'files\.\.\./elsewhere\.jsonl' '\.\./elsewhere"
    ):
        read_snapshot(tmp_path)


def test_a_data_file_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    write_account(tmp_path / "snapshot", agents=[agent(1)])
    kept = tmp_path / "elsewhere.jsonl"
    (tmp_path / "snapshot" / "roles.jsonl").rename(kept)
    (tmp_path / "snapshot" / "roles.jsonl").symlink_to(kept)
    with pytest.raises(SnapshotError, match=r"roles\.jsonl: a symbolic link"):
        read_snapshot(tmp_path / "snapshot")
