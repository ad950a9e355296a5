"""Exemptions, finding identity and ordering: what the engine adds to the rules' hits."""

import csv
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.builders import ADMIN, OLD, agent, found, group, write_account
from tests.rules.cases import days_before, one, run
from tests.rules.invoke import run_auditor

DEACTIVATED_ADMIN = agent(2, role_ids=[ADMIN], active=False, last_login_at=OLD)


def _exemption(rule: str, subject: str, expires: str, reason: str = "Contract C-17") -> str:
    return (
        "[[exemptions]]\n"
        f'rule = "{rule}"\n'
        f'subject = "{subject}"\n'
        f'reason = "{reason}"\n'
        'approved_by = "ciso@acme.example"\n'
        f"expires = {expires}\n"
    )


def test_live_exemption_keeps_the_finding_with_status_exempted(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        policy=_exemption("FD-STALE-001", "agent:2", "2027-03-31"),
        agents=[agent(1)],
        inactive_agents=[DEACTIVATED_ADMIN],
    )
    finding = one(analysis, "FD-STALE-001", "agent:2")
    assert finding.status == "exempted"
    assert finding.exemption is not None
    assert (finding.exemption.reason, finding.exemption.approved_by) == (
        "Contract C-17",
        "ciso@acme.example",
    )
    assert finding.exemption_note == ""
    assert analysis.unused_exemptions == []


def test_exemption_is_live_through_its_expiry_day(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        policy=_exemption("FD-STALE-001", "agent:2", "2026-09-30"),
        inactive_agents=[DEACTIVATED_ADMIN],
    )
    assert one(analysis, "FD-STALE-001", "agent:2").status == "exempted"


def test_expired_exemption_reopens_the_finding_and_says_so(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        policy=_exemption("FD-STALE-001", "agent:2", "2026-09-29"),
        inactive_agents=[DEACTIVATED_ADMIN],
    )
    finding = one(analysis, "FD-STALE-001", "agent:2")
    assert finding.status == "open"
    assert finding.exemption is not None
    assert finding.exemption_note == (
        "Exemption approved by ciso@acme.example expired on 2026-09-29 "
        "(as of 2026-09-30T12:00:00Z); the finding is open again."
    )
    assert analysis.unused_exemptions == []


def test_exemption_applies_to_its_rule_and_subject_only(tmp_path: Path) -> None:
    policy = _exemption("FD-STALE-002", "agent:1", "2027-01-01") + _exemption(
        "FD-STALE-001", "agent:999", "2027-01-01"
    )
    analysis = run(
        tmp_path,
        policy=policy,
        agents=[agent(1, role_ids=[ADMIN], last_login_at=days_before(200), email="me@gmail.com")],
    )
    assert one(analysis, "FD-STALE-002", "agent:1").status == "exempted"
    assert one(analysis, "FD-BROAD-004", "agent:1").status == "open"
    assert [(e.rule, e.subject) for e in analysis.unused_exemptions] == [
        ("FD-STALE-001", "agent:999")
    ]


def test_exemption_subject_is_matched_as_the_finding_names_it(tmp_path: Path) -> None:
    # `agent:01042` is agent 1042 and `account:ACME` the account acme: an exemption
    # written so must not silently stay unused while its finding stays open.
    policy = _exemption("FD-STALE-001", "agent:0002", "2027-01-01") + _exemption(
        "FD-BROAD-001", "account:ACME", "2027-01-01"
    )
    analysis = run(
        tmp_path,
        policy=policy,
        agents=[agent(n, role_ids=[ADMIN]) for n in range(10, 15)],
        inactive_agents=[DEACTIVATED_ADMIN],
    )
    assert one(analysis, "FD-STALE-001", "agent:2").status == "exempted"
    assert one(analysis, "FD-BROAD-001", "account:acme").status == "exempted"
    assert analysis.unused_exemptions == []


def test_finding_ids_are_stable_across_dates_and_unique(tmp_path: Path) -> None:
    account = {
        "agents": [
            agent(1, role_ids=[ADMIN, 98, 99], scope=1, last_login_at=days_before(100)),
            agent(2, email="AGENT1@acme.example", group_ids=[10, 77]),
        ],
        "groups": [group(10, escalate_to=404), group(11)],
    }
    first = run(tmp_path / "a", **account)
    later = run(tmp_path / "b", as_of="2027-01-15T00:00:00Z", **account)
    ids = [f.finding_id for f in first.findings]
    assert len(ids) == len(set(ids))
    assert {f.finding_id for f in first.findings} <= {f.finding_id for f in later.findings}
    assert found(first, "FD-HYG-001") == {"agent:1", "agent:2"}


def test_findings_come_out_by_severity_rule_and_subject(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(n, last_login_at=days_before(100)) for n in (12, 3)]
        + [agent(7, role_ids=[ADMIN], last_login_at=days_before(100))],
    )
    order = [(f.severity.value, f.rule_id, f.subject.key) for f in analysis.findings]
    assert order[:3] == [
        ("high", "FD-STALE-002", "agent:7"),
        ("medium", "FD-STALE-002", "agent:3"),
        ("medium", "FD-STALE-002", "agent:12"),
    ]


@pytest.mark.parametrize("expires", ["2027-03-31", "2026-01-01"], ids=["live", "expired"])
def test_exemption_reaches_every_report(tmp_path: Path, expires: str) -> None:
    snapshot = write_account(
        tmp_path / "snapshot", agents=[agent(1)], inactive_agents=[DEACTIVATED_ADMIN]
    )
    policy = tmp_path / "policy.toml"
    policy.write_text(_exemption("FD-STALE-001", "agent:2", expires), encoding="utf-8")
    outcome = run_auditor(
        "analyze", str(snapshot), "--policy", str(policy), "--out", str(tmp_path / "out")
    )
    assert outcome.code == 0, outcome.err
    with (tmp_path / "out" / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["rule_id"] == "FD-STALE-001"]
    assert len(rows) == 1
    row = rows[0]
    assert row["exemption_reason"] == "Contract C-17"
    assert row["exemption_approved_by"] == "ciso@acme.example"
    assert row["status"] == ("exempted" if expires == "2027-03-31" else "open")
    assert ("expired on 2026-01-01" in row["exemption_note"]) is (expires == "2026-01-01")
    document = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    entry = next(f for f in document["findings"] if f["rule_id"] == "FD-STALE-001")
    assert entry["status"] == row["status"]
    assert entry["exemption_note"] == row["exemption_note"]
    assert entry["exemption"]["approved_by"] == "ciso@acme.example"
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Contract C-17" in html


def test_finding_id_is_kept_and_a_changed_finding_has_its_own(tmp_path: Path) -> None:
    # `finding_id` is computed once and kept; a finding made from another by `replace`
    # (as exemptions are applied) computes its own from its own fields.
    analysis = run(tmp_path, agents=[agent(1, role_ids=[ADMIN, 98])])
    finding = one(analysis, "FD-HYG-001", "agent:1")
    identity = f"FD-HYG-001|agent:1|{finding.entitlement}"
    assert finding.finding_id == "F-" + hashlib.sha256(identity.encode()).hexdigest()[:16]
    assert finding.finding_id is finding.finding_id
    moved = replace(finding, entitlement="role:99")
    expected = hashlib.sha256(b"FD-HYG-001|agent:1|role:99").hexdigest()[:16]
    assert moved.finding_id == "F-" + expected
    assert replace(finding, status="exempted").finding_id == finding.finding_id
