"""`findings.ocsf.json`: every finding as an OCSF 1.x Detection Finding (class_uid 2004).

SIEM and GRC pipelines (and Prowler, which security teams already run) speak OCSF, not
our `findings.json`. Each finding becomes one event; the file is one JSON array.

Where OCSF has a place, a fact goes there: the finding's stable ID is
`finding_info.uid`, the rule is `finding_info.analytic`, the subject is the one entry of
`resources`, an exemption makes the finding `Suppressed`. Detection Finding has no
`compliance` object (that belongs to Compliance Finding, 2003), so the framework
references go where Prowler puts them in the same class, `unmapped.compliance`, with
the run's provenance beside them. Every time is the run's `as_of`, never the clock,
so the same inputs give the same bytes.
"""

from collections.abc import Iterator
from typing import Any

from auditor.analysis import Analysis
from auditor.integrity.seal import canonical_json
from auditor.report.blocks import blocks
from auditor.report.json_fast import canonical_json_fast, plain_json_values
from auditor.report.run_info import RunInfo, run_info
from auditor.rules.base import Finding, Rule, Severity
from auditor.rules.frameworks import requirements_of

OCSF_VERSION = "1.5.0"
FILE_NAME = "findings.ocsf.json"

CATEGORY_FINDINGS = 2
CLASS_DETECTION_FINDING = 2004
ACTIVITY_CREATE = 1
# OCSF: type_uid = class_uid * 100 + activity_id.
TYPE_DETECTION_FINDING_CREATE = CLASS_DETECTION_FINDING * 100 + ACTIVITY_CREATE
ANALYTIC_RULE = 1
VENDOR = "freshdesk-access-auditor project"

# OCSF severity_id and its caption, for each of our severities.
SEVERITY_IDS: dict[Severity, tuple[int, str]] = {
    Severity.INFO: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}
# An open finding is New (not yet reviewed); an exempted one was reviewed and the risk
# accepted by policy: OCSF's Suppressed.
STATUS_IDS: dict[str, tuple[int, str]] = {"open": (1, "New"), "exempted": (3, "Suppressed")}

# How each subject type is named as an OCSF resource.
RESOURCE_TYPES = {
    "agent": "Freshdesk Agent",
    "group": "Freshdesk Group",
    "role": "Freshdesk Role",
    "contact": "Freshdesk Contact",
    "account": "Freshdesk Account",
}


def ocsf_events(analysis: Analysis) -> list[dict[str, Any]]:
    info = run_info(analysis)
    time_ms = int(analysis.as_of.timestamp()) * 1000
    shared = SharedParts(info)
    return [detection_finding(finding, info, time_ms, shared) for finding in analysis.findings]


def ocsf_json_bytes(analysis: Analysis) -> bytes:
    return canonical_json(ocsf_events(analysis))


def ocsf_json_chunks(analysis: Analysis) -> Iterator[bytes]:
    """The same bytes as `ocsf_json_bytes`, one event at a time (for the bundle), in
    blocks of about a megabyte.

    Each event is encoded by orjson unless a fact is a float (see `json_fast`): the
    rest of an event is strings, integers and booleans the report itself puts there.
    The layout is `canonical_json_array`'s: each event's lines indented by two spaces.
    """
    return blocks(_array_pieces(analysis))


def _array_pieces(analysis: Analysis) -> Iterator[bytes]:
    info = run_info(analysis)
    time_ms = int(analysis.as_of.timestamp()) * 1000
    shared = SharedParts(info)
    opening = b"[\n  "
    for finding in analysis.findings:
        event = detection_finding(finding, info, time_ms, shared)
        if plain_json_values(finding.facts.values()):
            text = canonical_json_fast(event)
        else:
            text = canonical_json(event)
        yield opening + text.rstrip(b"\n").replace(b"\n", b"\n  ")
        opening = b",\n  "
    yield b"[]\n" if not analysis.findings else b"\n]\n"


