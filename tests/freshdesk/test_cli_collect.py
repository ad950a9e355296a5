"""`auditor collect` and `auditor audit` as a user runs them: clear failures, no key anywhere."""

import base64
import logging
import os
import socket
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.errors import CollectError
from auditor.fake import REAL_API, Fault
from auditor.freshdesk.credentials import ApiKey
from tests.cli import run_cli
from tests.fake.accounts import (
    ServeFactory,
    assert_matches_served,
    cli_args,
    collect_from,
    small_account,
)

SECRET = "Sekr1t-Xq9vLm2Ww7"  # distinctive, so any leak is found by a plain search
FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)


@pytest.fixture
def refusing_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound here but not listening, so no other
    process can start listening on it while the test runs (a port merely found free can
    be taken by another test's server in the meantime)."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def collect_args(base_url: str, out: Path, *extra: str) -> list[str]:
    return cli_args("collect", base_url, out, *extra)


@pytest.fixture
def secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FRESHDESK_API_KEY", SECRET)
    return SECRET


def test_collect_writes_a_complete_snapshot(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str], secret_key: str
) -> None:
    server = serve(FAST_REAL, key=secret_key)
    result = run_cli(capsys, *collect_args(server.url, tmp_path / "snap"))
    assert result.code == 0, result.err
    assert (
        "Collected 17 agents (15 active/pending, the account's own count 15: reconciled), "
        "5 roles, 5 groups, 23 contacts, 7 companies"
    ) in result.out
    assert "(complete)" in result.out
    assert_matches_served(tmp_path / "snap", server)


def test_a_wrong_key_exits_2_naming_the_endpoint(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str], secret_key: str
) -> None:
    server = serve(FAST_REAL, key="the-right-key")
    result = run_cli(capsys, *collect_args(server.url, tmp_path / "snap"))
    assert result.code == 2
    assert "refused the API key (401 Unauthorized) for GET /api/v2/agents/me" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "snap").exists()


@pytest.mark.parametrize("domain", ["acme_support", "acme.evil.example", "-acme"])
def test_an_invalid_domain_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret_key: str, domain: str
) -> None:
    result = run_cli(capsys, "collect", "--domain", domain, "--out", str(tmp_path / "snap"))
    assert result.code == 2
    assert "is not a Freshdesk subdomain" in result.err
    assert not (tmp_path / "snap").exists()


def test_an_unreachable_host_exits_2_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret_key: str, refusing_port: int
) -> None:
    url = f"http://127.0.0.1:{refusing_port}"
    result = run_cli(capsys, *collect_args(url, tmp_path / "snap"))
    assert result.code == 2
    assert f"Cannot reach Freshdesk at {url}/api/v2 (connection refused)" in result.err
    assert not (tmp_path / "snap").exists()


def test_plain_http_to_a_remote_host_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret_key: str
) -> None:
    result = run_cli(capsys, *collect_args("http://freshdesk.internal.example", tmp_path / "s"))
    assert result.code == 2
    assert "plain http://" in result.err


def test_a_next_link_to_another_host_is_refused(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str], secret_key: str
) -> None:
    server = serve(replace(FAST_REAL, link_base="http://127.0.0.2:9"), key=secret_key)
    result = run_cli(capsys, *collect_args(server.url, tmp_path / "snap"))
    assert result.code == 2
    assert "next-page link to another host (127.0.0.2:9)" in result.err


def test_no_key_or_a_key_as_a_flag_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    result = run_cli(capsys, "collect", "--domain", "acme", "--out", str(tmp_path / "s"))
    assert (result.code, "FRESHDESK_API_KEY" in result.err) == (2, True)
    flagged = run_cli(
        capsys, "collect", "--domain", "acme", "--out", str(tmp_path / "s"), "--api-key", SECRET
    )
    assert flagged.code == 2
    assert SECRET not in flagged.err


