"""`findings.json` and `graph.graphml`: complete, typed, and readable by the tools they serve."""

import json
from dataclasses import replace
from pathlib import Path

import networkx as nx

from auditor import __version__
from auditor.analysis import Analysis, analyze
from auditor.integrity.seal import canonical_json, sha256_of
from auditor.report.bundle import write_bundle
from auditor.report.findings_json import findings_document, findings_json_bytes
from auditor.rules import REGISTRY
from auditor.snapshot import Source, write_snapshot
from auditor.snapshot.manifest import KeyOwner
from auditor.snapshot.writer import Collected
from auditor.timestamps import parse_timestamp
from tests.builders import agent, standard_roles
from tests.report.conftest import CONTACT_NAME, IMG, MIXED

FINDING_KEYS = {
    "finding_id",
    "rule_id",
    "title",
    "severity",
    "status",
    "subject",
    "entitlement",
    "detail",
    "facts",
    "frameworks",
    "exemption",
    "exemption_note",
}


def test_findings_json_states_the_run_and_every_finding_in_full(
    hostile_bundle: Path, hostile_analysis: Analysis, policy_file: Path
) -> None:
    document = json.loads((hostile_bundle / "findings.json").read_text(encoding="utf-8"))
    run = document["run"]
    assert run["tool"] == {"name": "freshdesk-access-auditor", "version": __version__}
    assert run["account"] == "acme"
    assert run["source"]["base_url"] == "https://acme.freshdesk.com/api/v2"
    assert run["source"]["key_owner"] is None
    assert (run["collected_at"], run["as_of"]) == ("2026-09-30T12:00:00Z", "2026-09-30T12:00:00Z")
    assert run["snapshot"]["manifest_sha256"] == sha256_of(
        hostile_bundle / "snapshot" / "manifest.json"
    )
    assert run["policy"] == {"path": "policy.toml", "sha256": sha256_of(policy_file)}
    assert run["completeness"] == {"complete": True, "incomplete_collections": []}
    assert "FD-DRIFT-001" in run["rules_not_evaluated"]
    assert "FD-STALE-001" in run["rules_evaluated"]

    findings = document["findings"]
    assert [f["finding_id"] for f in findings] == [f.finding_id for f in hostile_analysis.findings]
    assert all(set(f) == FINDING_KEYS for f in findings)
    by_subject = {(f["rule_id"], f["subject"]["type"], f["subject"]["id"]): f for f in findings}
    exempted = by_subject[("FD-STALE-002", "agent", "3")]
    assert exempted["status"] == "exempted"
    assert exempted["exemption"] == {
        "rule": "FD-STALE-002",
        "subject": "agent:3",
        "reason": "Seasonal agent, returns in December",
        "approved_by": "ciso@acme.example",
        "expires": "2027-03-31",
        "policy_line": 3,
    }
    expired = by_subject[("FD-STALE-001", "agent", "7")]
    assert expired["status"] == "open"
    assert expired["exemption"]["expires"] == "2026-01-31"
    assert "expired on 2026-01-31" in expired["exemption_note"]
    contact = by_subject[("FD-BROAD-007", "contact", "1")]
    assert contact["subject"]["name"] == CONTACT_NAME
    assert contact["entitlement"] == "company:1"
    assert contact["facts"]["company_id"] == 1
    rule = REGISTRY["FD-BROAD-007"]
    # The rule's text is written once, in `rules`, not in each finding.
    assert set(document["rules"]) == {f.rule_id for f in hostile_analysis.findings}
    assert document["rules"][contact["rule_id"]]["remediation"] == list(rule.remediation)
    assert document["rules"][contact["rule_id"]]["rationale"] == rule.rationale
    assert document["rules"][contact["rule_id"]]["frameworks"] == list(rule.frameworks)
    assert {"key", "framework", "control", "title"} == set(contact["frameworks"][0])
    assert by_subject[("FD-HYG-001", "agent", "4")]["subject"]["name"] == MIXED
    assert document["summary"]["by_status"] == {"open": 4, "exempted": 1}