class SharedParts:
    """The parts of an event that are the same for each finding of a run or of a rule,
    made once rather than once per finding (the encoder writes them out each time)."""

    def __init__(self, info: RunInfo) -> None:
        self.metadata = _metadata(info)
        self.provenance = _provenance(info)
        self._rules: dict[str, _RuleParts] = {}

    def of_rule(self, rule: Rule) -> "_RuleParts":
        parts = self._rules.get(rule.id)
        if parts is None:
            parts = self._rules[rule.id] = _RuleParts(rule)
        return parts


class _RuleParts:
    def __init__(self, rule: Rule) -> None:
        self.types = [rule.id, f"Freshdesk {rule.subject_type} access"]
        self.analytic = {
            "uid": rule.id,
            "name": rule.title,
            "desc": rule.description,
            "type_id": ANALYTIC_RULE,
            "type": "Rule",
        }
        self.remediation = {"desc": " ".join(rule.remediation)}
        self.compliance: dict[str, list[str]] = {}
        for requirement in requirements_of(rule.frameworks):
            self.compliance.setdefault(requirement.framework, []).append(requirement.control)


def detection_finding(
    finding: Finding, info: RunInfo, time_ms: int, shared: SharedParts | None = None
) -> dict[str, Any]:
    """The finding's event; `shared`: the run's `SharedParts`, when the caller has them."""
    run = SharedParts(info) if shared is None else shared
    rule = run.of_rule(finding.rule)
    severity_id, severity = SEVERITY_IDS[finding.severity]
    status_id, status = STATUS_IDS[finding.status]
    event: dict[str, Any] = {
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_FINDINGS,
        "category_name": "Findings",
        "class_uid": CLASS_DETECTION_FINDING,
        "class_name": "Detection Finding",
        "type_uid": TYPE_DETECTION_FINDING_CREATE,
        "type_name": "Detection Finding: Create",
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "time": time_ms,
        "message": finding.detail,
        "finding_info": {
            "uid": finding.finding_id,
            "title": finding.title,
            "desc": finding.detail,
            "types": rule.types,
            "created_time": time_ms,
            "data_sources": ["Freshdesk API v2 snapshot"],
            "analytic": rule.analytic,
        },
        "resources": [_resource(finding, info)],
        "remediation": rule.remediation,
        "metadata": run.metadata,
        "unmapped": {
            "compliance": rule.compliance,
            "facts": dict(finding.facts),
            "provenance": run.provenance,
        },
    }
    if finding.exemption is not None:
        event["status_detail"] = (
            f"Exempted by policy: {finding.exemption.reason} (approved by "
            f"{finding.exemption.approved_by}, expires {finding.exemption.expires.isoformat()})"
        )
    elif finding.exemption_note:
        event["status_detail"] = finding.exemption_note
    return event


def _resource(finding: Finding, info: RunInfo) -> dict[str, Any]:
    subject = finding.subject
    resource: dict[str, Any] = {
        "type": RESOURCE_TYPES[subject.type],
        "uid": subject.key,
        "name": subject.name or subject.id,
        "namespace": info.domain,
    }
    data: dict[str, Any] = {"id": subject.id}
    if subject.email:
        data["email"] = subject.email
    if finding.entitlement:
        data["entitlement"] = finding.entitlement
    resource["data"] = data
    return resource


def _metadata(info: RunInfo) -> dict[str, Any]:
    return {
        "version": OCSF_VERSION,
        "product": {
            "name": info.tool_name,
            "vendor_name": VENDOR,
            "version": info.tool_version,
        },
        "log_name": FILE_NAME,
        "tenant_uid": info.domain,
        # One run, one correlation ID: the snapshot it judged.
        "correlation_uid": info.snapshot_manifest_sha256,
        "original_time": info.collected_at,
        "labels": [
            f"as_of:{info.as_of}",
            f"snapshot_manifest_sha256:{info.snapshot_manifest_sha256}",
            f"policy_sha256:{info.policy_sha256 or 'defaults'}",
        ],
    }


def _provenance(info: RunInfo) -> dict[str, Any]:
    return {
        "account": info.domain,
        "source": info.base_url,
        "collected_at": info.collected_at,
        "as_of": info.as_of,
        "snapshot_manifest_sha256": info.snapshot_manifest_sha256,
        "policy": info.policy_document(),
        "evidence_complete": info.complete,
    }
