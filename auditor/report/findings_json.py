"""`findings.json`: every finding with all its fields, and the run's provenance, for GRC tools.

A rule's text (description, rationale, remediation) is written once, in `rules`, keyed by
rule ID, rather than in each of its findings, where it made most of the file's bytes at
scale; each finding names its rule by `rule_id` and keeps all of its own fields.
"""

from collections import Counter
from collections.abc import Iterator
from typing import Any

from auditor.analysis import Analysis
from auditor.inputs.policy import Exemption
from auditor.integrity.seal import canonical_json
from auditor.report.blocks import blocks
from auditor.report.json_fast import canonical_json_fast, plain_json_values
from auditor.report.run_info import RunInfo, rule_evaluated, run_info
from auditor.rules import REGISTRY
from auditor.rules.base import Finding, Rule
from auditor.rules.frameworks import requirements_of

# 2: rule text moved from each finding's `rule` to the document's `rules`.
SCHEMA_VERSION = 2


def findings_document(analysis: Analysis) -> dict[str, Any]:
    return {
        **findings_document_without_findings(analysis),
        "findings": [finding_document(f) for f in analysis.findings],
    }


def findings_json_bytes(analysis: Analysis) -> bytes:
    return b"".join(findings_json_chunks(analysis))


def findings_json_chunks(analysis: Analysis) -> Iterator[bytes]:
    """`canonical_json(findings_document(analysis))`, byte for byte, one finding at a time,
    so a hundred thousand findings are never one document in memory, in blocks of about
    a megabyte, so the writer makes a few large writes rather than one per finding.

    Sorted keys put `findings` first. Each finding is its own canonical text indented two
    levels deeper: JSON text holds a line break only between tokens (never inside a
    string), so indenting every line is what the whole document's serialiser writes.
    """
    if not analysis.findings:
        yield canonical_json(findings_document(analysis))
        return
    yield from blocks(_document_pieces(analysis))


def _document_pieces(analysis: Analysis) -> Iterator[bytes]:
    rest = findings_document_without_findings(analysis)
    yield b'{\n  "findings": [\n'
    last = len(analysis.findings) - 1
    # A rule's frameworks are the same in each of its findings: made once per rule.
    frameworks: dict[str, list[dict[str, str]]] = {}
    for index, finding in enumerate(analysis.findings):
        shared = frameworks.get(finding.rule_id)
        if shared is None:
            shared = frameworks[finding.rule_id] = frameworks_document(finding.rule)
        text = _finding_json(finding_document(finding, shared), finding).rstrip(b"\n")
        separator = b"\n" if index == last else b",\n"
        yield b"    " + text.replace(b"\n", b"\n    ") + separator
    tail = canonical_json(rest)
    # The rest of the document without its opening brace: `],` then its other keys.
    yield b"  ],\n" + tail[len(b"{\n") :]


def _finding_json(document: dict[str, Any], finding: Finding) -> bytes:
    """`canonical_json(document)` of the finding's document: by orjson unless a fact is a
    float (or anything else orjson might spell its own way), the one value whose type is
    open; every other value is a string, integer, None or a list or dict of those."""
    if plain_json_values(finding.facts.values()):
        return canonical_json_fast(document)
    return canonical_json(document)


def findings_document_without_findings(analysis: Analysis) -> dict[str, Any]:
    info = run_info(analysis)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "findings",
        "run": run_document(info),
        "summary": _summary(analysis.findings),
        "rules": rules_document(analysis.findings),
    }


def run_document(info: RunInfo) -> dict[str, Any]:
    return {
        "tool": {"name": info.tool_name, "version": info.tool_version},
        "account": info.domain,
        "source": {
            "base_url": info.base_url,
            "key_owner": info.key_owner_record,
            "membership_route": info.membership_route,
            "agent_record_shape": info.agent_record_shape,
        },
        "collected_at": info.collected_at,
        "as_of": info.as_of,
        "snapshot": {
            "manifest_sha256": info.snapshot_manifest_sha256,
            "tool_version": info.snapshot_tool_version,
        },
        "policy": info.policy_document(),
        "completeness": info.completeness_document(),
        "inputs": info.input_files,
        "rules_evaluated": sorted(r.id for r in REGISTRY.values() if rule_evaluated(r, info)),
        "rules_not_evaluated": sorted(
            r.id for r in REGISTRY.values() if not rule_evaluated(r, info)
        ),
    }


def finding_document(
    finding: Finding, frameworks: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    """`frameworks`: the rule's `frameworks_document`, when the caller has made it already."""
    return {
        "finding_id": finding.finding_id,
        "rule_id": finding.rule_id,
        "title": finding.title,
        "severity": finding.severity.value,
        "status": finding.status,
        "subject": {
            "type": finding.subject.type,
            "id": finding.subject.id,
            "name": finding.subject.name,
            "email": finding.subject.email,
        },
        "entitlement": finding.entitlement,
        "detail": finding.detail,
        "facts": dict(finding.facts),
        "frameworks": frameworks_document(finding.rule) if frameworks is None else frameworks,
        "exemption": exemption_document(finding.exemption) if finding.exemption else None,
        "exemption_note": finding.exemption_note,
    }


def frameworks_document(rule: Rule) -> list[dict[str, str]]:
    """The requirements a rule gives evidence for, as each of its findings lists them."""
    return [
        {"key": r.key, "framework": r.framework, "control": r.control, "title": r.title}
        for r in requirements_of(rule.frameworks)
    ]


def rules_document(findings: list[Finding]) -> dict[str, Any]:
    """Each rule that found something, once, by ID."""
    rules = {finding.rule_id: finding.rule for finding in findings}
    return {rule_id: rule_document(rules[rule_id]) for rule_id in sorted(rules)}


def rule_document(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "title": rule.title,
        "default_severity": rule.severity.value,
        "subject_type": rule.subject_type,
        "description": rule.description,
        "rationale": rule.rationale,
        "remediation": list(rule.remediation),
        "frameworks": list(rule.frameworks),
    }


def exemption_document(exemption: Exemption) -> dict[str, Any]:
    return {
        "rule": exemption.rule,
        "subject": exemption.subject,
        "reason": exemption.reason,
        "approved_by": exemption.approved_by,
        "expires": exemption.expires.isoformat(),
        "policy_line": exemption.line,
    }


def _summary(findings: list[Finding]) -> dict[str, Any]:
    return {
        "total": len(findings),
        "by_severity": dict(Counter(f.severity.value for f in findings)),
        "by_status": dict(Counter(f.status for f in findings)),
        "by_rule": dict(Counter(f.rule_id for f in findings)),
    }
