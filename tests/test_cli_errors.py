"""Every command's error paths as a user meets them: exit 2, one paragraph, no traceback,
and nothing written where existing evidence lives."""

import shutil
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.fake import REAL_API, FakeFreshdesk
from auditor.integrity.names import MANIFEST_NAME
from auditor.signing.verify import verify_directory
from tests.cli import run_cli
from tests.fake.accounts import KEY, cli_args, small_account

FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeFreshdesk]:
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    with FakeFreshdesk(small_account(tmp_path / "served"), api_key=KEY, quirks=FAST_REAL) as fake:
        yield fake


@pytest.fixture
def sealed_snapshot(tmp_path: Path) -> Path:
    """Last quarter's evidence: a finished snapshot that must never be touched."""
    return shutil.copytree(small_account(tmp_path / "source"), tmp_path / "evidence")


def collect_args(command: str, server: FakeFreshdesk, out: Path) -> list[str]:
    return cli_args(command, server.url, out)


def assert_untouched(snapshot: Path, manifest: bytes) -> None:
    assert (snapshot / MANIFEST_NAME).read_bytes() == manifest
    assert verify_directory(snapshot).discrepancies == []


@pytest.mark.parametrize("command", ["audit", "collect"])
def test_collecting_inside_a_sealed_snapshot_is_refused(
    server: FakeFreshdesk,
    sealed_snapshot: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    manifest = (sealed_snapshot / MANIFEST_NAME).read_bytes()
    result = run_cli(capsys, *collect_args(command, server, sealed_snapshot / "q4"))
    assert result.code == 2
    assert f"is inside {sealed_snapshot}, which holds a finished snapshot" in result.err
    assert "Traceback" not in result.err
    assert not (sealed_snapshot / "q4").exists()
    assert server.requests == []
    assert_untouched(sealed_snapshot, manifest)


def test_an_audit_never_writes_its_report_over_a_snapshot(
    server: FakeFreshdesk, sealed_snapshot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = (sealed_snapshot / MANIFEST_NAME).read_bytes()
    result = run_cli(capsys, *collect_args("audit", server, sealed_snapshot))
    assert result.code == 2
    assert "holds a snapshot, not a report bundle" in result.err
    assert server.requests == []  # refused before any of the budget was spent
    assert not (sealed_snapshot / "snapshot").exists()
    assert_untouched(sealed_snapshot, manifest)


def test_the_demo_never_writes_its_report_over_a_snapshot(
    sealed_snapshot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = (sealed_snapshot / MANIFEST_NAME).read_bytes()
    result = run_cli(capsys, "demo", "--out", str(sealed_snapshot))
    assert result.code == 2
    assert "holds a snapshot, not a report bundle" in result.err
    assert_untouched(sealed_snapshot, manifest)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--policy", "broken.toml", "key 'dormant_dayz' (line 1) is not a policy key"),
        ("--policy", "missing.toml", "Cannot read the policy file"),
        ("--roster", "missing.csv", "does not exist"),
        ("--previous-review", "missing.csv", "does not exist"),
        ("--baseline", "missing", "The baseline"),
    ],
    ids=["broken-policy", "missing-policy", "missing-roster", "missing-review", "no-baseline"],
)
def test_an_audit_checks_its_analysis_inputs_before_collecting(
    server: FakeFreshdesk,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
    message: str,
) -> None:
    (tmp_path / "broken.toml").write_text("dormant_dayz = 30\n")
    out = tmp_path / "audit"
    args = collect_args("audit", server, out)
    result = run_cli(capsys, *args, option, str(tmp_path / value))
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert server.requests == []  # no part of the account's budget spent on a doomed run
    assert not out.exists()


def test_a_finished_snapshot_points_to_resume(
    server: FakeFreshdesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An audit whose analysis failed keeps its snapshot; the rerun says how to reuse it."""
    out = tmp_path / "audit"
    assert run_cli(capsys, *collect_args("collect", server, out / "snapshot")).code == 0
    again = run_cli(capsys, *collect_args("audit", server, out))
    assert again.code == 2
    assert "--resume" in again.err
    resumed = run_cli(capsys, *collect_args("audit", server, out), "--resume")
    assert resumed.code == 0, resumed.err
    assert "was already complete" in resumed.out
    assert (out / "report.html").exists()


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield int(taken.getsockname()[1])


def test_every_command_refuses_bad_input_with_exit_2_and_no_traceback(
    tmp_path: Path,
    sealed_snapshot: Path,
    busy_port: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("not a folder")
    empty_key = tmp_path / "empty.key"
    empty_key.write_text("\n")
    missing = str(tmp_path / "missing")
    out = str(tmp_path / "out")
    collect = ["collect", "--domain", "acme", "--out", out]
    cases: dict[str, tuple[list[str], str]] = {
        "unknown flag": (["collect", "--bogus"], "No such option"),
        "unknown command": (["collate"], "No such command"),
        "no domain": (["collect", "--out", out], "Missing option '--domain'"),
        "no out": (["audit", "--domain", "acme"], "Missing option '--out'"),
        "domain with spaces": (["collect", "--domain", "ac me", "--out", out], "subdomain"),
        "domain as a url": (
            ["collect", "--domain", "https://acme.freshdesk.com/api/v2", "--out", out],
            "subdomain",
        ),
        "userinfo in base url": (
            [*collect, "--base-url", "https://user:pw@acme.example"],
            "must not contain a user name or password",
        ),
        "plain http far away": ([*collect, "--base-url", "http://10.1.2.3"], "plain http://"),
        "not a url": ([*collect, "--base-url", "acme.example:443"], "must be an https:// URL"),
        "out is a file": (["collect", "--domain", "acme", "--out", str(a_file)], "is a file"),
        "missing key file": ([*collect, "--api-key-file", missing], "Cannot read the API key"),
        "empty key file": ([*collect, "--api-key-file", str(empty_key)], "is empty"),
        "max-rpm zero": ([*collect, "--max-rpm", "0"], "--max-rpm"),
        "budget share above 1": ([*collect, "--budget-share", "1.5"], "--budget-share"),
        "per-page above 100": ([*collect, "--per-page", "101"], "--per-page"),
        "as-of garbage": (
            ["analyze", str(sealed_snapshot), "--out", out, "--as-of", "last tuesday"],
            "ISO 8601",
        ),
        "missing snapshot": (["analyze", missing, "--out", out], "does not exist"),
        "snapshot is a file": (["analyze", str(a_file)], "is a file"),
        "report inside the snapshot": (
            ["analyze", str(sealed_snapshot), "--out", str(sealed_snapshot / "report")],
            "inside it",
        ),
        "diff of a missing snapshot": (["diff", str(sealed_snapshot), missing], "does not exist"),
        "verify a file": (["verify", str(a_file)], "not a directory"),
        "verify a folder without manifest": (["verify", str(tmp_path)], "no manifest.json"),
        "demo into a file": (["demo", "--out", str(a_file)], "is a file"),
        "fake on a busy port": (
            ["fake-freshdesk", "--port", str(busy_port)],
            f"Cannot listen on 127.0.0.1:{busy_port}",
        ),
        "fake without data": (["fake-freshdesk", "--data", missing], "does not exist"),
        "fake with a bad fault": (["fake-freshdesk", "--fault", "explode"], "--fault"),
    }
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    failures = {}
    for name, (args, message) in cases.items():
        result = run_cli(capsys, *args)
        if result.code != 2 or message not in result.err or "Traceback" in result.err:
            failures[name] = (result.code, result.err)
    assert failures == {}
    assert not Path(out).exists()
    monkeypatch.setenv("FRESHDESK_API_KEY", " ")
    no_key = run_cli(capsys, *collect)
    assert (no_key.code, "FRESHDESK_API_KEY" in no_key.err) == (2, True)
