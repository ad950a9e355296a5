"""The sample account end to end: the snapshot-only rules find exactly what was planted.

`auditor/sample/planted.json` lists every expected finding and the clean agents. The rules
that need only the snapshot (every rule without `needs`) must find exactly the planted
(rule, subject) pairs for those rules, with the planted severity and status, and flag
no clean agent.
"""

import json
from typing import Any

import pytest

from auditor.analysis import Analysis, analyze
from auditor.rules import REGISTRY
from auditor.sample import SAMPLE_DATA
from auditor.timestamps import parse_timestamp

SAMPLE = SAMPLE_DATA
SNAPSHOT_ONLY = {rule.id for rule in REGISTRY.values() if not rule.needs}


@pytest.fixture(scope="module")
def planted() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def analysis(planted: dict[str, Any]) -> Analysis:
    return analyze(
        SAMPLE / "snapshot",
        policy_path=SAMPLE / "policy.toml",
        as_of=parse_timestamp(planted["as_of"]),
    )


def test_snapshot_only_rules_find_exactly_the_planted_cases(
    analysis: Analysis, planted: dict[str, Any]
) -> None:
    expected = {
        (f["rule"], f["subject"]): (f["severity"], f["status"])
        for f in planted["findings"]
        if f["rule"] in SNAPSHOT_ONLY
    }
    found = {
        (f.rule_id, f.subject.key): (f.severity.value, f.status)
        for f in analysis.findings
        if f.rule_id in SNAPSHOT_ONLY
    }
    assert found == expected
    # Every snapshot-only rule has a planted case, so none can pass by finding nothing.
    assert {rule for rule, _ in expected} == SNAPSHOT_ONLY


def test_no_clean_agent_is_flagged(analysis: Analysis, planted: dict[str, Any]) -> None:
    flagged = {f.subject.key for f in analysis.findings} & set(planted["clean_agents"])
    assert flagged == set()


def test_the_sample_exemptions_show_in_the_findings(analysis: Analysis) -> None:
    exempted = next(f for f in analysis.findings if f.status == "exempted")
    assert (exempted.rule_id, exempted.subject.key) == ("FD-BROAD-004", "agent:43000012032")
    assert exempted.exemption is not None
    assert exempted.exemption.approved_by == "ciso@acme.example"
    expired = next(
        f
        for f in analysis.findings
        if (f.rule_id, f.subject.key) == ("FD-STALE-002", "agent:43000012030")
    )
    assert expired.status == "open"
    assert "expired on 2026-08-31" in expired.exemption_note
    assert analysis.unused_exemptions == []
