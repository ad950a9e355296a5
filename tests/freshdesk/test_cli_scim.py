"""`auditor audit --scim-token-file` as a user runs it: the SCIM section, refusals recorded,
bad flags exit 2, and the token in no file and no output."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.fake.command import parse_variants
from tests.cli import run_cli
from tests.fake.accounts import KEY, TEST_QUIRKS, ServeFactory, cli_args

TOKEN = "Scim-Tok3n-Vq8ZpR"  # distinctive, so any leak is found by a plain search


@pytest.fixture
def token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    monkeypatch.delenv("FRESHDESK_SCIM_TOKEN", raising=False)
    path = tmp_path / "scim-token.txt"
    path.write_text(TOKEN + "\n")
    return path


def audit(capsys: pytest.CaptureFixture[str], url: str, out: Path, *extra: str) -> object:
    args = cli_args("audit", url, out, *extra, "--as-of", "2026-09-30T12:00:00Z")
    return run_cli(capsys, *args)


def test_audit_with_a_scim_token_shows_the_reconciliation_and_leaks_no_token(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str], token_file: Path
) -> None:
    server = serve(replace(TEST_QUIRKS, scim_token=TOKEN))
    result = audit(capsys, server.url, tmp_path / "out", "--scim-token-file", str(token_file))
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "SCIM reconciliation" in html
    # Every agent of the fake account has a SCIM user as active as it is: nothing to flag.
    assert "Every active agent has an active SCIM user." in html
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert [p for p in written if TOKEN.encode() in p.read_bytes()] == []
    assert TOKEN not in result.out + result.err  # type: ignore[attr-defined]


def test_an_account_without_scim_is_audited_as_before_with_scim_recorded_unavailable(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str], token_file: Path
) -> None:
    server = serve(replace(TEST_QUIRKS, scim_endpoint="missing"))
    with_token = audit(capsys, server.url, tmp_path / "a", "--scim-token-file", str(token_file))
    without = audit(capsys, server.url, tmp_path / "b")
    assert with_token.code == without.code == 0  # type: ignore[attr-defined]
    assert "SCIM unavailable:" in with_token.out  # type: ignore[attr-defined]
    assert "SCIM" not in without.out  # type: ignore[attr-defined]
    manifest = json.loads((tmp_path / "a" / "snapshot" / "manifest.json").read_text())
    assert manifest["scim"]["status"] == "unavailable"
    html = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    assert "the account offers no SCIM at this address" in html
    assert 'id="scim"' not in (tmp_path / "b" / "report.html").read_text("utf-8")

    def findings(out: Path) -> set[tuple[str, str]]:
        document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        return {(f["finding_id"], f["status"]) for f in document["findings"]}

    assert findings(tmp_path / "a") == findings(tmp_path / "b")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scim-token-file", "/nonexistent/token"], "Cannot read the SCIM token file"),
        (["--scim-base-url", "http://scim.example/scim/v2"], "unencrypted"),
    ],
)
def test_bad_scim_flags_exit_2(
    serve: ServeFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    token_file: Path,
    extra: list[str],
    message: str,
) -> None:
    server = serve()
    result = audit(capsys, server.url, tmp_path / "out", *extra)
    assert result.code == 2  # type: ignore[attr-defined]
    assert message in result.err  # type: ignore[attr-defined]
    assert "Traceback" not in result.err  # type: ignore[attr-defined]


def test_the_fake_server_switches_scim_off() -> None:
    assert parse_variants(("scim=forbidden", "no-scim-groups")) == {
        "scim_endpoint": "forbidden",
        "scim_groups": False,
    }
