"""`auditor demo`: the sample account collected over HTTP from the fake server, then audited."""

import json
from pathlib import Path

import pytest

from auditor.demo import SAMPLE_DATA, DemoInputs
from auditor.fake.account import FakeAccount
from auditor.integrity.names import MANIFEST_NAME
from auditor.snapshot.reader import read_manifest
from tests.cli import run_cli


def finding_keys(findings_json: Path) -> set[tuple[str, str]]:
    document = json.loads(findings_json.read_text(encoding="utf-8"))
    return {(f["finding_id"], f["status"]) for f in document["findings"]}


def test_demo_writes_the_report_from_a_complete_collection_over_http(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newcomer's first run shows what complete evidence looks like."""
    out = tmp_path / "demo"
    result = run_cli(capsys, "demo", "--out", str(out))
    assert result.code == 0, result.err
    assert f"report: {out / 'report.html'}" in result.out
    assert "INCOMPLETE" not in result.out
    # The account's own count beside the collected one (active agents and invitations).
    assert "63 agents (56 active/pending, the account's own count 56: reconciled)" in result.out
    assert {"report.html", "findings.csv", "agents.csv", "access_review.csv", MANIFEST_NAME} <= {
        p.name for p in out.iterdir()
    }
    sample = SAMPLE_DATA / "snapshot"
    collected = out / "snapshot"
    for name in read_manifest(sample).files:
        assert (collected / name).read_bytes() == (sample / name).read_bytes(), name
    manifest = read_manifest(collected)
    assert manifest.source.base_url.startswith("http://127.0.0.1:")
    assert {c.status for c in manifest.collections.values()} == {"complete"}
    # The same inputs, analysed straight from the sample snapshot: the same findings but
    # the one about the sample's incomplete evidence.
    direct = DemoInputs.from_sample().analysis(FakeAccount.load(sample)).run(sample)
    assert finding_keys(out / "findings.json") == {
        (f.finding_id, f.status) for f in direct.findings if f.rule_id != "FD-EVID-001"
    }
    assert "Incomplete evidence" not in (out / "report.html").read_text(encoding="utf-8")


def test_demo_with_failures_shows_the_incomplete_evidence_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    result = run_cli(capsys, "demo", "--with-failures", "--out", str(out))
    assert result.code == 0, result.err
    assert "INCOMPLETE: contacts" in result.out  # the sample's contacts listing failed midway
    sample = SAMPLE_DATA / "snapshot"
    assert read_manifest(out / "snapshot").collections["contacts"].status == "partial"
    # Exactly the findings planted in the sample (sample_data/planted.json), FD-EVID-001 too.
    direct = DemoInputs.from_sample().analysis(FakeAccount.load(sample)).run(sample)
    assert finding_keys(out / "findings.json") == {
        (f.finding_id, f.status) for f in direct.findings
    }
    assert "FD-EVID-001" in {f.rule_id for f in direct.findings}
    assert "Incomplete evidence" in (out / "report.html").read_text(encoding="utf-8")


def test_demo_runs_again_over_its_previous_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert run_cli(capsys, "demo", "--out", str(out)).code == 0
    again = run_cli(capsys, "demo", "--out", str(out))
    assert again.code == 0, again.err


def test_demo_refuses_to_replace_a_folder_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "demo" / "snapshot").mkdir(parents=True)
    (tmp_path / "demo" / "snapshot" / "evidence.pdf").write_text("keep me")
    result = run_cli(capsys, "demo", "--out", str(tmp_path / "demo"))
    assert result.code == 2
    assert "not a snapshot of an earlier demo" in result.err
    assert (tmp_path / "demo" / "snapshot" / "evidence.pdf").exists()
