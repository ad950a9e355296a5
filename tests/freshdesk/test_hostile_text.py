"""Text that broke the tool: a lone UTF-16 surrogate, Unicode line separators, NUL and ESC.

The snapshot keeps every record as the API sent it (escaped in the JSON, so each file is
valid UTF-8 with one record per line); the reports show such characters neutralised.
"""

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.fake import REAL_API, FakeFreshdesk
from tests.cli import run_cli
from tests.fake.accounts import KEY, ServeFactory, cli_args, data_records, serving

FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)
SURROGATE_NAME = "Broken \ud800 Name"
SEPARATORS_NAME = "Line\u2028Separator\u2029Paragraph\x85Next"
CONTROLS_NAME = "Nul\x00Esc\x1b[31mRed\x7fDel"


def hostile_server(serve: ServeFactory) -> FakeFreshdesk:
    """The small account, with hostile names on an agent, a contact and a company."""
    server = serve(FAST_REAL)
    account = server.account
    account.agents[10]["contact"]["name"] = SURROGATE_NAME
    account.agents[11]["contact"]["name"] = SEPARATORS_NAME
    account.agents[12]["contact"]["name"] = CONTROLS_NAME
    account.contacts[1000]["name"] = SURROGATE_NAME
    account.contacts[1001]["name"] = SEPARATORS_NAME
    account.companies[1]["name"] = CONTROLS_NAME
    return server


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)


def test_collect_keeps_hostile_text_as_sent_in_valid_one_line_records(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = hostile_server(serve)
    result = run_cli(capsys, *cli_args("collect", server.url, tmp_path / "snap"))
    assert result.code == 0, result.err
    agents_file = (tmp_path / "snap" / "agents.jsonl").read_bytes()
    agents_file.decode("utf-8")  # valid UTF-8: the surrogate is escaped, not encoded
    lines = agents_file.split(b"\n")
    assert not any(separator in agents_file for separator in ("\u2028".encode(), b"\xc2\x85"))
    assert b"\\ud800" in agents_file
    # One record per line: as many lines as the manifest counts records.
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["collections"]["agents"]["records"] >= 14
    assert len([line for line in lines if line]) == manifest["collections"]["agents"]["records"]
    names = {r["id"]: r["contact"]["name"] for r in data_records(tmp_path / "snap", "agents.jsonl")}
    assert (names[10], names[11], names[12]) == (SURROGATE_NAME, SEPARATORS_NAME, CONTROLS_NAME)


def test_fake_freshdesk_serves_a_collected_snapshot_with_hostile_text(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = hostile_server(serve)
    first = run_cli(capsys, *cli_args("collect", server.url, tmp_path / "first"))
    assert first.code == 0, first.err
    with serving(tmp_path / "first", FAST_REAL) as replay:
        assert replay.account.agents[11]["contact"]["name"] == SEPARATORS_NAME
        again = run_cli(capsys, *cli_args("collect", replay.url, tmp_path / "again"))
    assert again.code == 0, again.err
    for name in ("agents.jsonl", "contacts.jsonl", "companies.jsonl"):
        assert data_records(tmp_path / "again", name) == data_records(tmp_path / "first", name)


def test_analyze_reads_hostile_text_and_neutralises_it_in_every_report(
    serve: ServeFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = hostile_server(serve)
    assert run_cli(capsys, *cli_args("collect", server.url, tmp_path / "snap")).code == 0
    result = run_cli(capsys, "analyze", str(tmp_path / "snap"), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    out = tmp_path / "out"
    for path in out.iterdir():
        if path.suffix in (".csv", ".html"):
            text = path.read_bytes().decode("utf-8")
            assert not [c for c in text if c in "\x00\x1b\x7f\x85"], path.name
    rows = list(csv.DictReader(io.StringIO((out / "agents.csv").read_text("utf-8-sig"))))
    names = {row["id"]: row["name"] for row in rows}
    assert names["10"] == "Broken \ufffd Name"
    assert names["11"] == "Line\u2028Separator\u2029Paragraph\ufffdNext"
    assert names["12"] == "Nul\ufffdEsc\ufffd[31mRed\ufffdDel"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Nul\ufffdEsc\ufffd[31mRed" in report
    # The report says which records held text that is not valid Unicode.
    assert "agents.jsonl" in report
    assert "unpaired UTF-16 surrogate" in report
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert "\ud800" not in json.dumps(findings)
    assert run_cli(capsys, "verify", str(out)).code == 0
