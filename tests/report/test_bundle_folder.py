"""`analyze`, `audit` and `demo` write a bundle only into a folder that is new, empty, or an
earlier bundle: in any other folder the user's own files would sit beside the bundle,
unlisted by its manifest, and `auditor verify` would report the fresh evidence as altered."""

from pathlib import Path

import pytest

from auditor.fake import FakeFreshdesk
from tests.builders import agent, write_account
from tests.cli import run_cli
from tests.fake.accounts import KEY, TEST_QUIRKS, cli_args, small_account

Capture = pytest.CaptureFixture[str]
BUNDLE_FILE_NAMES = {"report.html", "findings.csv", "agents.csv", "manifest.json"}


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return write_account(tmp_path / "snap", agents=[agent(1), agent(2)])


def users_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    (folder / "drafts").mkdir(parents=True)
    (folder / "budget.xlsx").write_bytes(b"the user's own file")
    (folder / "drafts" / "memo.txt").write_text("also the user's")
    return folder


def assert_refused(result_err: str, folder: Path) -> None:
    assert f"--out {folder} is not empty and is not a report bundle" in result_err
    assert "budget.xlsx, drafts" in result_err
    assert "Traceback" not in result_err


def test_analyze_refuses_a_folder_holding_other_files(
    snapshot: Path, tmp_path: Path, capsys: Capture
) -> None:
    folder = users_folder(tmp_path)
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(folder))
    assert result.code == 2
    assert_refused(result.err, folder)
    assert {p.name for p in folder.iterdir()} == {"budget.xlsx", "drafts"}


@pytest.mark.parametrize("state", ["new", "empty", "earlier bundle", "interrupted bundle"])
def test_analyze_writes_into_a_new_or_empty_folder_or_over_its_own_bundle(
    snapshot: Path, tmp_path: Path, capsys: Capture, state: str
) -> None:
    out = tmp_path / "out"
    if state != "new":
        out.mkdir()
    if state in ("earlier bundle", "interrupted bundle"):
        assert run_cli(capsys, "analyze", str(snapshot), "--out", str(out)).code == 0
    if state == "interrupted bundle":
        # A run stopped after removing the old manifest, before writing the new one.
        (out / "manifest.json").unlink()
        (out / ".report.html.k2j4h5g6").write_text("half written")
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(out))
    assert result.code == 0, result.err
    assert {p.name for p in out.iterdir()} >= BUNDLE_FILE_NAMES
    assert run_cli(capsys, "verify", str(out)).code == 0


def test_audit_refuses_a_folder_holding_other_files_before_collecting(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    folder = users_folder(tmp_path)
    with FakeFreshdesk(small_account(tmp_path / "served"), api_key=KEY, quirks=TEST_QUIRKS) as fake:
        result = run_cli(capsys, *cli_args("audit", fake.url, folder))
        assert fake.requests == []
    assert result.code == 2
    assert_refused(result.err, folder)
    assert not (folder / "snapshot").exists()


def test_the_demo_refuses_a_folder_holding_other_files(tmp_path: Path, capsys: Capture) -> None:
    folder = users_folder(tmp_path)
    result = run_cli(capsys, "demo", "--out", str(folder))
    assert result.code == 2
    assert_refused(result.err, folder)
    assert {p.name for p in folder.iterdir()} == {"budget.xlsx", "drafts"}
