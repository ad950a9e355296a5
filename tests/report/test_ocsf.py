"""`findings.ocsf.json`: every finding as an OCSF Detection Finding that OCSF tooling accepts."""

import json
from pathlib import Path
from typing import Any

import pytest
from py_ocsf_models.events.findings.detection_finding import DetectionFinding

from auditor import __version__
from auditor.analysis import Analysis
from auditor.integrity.seal import sha256_of
from auditor.report.ocsf import OCSF_VERSION


def events_of(bundle: Path) -> list[dict[str, Any]]:
    document = json.loads((bundle / "findings.ocsf.json").read_text(encoding="utf-8"))
    assert isinstance(document, list)
    return document


def test_every_event_validates_as_a_detection_finding_and_loses_nothing(
    hostile_bundle: Path,
) -> None:
    """Prowler's OCSF models accept each event, and know every field it carries: a field
    OCSF does not define would be dropped by the model and make the round trip differ."""
    events = events_of(hostile_bundle)
    assert events
    for event in events:
        model = DetectionFinding.model_validate(event)
        assert model.model_dump(mode="json", exclude_unset=True) == event


def test_each_finding_is_one_event_with_its_id_severity_status_and_resource(
    hostile_bundle: Path, hostile_analysis: Analysis
) -> None:
    events = {e["finding_info"]["uid"]: e for e in events_of(hostile_bundle)}
    assert list(events) == [f.finding_id for f in hostile_analysis.findings]
    severity_ids = {"info": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
    for finding in hostile_analysis.findings:
        event = events[finding.finding_id]
        assert (event["class_uid"], event["category_uid"], event["type_uid"]) == (2004, 2, 200401)
        assert event["severity_id"] == severity_ids[finding.severity.value]
        assert event["finding_info"]["title"] == finding.title
        assert event["finding_info"]["analytic"]["uid"] == finding.rule_id
        assert event["resources"][0]["uid"] == finding.subject.key
        assert event["remediation"]["desc"].startswith(finding.rule.remediation[0])
    exempted = next(
        f
        for f in hostile_analysis.findings
        if (f.rule_id, f.subject.key) == ("FD-STALE-002", "agent:3")
    )
    assert (events[exempted.finding_id]["status_id"], events[exempted.finding_id]["status"]) == (
        3,
        "Suppressed",
    )
    assert "Seasonal agent" in events[exempted.finding_id]["status_detail"]
    opened = [e for e in events.values() if e["status_id"] == 1]
    assert opened
    assert all(e["status"] == "New" for e in opened)


@pytest.mark.parametrize("subject_type", ["agent", "contact", "role"])
def test_resources_name_the_subject_by_type(hostile_bundle: Path, subject_type: str) -> None:
    resources = [e["resources"][0] for e in events_of(hostile_bundle)]
    of_type = [r for r in resources if r["uid"].startswith(f"{subject_type}:")]
    assert of_type, f"the hostile account has a finding about a {subject_type}"
    assert {r["type"] for r in of_type} == {f"Freshdesk {subject_type.capitalize()}"}


def test_frameworks_time_and_provenance_come_from_the_run(
    hostile_bundle: Path, hostile_analysis: Analysis, policy_file: Path
) -> None:
    events = events_of(hostile_bundle)
    snapshot_sha = sha256_of(hostile_bundle / "snapshot" / "manifest.json")
    as_of_ms = int(hostile_analysis.as_of.timestamp()) * 1000
    for event, finding in zip(events, hostile_analysis.findings, strict=True):
        assert event["time"] == as_of_ms
        metadata = event["metadata"]
        assert metadata["version"] == OCSF_VERSION
        assert metadata["product"]["name"] == "freshdesk-access-auditor"
        assert metadata["product"]["version"] == __version__
        assert metadata["correlation_uid"] == snapshot_sha
        assert f"policy_sha256:{sha256_of(policy_file)}" in metadata["labels"]
        provenance = event["unmapped"]["provenance"]
        assert provenance["as_of"] == "2026-09-30T12:00:00Z"
        assert provenance["snapshot_manifest_sha256"] == snapshot_sha
        controls = {
            f"{framework} {control}"
            for framework, listed in event["unmapped"]["compliance"].items()
            for control in listed
        }
        assert controls == set(finding.rule.frameworks)