def test_an_incomplete_snapshot_and_its_key_owner_are_recorded(tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot"
    records = {
        "agents": [agent(1)],
        "agents_inactive": [],
        "roles": standard_roles(),
        "groups": [],
        "contacts": [],
        "companies": [],
    }
    collections = {name: Collected(records=items) for name, items in records.items()}
    collections["contacts"] = Collected(
        records=[], status="denied", requests=1, note="HTTP 403: the key may not list contacts"
    )
    owner = KeyOwner(id=1, name="Agent 1", email="agent1@acme.example")
    write_snapshot(
        snapshot,
        collections,
        source=Source(base_url="https://acme.freshdesk.com/api/v2", domain="acme", key_owner=owner),
        collected_at=parse_timestamp("2026-09-30T12:00:00Z"),
    )
    write_bundle(analyze(snapshot), tmp_path / "out")
    run = json.loads((tmp_path / "out" / "findings.json").read_text())["run"]
    assert run["policy"] == "defaults"
    assert run["source"]["key_owner"] == {
        "id": 1,
        "name": "Agent 1",
        "email": "agent1@acme.example",
    }
    assert run["completeness"] == {
        "complete": False,
        "incomplete_collections": [
            {
                "name": "contacts",
                "status": "denied",
                "records": 0,
                "note": "HTTP 403: the key may not list contacts",
            }
        ],
    }
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["completeness"] == run["completeness"]
    assert manifest["policy"] == "defaults"


def test_graphml_reads_back_as_the_identity_graph(
    hostile_bundle: Path, hostile_analysis: Analysis
) -> None:
    read = nx.read_graphml(hostile_bundle / "graph.graphml", force_multigraph=True)
    source = hostile_analysis.graph.graph
    assert set(read.nodes) == set(source.nodes)
    # Plus the one access edge GraphML adds for graph databases: the contact that can
    # view all of a company's tickets.
    assert {(a, b, d["kind"]) for a, b, d in read.edges(data=True)} == {
        (a, b, kind) for a, b, kind in source.edges(keys=True)
    } | {("contact:1", "company:1", "views_all_tickets_of")}
    assert read.nodes["agent:1"]["label"] == IMG
    assert read.nodes["agent:4"]["label"] == MIXED
    assert read.nodes["agent:7"]["state"] == "deactivated"
    assert read.nodes["role:99"]["missing"] is True
    assert read.graph["account"] == "acme"


def test_graphml_stays_well_formed_xml_with_control_characters_in_names(tmp_path: Path) -> None:
    """XML 1.0 cannot hold them even escaped; Gephi would refuse the whole file."""
    snapshot = tmp_path / "snapshot"
    write_snapshot(
        snapshot,
        {
            "agents": Collected([agent(1, name="Ann\x00\x08\x1bLee\ufffe")]),
            "agents_inactive": Collected([]),
            "roles": Collected(standard_roles()),
            "groups": Collected([]),
            "contacts": Collected([]),
            "companies": Collected([]),
        },
        source=Source(base_url="https://acme.freshdesk.com/api/v2", domain="acme"),
        collected_at=parse_timestamp("2026-09-30T12:00:00Z"),
    )
    write_bundle(analyze(snapshot), tmp_path / "bundle")
    read = nx.read_graphml(tmp_path / "bundle" / "graph.graphml", force_multigraph=True)
    assert read.nodes["agent:1"]["label"] == "Ann\ufffd\ufffd\ufffdLee\ufffd"


def test_the_streamed_document_is_the_canonical_one_byte_for_byte(
    hostile_analysis: Analysis, tmp_path: Path
) -> None:
    """Written finding by finding, the file is still `canonical_json` of the whole document."""
    assert len(hostile_analysis.findings) > 1
    streamed = findings_json_bytes(hostile_analysis)
    assert streamed == canonical_json(findings_document(hostile_analysis))
    assert json.loads(streamed)["findings"][0]["finding_id"] == (
        hostile_analysis.findings[0].finding_id
    )
    one = replace(hostile_analysis, findings=hostile_analysis.findings[:1])
    assert findings_json_bytes(one) == canonical_json(findings_document(one))
    empty = replace(hostile_analysis, findings=[])
    assert findings_json_bytes(empty) == canonical_json(findings_document(empty))
