"""Writing a snapshot: a folder that verifies, whatever an earlier killed run left in it."""

from pathlib import Path

from auditor.signing.verify import verify_directory
from tests.builders import agent, write_account


def test_a_snapshot_written_after_a_killed_run_holds_no_leftovers(tmp_path: Path) -> None:
    tmp_path.joinpath(".agents.jsonl.x8k2m1pq").write_text('{"id": 1')
    tmp_path.joinpath(".manifest.json.a1b2c3d4").write_text("{")
    write_account(tmp_path, agents=[agent(1)])
    assert verify_directory(tmp_path).discrepancies == []
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]
