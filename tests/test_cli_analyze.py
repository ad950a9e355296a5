"""`auditor analyze`: a report from a good snapshot, exit 2 and nothing written from a bad one."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import ADMIN, OLD, agent, write_account
from tests.cli import run_cli


def test_analyze_writes_the_report_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1), agent(2, last_login_at=OLD)])
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    assert {"report.html", "findings.csv", "agents.csv"} <= {
        p.name for p in (tmp_path / "out").iterdir()
    }
    assert "1 findings" in result.out
    assert "FD-STALE-002" in (tmp_path / "out" / "findings.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "agents.jsonl").write_text("{not json\n"), "agents.jsonl: content differs"),
        (lambda d: (d / "manifest.json").write_text("{"), "manifest.json is not valid JSON"),
        (lambda d: (d / "manifest.json").unlink(), "has no manifest.json"),
        (
            lambda d: (d / "groups.jsonl").unlink(),
            "groups.jsonl: listed in the manifest but missing",
        ),
    ],
)
def test_a_damaged_snapshot_exits_2_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[Path], object],
    message: str,
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1, role_ids=[ADMIN])])
    damage(snapshot)
    out = tmp_path / "out"
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(out))
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_a_malformed_record_exits_2_naming_file_record_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1), agent(2, ticket_scope="global")])
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "agents.jsonl: record id 2 (line 2): field 'ticket_scope' is invalid" in result.err
    assert not (tmp_path / "out").exists()


def test_a_bad_as_of_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1)])
    result = run_cli(capsys, "analyze", str(snapshot), "--as-of", "last tuesday")
    assert result.code == 2
    assert "ISO 8601" in result.err


def test_as_of_moves_the_dormancy_judgement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(
        tmp_path / "snap", agents=[agent(1, last_login_at="2026-09-01T00:00:00Z")]
    )
    out = tmp_path / "out"
    later = run_cli(
        capsys, "analyze", str(snapshot), "--out", str(out), "--as-of", "2026-12-31T00:00:00Z"
    )
    assert later.code == 0
    assert "FD-STALE-002" in (out / "findings.csv").read_text(encoding="utf-8-sig")


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "analyze", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_out_the_bundle_goes_to_its_own_folder_under_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1)], domain="acme")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports" / "demo").mkdir(parents=True)  # another bundle already there
    result = run_cli(capsys, "analyze", str(snapshot), "--as-of", "2026-10-01T00:00:00Z")
    assert result.code == 0, result.err
    bundle = Path("reports") / "acme-2026-10-01"
    assert f"report: {bundle / 'report.html'}" in result.out
    assert run_cli(capsys, "verify", str(bundle)).code == 0


def test_an_error_quoting_crafted_data_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crafted = agent(1)
    crafted["id"] = "\x1b]0;owned\x07\x1b[2J"  # retitle the window, clear the screen
    snapshot = write_account(tmp_path / "snap", agents=[crafted])
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "\x1b" not in result.err
    assert "\\x1b]0;owned\\x07\\x1b[2J" in result.err
