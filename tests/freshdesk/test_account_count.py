"""`/api/v2/account`: the plan and the account's own agent count, compared with what was
collected; an unexplained difference is FD-EVID-001, a refused call is only recorded."""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import analyze
from auditor.fake import REAL_API
from auditor.report.bundle import write_bundle
from tests.fake.accounts import ServeFactory, collect_from

FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)
# The small account: 14 active full-time agents, one invitation, two deactivated agents.
SEATS = {"full_time": 15, "occasional": 0, "field_service": 0, "collaborators": 0}


def account_of(snapshot: Path) -> dict[str, Any]:
    account: dict[str, Any] = json.loads((snapshot / "manifest.json").read_text())["account"]
    return account


def evidence_findings(snapshot: Path) -> dict[str, str]:
    findings = analyze(snapshot).findings
    return {f.entitlement: f.detail for f in findings if f.rule.id == "FD-EVID-001"}


def test_a_matching_count_is_recorded_and_reconciled(serve: ServeFactory, tmp_path: Path) -> None:
    server = serve(FAST_REAL)
    summary = collect_from(server, tmp_path / "snap")
    account = account_of(tmp_path / "snap")
    assert server.views.account_record()["total_agents"] == SEATS
    assert (account["status"], account["tier_type"], account["total_agents"]) == (
        "recorded",
        "Forest",
        SEATS,
    )
    assert account["reconciled"] is True
    assert account["counted_states"] == ["active", "pending"]
    full_time = account["comparison"][0]
    assert full_time == {"type": "full_time", "collected": 15, "reported": 15, "not_counted": 2}
    assert "17 agents (15 active/pending, the account's own count 15: reconciled)" in (
        summary.line()
    )
    assert evidence_findings(tmp_path / "snap") == {}
    assert server.count(path="/account") == 1


def test_agents_missing_from_the_collection_are_an_evidence_finding(
    serve: ServeFactory, tmp_path: Path
) -> None:
    server = serve(replace(FAST_REAL, account_count_offset=3))
    summary = collect_from(server, tmp_path / "snap")
    account = account_of(tmp_path / "snap")
    assert account["reconciled"] is False
    assert "full_time 15 collected, 18 reported" in account["explanation"]
    assert "DOES NOT RECONCILE" in summary.line()
    found = evidence_findings(tmp_path / "snap")
    assert list(found) == ["account:total_agents"]
    assert "full_time 15 collected, 18 reported" in found["account:total_agents"]
    write_bundle(analyze(tmp_path / "snap"), tmp_path / "bundle")
    html = (tmp_path / "bundle" / "report.html").read_text(encoding="utf-8")
    assert 'id="agent-count-table"' in html
    assert "not reconciled" in html
    assert "Incomplete evidence" in html  # the red banner
    document = json.loads((tmp_path / "bundle" / "findings.json").read_text(encoding="utf-8"))
    completeness = document["run"]["completeness"]
    assert completeness["complete"] is False
    assert completeness["account_count"]["reconciled"] is False


def test_a_count_that_includes_deactivated_agents_is_explained(
    serve: ServeFactory, tmp_path: Path
) -> None:
    server = serve(replace(FAST_REAL, account_counts_deactivated=True))
    collect_from(server, tmp_path / "snap")
    account = account_of(tmp_path / "snap")
    assert account["reconciled"] is True
    assert account["counted_states"] == ["active", "pending", "deactivated"]
    assert "deactivated ones included" in account["explanation"]
    assert evidence_findings(tmp_path / "snap") == {}


@pytest.mark.parametrize(("endpoint", "status"), [("forbidden", "denied"), ("missing", "missing")])
def test_a_refused_account_call_is_recorded_not_fatal(
    serve: ServeFactory, tmp_path: Path, endpoint: str, status: str
) -> None:
    server = serve(replace(FAST_REAL, account_endpoint=endpoint))
    summary = collect_from(server, tmp_path / "snap")  # without --allow-partial
    account = account_of(tmp_path / "snap")
    assert (account["status"], account["reconciled"]) == (status, None)
    assert "not compared" in account["note"]
    assert not summary.manifest.incomplete_collections
    assert f"the account's own count: not available, {status}" in summary.line()
    assert evidence_findings(tmp_path / "snap") == {}
    write_bundle(analyze(tmp_path / "snap"), tmp_path / "bundle")
    html = (tmp_path / "bundle" / "report.html").read_text(encoding="utf-8")
    assert "Not available: <code>/api/v2/account</code>" in html


def test_a_failing_account_call_is_retried_then_recorded_as_failed(
    serve: ServeFactory, tmp_path: Path
) -> None:
    from auditor.fake import Fault

    once = serve(replace(FAST_REAL, faults=(Fault("status", status=503, path="/account"),)))
    collect_from(once, tmp_path / "once")
    account = account_of(tmp_path / "once")
    assert (account["reconciled"], account["requests"], account["retries"]) == (True, 2, 1)
    always = serve(
        replace(FAST_REAL, faults=(Fault("status", status=503, path="/account", times=0),))
    )
    summary = collect_from(always, tmp_path / "always")  # the run goes on without it
    account = account_of(tmp_path / "always")
    assert (account["status"], account["reconciled"], account["requests"]) == ("failed", None, 4)
    assert not summary.manifest.incomplete_collections
