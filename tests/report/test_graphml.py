"""`graph.graphml` as Neo4j's APOC import and networkx read it: labels, types, typed values."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from auditor.analysis import Analysis, analyze
from auditor.models import AgentId
from auditor.report.bundle import write_bundle
from auditor.timestamps import format_timestamp
from tests.builders import agent, company, contact, write_account

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
Value = str | int | float | bool


@dataclass
class Imported:
    """A graph as `apoc.import.graphml(file, {readLabels: true})` builds it."""

    labels: dict[str, set[str]] = field(default_factory=dict)
    properties: dict[str, dict[str, Value]] = field(default_factory=dict)
    relationships: set[tuple[str, str, str]] = field(default_factory=set)


def typed(text: str, xml_type: str) -> Value:
    """A `<data>` value by its key's `attr.type`, refusing what a typed reader refuses."""
    if xml_type == "boolean":
        assert text in {"true", "false"}, f"{text!r} is not an xsd:boolean"
        return text == "true"
    if xml_type in {"int", "long"}:
        return int(text)
    if xml_type in {"float", "double"}:
        return float(text)
    assert xml_type == "string"
    return text


def import_like_apoc(path: Path) -> Imported:
    root = ET.parse(path).getroot()
    keys = {
        k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
        for k in root.findall("g:key", NS)
    }
    assert len(keys) == len(root.findall("g:key", NS)), "key IDs must be unique"
    imported = Imported()
    graph = root.find("g:graph", NS)
    assert graph is not None
    for node in graph.findall("g:node", NS):
        node_id = node.get("id", "")
        imported.labels[node_id] = {part for part in node.get("labels", "").split(":") if part}
        properties: dict[str, Value] = {}
        for data in node.findall("g:data", NS):
            domain, name, xml_type = keys[data.get("key")]
            assert domain == "node"
            assert name is not None
            assert xml_type is not None
            properties[name] = typed(data.text or "", xml_type)
        imported.properties[node_id] = properties
    for edge in graph.findall("g:edge", NS):
        # APOC's default when an edge has no label is RELATED: a type we must never produce.
        kind = edge.get("label") or "RELATED"
        imported.relationships.add((edge.get("source", ""), kind, edge.get("target", "")))
        for data in edge.findall("g:data", NS):
            assert keys[data.get("key")][0] == "edge"
    return imported


def test_apoc_import_gives_every_node_its_labels(hostile_bundle: Path) -> None:
    imported = import_like_apoc(hostile_bundle / "graph.graphml")
    assert imported.labels["agent:1"] == {"Agent", "Privileged"}
    assert imported.labels["agent:4"] == {"Agent", "Privileged"}
    assert imported.labels["agent:2"] == {"Agent"}
    assert imported.labels["role:2"] == {"Role", "Privileged"}
    assert imported.labels["role:20"] == {"Role"}
    assert imported.labels["group:10"] == {"Group"}
    assert imported.labels["company:1"] == {"Company"}
    assert imported.labels["contact:1"] == {"Contact"}
    assert imported.labels["scope:global"] == {"TicketScope"}
    assert all(imported.labels.values()), "no node may import unlabelled"
    # The labels are also a property, as APOC's own export writes them.
    assert imported.properties["agent:1"]["labels"] == ":Agent:Privileged"


def test_apoc_import_gives_every_relationship_its_type(hostile_bundle: Path) -> None:
    imported = import_like_apoc(hostile_bundle / "graph.graphml")
    assert {kind for _, kind, _ in imported.relationships} == {
        "HAS_ROLE",
        "MEMBER_OF",
        "HAS_SCOPE",
        "WORKS_FOR",
        "VIEWS_ALL_TICKETS_OF",
    }
    assert ("agent:1", "HAS_ROLE", "role:2") in imported.relationships
    assert ("agent:2", "MEMBER_OF", "group:11") in imported.relationships
    assert ("agent:2", "HAS_SCOPE", "scope:global") in imported.relationships
    assert ("contact:1", "WORKS_FOR", "company:1") in imported.relationships
    assert ("contact:1", "VIEWS_ALL_TICKETS_OF", "company:1") in imported.relationships


def test_agent_nodes_carry_typed_review_facts(
    hostile_bundle: Path, hostile_analysis: Analysis
) -> None:
    imported = import_like_apoc(hostile_bundle / "graph.graphml")
    admin = imported.properties["agent:1"]
    assert admin["privileged"] is True
    assert admin["tier"] == "admin"
    assert admin["created_at"] == "2025-01-01T00:00:00Z"
    formula = hostile_analysis.account.agents[AgentId(3)]
    assert imported.properties["agent:3"]["last_seen"] == format_timestamp(formula.last_seen)
    assert imported.properties["agent:3"]["last_login_at"] == "2025-01-01T00:00:00Z"
    assert imported.properties["agent:2"]["privileged"] is False
    assert imported.properties["agent:2"]["occasional"] is False
    expected = sorted(
        f.finding_id
        for f in hostile_analysis.findings
        if f.subject.type == "agent" and f.subject.id == "4"
    )
    assert expected
    assert imported.properties["agent:4"]["finding_ids"] == "; ".join(expected)
    assert imported.properties["agent:4"]["finding_count"] == len(expected)
    assert (admin["finding_ids"], admin["finding_count"]) == ("", 0)


def test_booleans_are_lowercase_and_networkx_reads_typed_values(hostile_bundle: Path) -> None:
    text = (hostile_bundle / "graph.graphml").read_text(encoding="utf-8")
    assert ">True<" not in text
    assert ">False<" not in text
    read = nx.read_graphml(hostile_bundle / "graph.graphml", force_multigraph=True)
    assert read.nodes["agent:1"]["privileged"] is True
    assert read.nodes["agent:2"]["privileged"] is False
    assert isinstance(read.nodes["agent:4"]["finding_count"], int)
    assert read.nodes["agent:1"]["labels"] == ":Agent:Privileged"


def test_contacts_appear_only_where_they_carry_access(tmp_path: Path) -> None:
    snapshot = write_account(
        tmp_path / "snapshot",
        agents=[agent(1)],
        contacts=[
            contact(1, email="buyer@customer.example", company_id=1, view_all_tickets=True),
            contact(2, email="someone@customer.example", company_id=1),
            contact(3, email="walk-in@gmail.com"),
        ],
        companies=[company(1, "Customer", domains=["customer.example"])],
    )
    write_bundle(analyze(snapshot), tmp_path / "bundle")
    imported = import_like_apoc(tmp_path / "bundle" / "graph.graphml")
    assert {n for n in imported.labels if n.startswith("contact:")} == {"contact:1"}
    assert {r for r in imported.relationships if r[0].startswith("contact:")} == {
        ("contact:1", "WORKS_FOR", "company:1"),
        ("contact:1", "VIEWS_ALL_TICKETS_OF", "company:1"),
    }
    read = nx.read_graphml(tmp_path / "bundle" / "graph.graphml", force_multigraph=True)
    assert read.graph["contacts_without_access"] == 2
