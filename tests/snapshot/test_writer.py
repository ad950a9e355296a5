"""Writing a snapshot: a folder that verifies, whatever an earlier killed run left in it."""

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from auditor.records import Invalid
from auditor.signing.verify import verify_directory
from auditor.snapshot import writer
from auditor.snapshot.manifest import Source
from auditor.snapshot.writer import Collected, EncodedLines, write_snapshot
from auditor.timestamps import parse_timestamp
from tests.builders import COLLECTED_AT, agent, write_account


def test_a_snapshot_written_after_a_killed_run_holds_no_leftovers(tmp_path: Path) -> None:
    tmp_path.joinpath(".agents.jsonl.x8k2m1pq").write_text('{"id": 1')
    tmp_path.joinpath(".manifest.json.a1b2c3d4").write_text("{")
    write_account(tmp_path, agents=[agent(1)])
    assert verify_directory(tmp_path).discrepancies == []
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_lines_encoded_ahead_are_the_bytes_encoding_at_the_end_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        {"id": 3, "name": "Zoë\u2028Line", "other_companies": [{"company_id": 2}]},
        {"id": 1, "name": "Ann", "email": None, "tags": ["a\nb", "\x85"]},
        {"id": 2, "name": "came from a resumed page"},
    ]
    ahead = EncodedLines()
    ahead.add(records[:2])
    encoded_when_written: list[list[Any]] = []
    json_lines = writer.json_lines

    def counted(items: Iterable[Mapping[str, Any]]) -> bytes:
        items = list(items)
        encoded_when_written.append(items)
        return json_lines(items)

    def contacts_file(directory: Path, encoded: EncodedLines | None) -> bytes:
        write_snapshot(
            directory,
            {"contacts": Collected(records=list(records), encoded=encoded)},
            source=Source(base_url="https://acme.freshdesk.com/api/v2", domain="acme"),
            collected_at=parse_timestamp(COLLECTED_AT),
        )
        return (directory / "contacts.jsonl").read_bytes()

    monkeypatch.setattr(writer, "json_lines", counted)
    assert contacts_file(tmp_path / "ahead", ahead) == contacts_file(tmp_path / "end", None)
    # Written with lines made ahead, only the record that had none was encoded.
    assert encoded_when_written[0] == [records[2]]


def test_a_manifest_the_reader_would_refuse_is_never_written(tmp_path: Path) -> None:
    # The records are dataclasses, which check nothing as they are made: the manifest is
    # read back as the reader reads it before it seals the snapshot.
    with pytest.raises(Invalid) as error:
        write_account(tmp_path, statuses={"agents": "bogus"})  # type: ignore[dict-item]
    assert error.value.field == "collections.agents.status"
    assert not (tmp_path / "manifest.json").exists()