def test_audit_collects_then_writes_the_report(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str], secret_key: str
) -> None:
    server = serve(FAST_REAL, key=secret_key)
    args = collect_args(server.url, tmp_path / "audit")
    args[0] = "audit"
    result = run_cli(capsys, *args, "--as-of", "2026-09-30T12:00:00Z")
    assert result.code == 0, result.err
    assert {"report.html", "findings.csv", "agents.csv", "manifest.json", "snapshot"} <= {
        p.name for p in (tmp_path / "audit").iterdir()
    }
    assert_matches_served(tmp_path / "audit" / "snapshot", server)
    assert "report:" in result.out


def leaks(text: str | bytes) -> bool:
    data = text.encode() if isinstance(text, str) else text
    encoded = base64.b64encode(f"{SECRET}:X".encode())
    return SECRET.encode() in data or encoded in data


def test_the_key_appears_in_no_file_and_no_output(
    tmp_path: Path,
    serve: ServeFactory,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Success with retries, a refused key, a partial run and a failed one leave no key."""
    faults = (
        Fault("status", status=503, path="/contacts", page=2),
        Fault("drop", path="/agents", page=1),
        Fault("truncate", path="/companies", page=1),
        Fault("malformed", path="/roles", page=1),
    )
    good = serve(replace(FAST_REAL, faults=faults), key=SECRET)
    wrong = serve(FAST_REAL, key="another-key")
    key_file = tmp_path / "key.txt"
    key_file.write_text(SECRET + "\n")
    env = {k: v for k, v in os.environ.items() if k != "FRESHDESK_API_KEY"}
    outputs: list[bytes | str] = []
    for args, extra_env in [
        (collect_args(good.url, tmp_path / "ok"), {"FRESHDESK_API_KEY": SECRET}),
        (
            ["--debug", *collect_args(wrong.url, tmp_path / "refused")],
            {"FRESHDESK_API_KEY": SECRET},
        ),
        (
            [
                "--debug",
                *collect_args(wrong.url, tmp_path / "refused2", "--api-key-file", str(key_file)),
            ],
            {},
        ),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "auditor", *args],
            env={**env, **extra_env},
            capture_output=True,
            timeout=120,
            check=False,
        )
        outputs += [done.stdout, done.stderr]
    assert b"Collected" in outputs[0]
    assert b"Traceback" in outputs[3]  # --debug printed one, and it holds no key either

    # A collection that keeps failing: recorded partial, then (without --allow-partial) fatal.
    partial_data = small_account(tmp_path / "partial-served")
    manifest = partial_data / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"status": "complete"', '"status": "partial"'))
    failing = serve(FAST_REAL, data=partial_data, key=SECRET)
    caplog.set_level(logging.DEBUG)
    collect_from(failing, tmp_path / "partial", key=ApiKey(SECRET), allow_partial=True)
    with pytest.raises(CollectError) as stopped:
        collect_from(failing, tmp_path / "stopped", key=ApiKey(SECRET))
    captured = capsys.readouterr()
    outputs += [
        "".join(traceback.format_exception(stopped.value)),
        captured.out,
        captured.err,
        caplog.text,
    ]
    assert not [output for output in outputs if leaks(output)]
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != key_file]
    assert {"ok", "partial", "stopped"} <= {p.relative_to(tmp_path).parts[0] for p in written}
    assert [p for p in written if leaks(p.read_bytes())] == []


@pytest.mark.parametrize("allow_partial", [False, True], ids=["strict", "allow-partial"])
@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "refused GET /api/v2/agents/me (403 Forbidden"),
        (503, "GET /api/v2/agents/me failed 4 times in a row (last: 503"),
    ],
    ids=["403", "503"],
)
def test_a_failing_first_request_never_suggests_allow_partial(
    serve: ServeFactory, tmp_path: Path, status: int, message: str, allow_partial: bool
) -> None:
    """`/agents/me` names the key's owner; no snapshot can do without it."""
    fault = Fault("status", status=status, path="/agents/me", times=0)
    server = serve(replace(FAST_REAL, faults=(fault,)))
    with pytest.raises(CollectError) as error:
        collect_from(server, tmp_path / "snap", allow_partial=allow_partial)
    assert message in str(error.value)
    assert "--allow-partial" not in str(error.value)
    assert "--base-url" not in str(error.value)
    assert not (tmp_path / "snap").exists()
