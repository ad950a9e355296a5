"""The optional inputs of an analysis are recorded as evidence and only judged when given."""

import json
from pathlib import Path

from auditor.integrity.seal import sha256_of
from auditor.report.bundle import write_bundle
from auditor.report.sections.exemptions import build_exemptions
from tests.builders import agent
from tests.quarterly.quarters import run, write_csv, write_policy

POLICY = """
[[exemptions]]
rule = "FD-DRIFT-002"
subject = "agent:2"
reason = "Hired this quarter through the approved onboarding ticket"
approved_by = "ciso@acme.example"
expires = 2027-01-31
"""


def test_an_exemption_for_a_rule_that_did_not_run_is_not_called_unused(tmp_path: Path) -> None:
    policy = write_policy(tmp_path / "policy.toml", POLICY)
    analysis = run(tmp_path, current={"agents": [agent(1), agent(2)]}, policy=policy)
    assert analysis.unused_exemptions == []
    [row] = build_exemptions(analysis).rows
    assert row.state == "not evaluated"
    assert "--baseline" in row.explanation


def test_the_same_exemption_applies_once_the_baseline_is_given(tmp_path: Path) -> None:
    policy = write_policy(tmp_path / "policy.toml", POLICY)
    analysis = run(
        tmp_path,
        current={"agents": [agent(1), agent(2)]},
        baseline={"agents": [agent(1)]},
        policy=policy,
    )
    [row] = build_exemptions(analysis).rows
    assert row.state == "applied"


def test_the_bundle_manifest_and_json_record_each_input_with_its_hash(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "roster.csv", ["email", "status"], [["agent1@acme.example", "active"]]
    )
    analysis = run(
        tmp_path, current={"agents": [agent(1)]}, baseline={"agents": [agent(1)]}, roster=roster
    )
    write_bundle(analysis, tmp_path / "bundle")
    manifest = json.loads((tmp_path / "bundle" / "manifest.json").read_text())
    baseline_manifest = tmp_path / "baseline" / "manifest.json"
    # Inputs are named by file name (no local folder names in evidence) and their hash.
    expected = {
        "baseline": {"path": "baseline", "manifest_sha256": sha256_of(baseline_manifest)},
        "roster": {"path": "roster.csv", "sha256": sha256_of(roster)},
    }
    assert manifest["inputs"] == expected
    findings = json.loads((tmp_path / "bundle" / "findings.json").read_text())
    assert findings["run"]["inputs"] == expected
