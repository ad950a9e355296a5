"""`graph.graphml`: the identity graph for Gephi, yEd or Neo4j (APOC's GraphML import).

Neo4j's `apoc.import.graphml(file, {readLabels: true})` takes a node's labels from its
`labels` (`:Agent:Privileged`) and a relationship's type from the edge's `label`
(`HAS_ROLE`); without them every node is unlabelled and every edge `RELATED`. Both are
written as APOC's own export writes them: as an attribute of the element and as a
`<data>` value. Each key declares its type (`boolean`, `long`, `double`, `string`), and
booleans are `true`/`false` as XML Schema spells them, so typed readers get typed values.
Gephi and yEd show a node's `label` attribute: its name. Contacts appear only where they
carry access (they can view all of a company's tickets); the others, possibly a million,
are counted in the graph's `contacts_without_access` rather than drawn one by one.

The file is written by hand rather than by networkx, whose writer spells booleans
`True` and cannot put attributes on the elements, and as a stream of text pieces
(`graphml_chunks`) rather than an element tree: the `<key>` declarations need every
attribute's type first, so the attributes are gathered once, then each element is
written as it comes. Nodes come in a fixed order (kind, then numeric ID) and edges
after them, so the same snapshot always gives the same bytes; edge IDs name their ends
and kind (`agent:7.has_role.role:2`), unique because the graph holds one edge of each
kind between two nodes.
"""

import re
from collections.abc import Iterator
from typing import Any

from auditor.analysis import Analysis
from auditor.graph.identity import agent_node, contact_node
from auditor.models import Agent
from auditor.report.run_info import run_info
from auditor.timestamps import format_timestamp

GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
_KIND_ORDER = ("scope", "role", "group", "agent", "company", "contact")
# A node's Neo4j label, by kind.
NODE_LABELS = {
    "scope": "TicketScope",
    "role": "Role",
    "group": "Group",
    "agent": "Agent",
    "company": "Company",
    "contact": "Contact",
}
# An edge's Neo4j relationship type, by kind.
RELATIONSHIP_TYPES = {
    "has_role": "HAS_ROLE",
    "member_of": "MEMBER_OF",
    "has_scope": "HAS_SCOPE",
    "works_for": "WORKS_FOR",
    "escalates_to": "ESCALATES_TO",
    "views_all_tickets_of": "VIEWS_ALL_TICKETS_OF",
}
PRIVILEGED_TIERS = frozenset({"admin", "account_admin"})
# XML 1.0 cannot hold most control characters, not even escaped: one in a name from the
# API would make the whole file unreadable to Gephi or yEd, so each becomes U+FFFD.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")

Value = str | int | float | bool
Attributes = dict[str, Value]


def node_order(node: str) -> tuple[int, int, str]:
    """`agent:2` before `agent:10`; kinds in a reading order; unknown shapes last."""
    kind, _, identifier = node.partition(":")
    rank = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
    return (rank, int(identifier), "") if identifier.isdigit() else (rank, -1, identifier)


def graphml_bytes(analysis: Analysis) -> bytes:
    return "".join(graphml_chunks(analysis)).encode()


def graphml_chunks(analysis: Analysis) -> Iterator[str]:
    """The document as pieces of text, one element (with its data) at a time."""
    shown = _nodes_shown(analysis)
    contacts_shown = sum(1 for node in shown if node.startswith("contact:"))
    graph_data = _graph_attributes(analysis, analysis.account.contact_table.total - contacts_shown)
    agents = {agent_node(agent.id): agent for agent in analysis.account.agents.values()}
    findings = _finding_ids_by_node(analysis)
    nodes = [
        (node, _node_attributes(analysis, node, agents.get(node), findings.get(node, [])))
        for node in sorted(shown, key=node_order)
    ]
    edges = _edges(analysis, shown)
    keys = _Keys(
        graph=[graph_data],
        node=[attributes for _, attributes in nodes],
        edge=[attributes for _, _, _, attributes in edges],
    )
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield f'<graphml xmlns="{GRAPHML_NAMESPACE}">\n'
    yield from keys.declare()
    yield '  <graph id="G" edgedefault="directed">\n'
    yield keys.fill("    ", "graph", graph_data)
    for node, attributes in nodes:
        opening = f'<node id="{_attribute(node)}" labels="{_attribute(str(attributes["labels"]))}"'
        yield _element("    ", opening, "node", keys.fill("      ", "node", attributes))
    for edge_id, head, tail, attributes in edges:
        opening = (
            f'<edge id="{_attribute(edge_id)}" source="{_attribute(head)}" '
            f'target="{_attribute(tail)}" label="{_attribute(str(attributes["label"]))}"'
        )
        yield _element("    ", opening, "edge", keys.fill("      ", "edge", attributes))
    yield "  </graph>\n</graphml>\n"


def _element(indent: str, opening: str, tag: str, children: str) -> str:
    if not children:
        return f"{indent}{opening} />\n"
    return f"{indent}{opening}>\n{children}{indent}</{tag}>\n"


# The characters either escape below changes; most values hold none of them.
_ESCAPED = re.compile(r'[&<>"\r\n\t]')


def _attribute(value: str) -> str:
    """An XML attribute value, escaped as ElementTree escapes it."""
    if not _ESCAPED.search(value):
        return value
    return (
        _text(value)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


def _text(value: str) -> str:
    if not _ESCAPED.search(value):
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _nodes_shown(analysis: Analysis) -> set[str]:
    """Every node but the contacts that can see no more than their own tickets."""
    # A contact's `works_for` edge views all tickets exactly where the contact record
    # says so: the records answer without walking a few hundred thousand edge lists.
    graph = analysis.graph.graph
    viewing = {
        contact_node(contact.id)
        for contact in analysis.account.contacts.values()
        if contact.companies_viewing_all_tickets()
    }
    return {node for node, kind in graph.nodes(data="kind") if kind != "contact" or node in viewing}


def _graph_attributes(analysis: Analysis, contacts_omitted: int) -> Attributes:
    info = run_info(analysis)
    return _safe(
        {
            "account": info.domain,
            "collected_at": info.collected_at,
            "as_of": info.as_of,
            "snapshot_manifest_sha256": info.snapshot_manifest_sha256,
            "tool": f"{info.tool_name} {info.tool_version}",
            "contacts_without_access": contacts_omitted,
        }
    )


def _node_attributes(
    analysis: Analysis, node: str, agent: Agent | None, finding_ids: list[str]
) -> Attributes:
    attributes: dict[str, Any] = dict(analysis.graph.graph.nodes[node])
    kind = str(attributes.get("kind", ""))
    if kind == "agent":
        attributes.update(_agent_facts(analysis, agent, finding_ids))
    elif kind == "role":
        attributes["privileged"] = attributes.get("tier") in PRIVILEGED_TIERS
    labels = [NODE_LABELS.get(kind, "Node")]
    if attributes.get("privileged") is True:
        labels.append("Privileged")
    attributes["labels"] = "".join(f":{label}" for label in labels)
    return _safe(attributes)


def _agent_facts(analysis: Analysis, agent: Agent | None, finding_ids: list[str]) -> dict[str, Any]:
    """What a reviewer asks of an agent node: when it was last used, its tier, its findings."""
    facts: dict[str, Any] = {
        "finding_ids": "; ".join(finding_ids),
        "finding_count": len(finding_ids),
    }
    if agent is None:
        # A reference to an agent the snapshot does not hold: nothing more is known.
        return {**facts, "privileged": False}
    tier = analysis.graph.tier_of(agent.id)
    facts.update(
        privileged=analysis.graph.is_privileged(agent.id),
        tier=tier.value,
        created_at=format_timestamp(agent.created_at),
        last_seen=format_timestamp(agent.last_seen),
    )
    if agent.last_login_at is not None:
        facts["last_login_at"] = format_timestamp(agent.last_login_at)
    if agent.last_active_at is not None:
        facts["last_active_at"] = format_timestamp(agent.last_active_at)
    return facts


def _finding_ids_by_node(analysis: Analysis) -> dict[str, list[str]]:
    by_node: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            by_node.setdefault(f"agent:{finding.subject.id}", []).append(finding.finding_id)
    for ids in by_node.values():
        ids.sort()
    return by_node


def _edges(analysis: Analysis, shown: set[str]) -> list[tuple[str, str, str, Attributes]]:
    """Every edge with its relationship type; a contact that views all of a company's
    tickets also gets a `VIEWS_ALL_TICKETS_OF` edge, the access a query looks for."""
    source = analysis.graph.graph
    edges: list[tuple[str, str, str, Attributes]] = []
    for head, tail, kind, data in source.edges(keys=True, data=True):
        if head not in shown or tail not in shown:
            continue
        attributes = {**data, "label": RELATIONSHIP_TYPES.get(kind, kind.upper())}
        edges.append((f"{head}.{kind}.{tail}", head, tail, _safe(attributes)))
        if kind == "works_for" and data.get("view_all_tickets") is True:
            extra = {"kind": "views_all_tickets_of", "label": "VIEWS_ALL_TICKETS_OF"}
            edges.append((f"{head}.views_all_tickets_of.{tail}", head, tail, _safe(extra)))
    order = {node: node_order(node) for node in shown}
    edges.sort(key=lambda e: (order[e[1]], order[e[2]], e[0]))
    return edges


def _safe(attributes: dict[str, Any]) -> Attributes:
    """GraphML knows strings, numbers and booleans; anything else is written as text."""
    safe: Attributes = {}
    for name in sorted(attributes):
        value = attributes[name]
        if value is None:
            continue
        if isinstance(value, (int, float, bool)):
            safe[name] = value
            continue
        text = str(value)
        # Printable ASCII holds nothing XML refuses: most names and emails skip the regex.
        safe[name] = text if text.isascii() and text.isprintable() else _NOT_XML.sub("\ufffd", text)
    return safe


def _xml_type(kinds: set[type]) -> str:
    """The XML Schema type of an attribute whose values have these Python types."""
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


class _Keys:
    """The `<key>` declarations: one per attribute name and domain, with its type.

    Key IDs are the attribute names (as APOC's export writes them) except where a node
    and an edge attribute share a name: the edge's `label` is the relationship type and
    keeps the plain ID, the node's display name is `node_label`; other edge keys that
    clash with a node key get an `edge_` prefix.
    """

    def __init__(
        self, graph: list[Attributes], node: list[Attributes], edge: list[Attributes]
    ) -> None:
        self.types: dict[tuple[str, str], str] = {}
        self.ids: dict[tuple[str, str], str] = {}
        for domain, rows in (("graph", graph), ("node", node), ("edge", edge)):
            # The Python types each attribute takes, in one pass over the rows.
            seen: dict[str, set[type]] = {}
            for row in rows:
                for name, value in row.items():
                    seen.setdefault(name, set()).add(type(value))
            for name in sorted(seen):
                self.types[(domain, name)] = _xml_type(seen[name])
        node_names = {name for domain, name in self.types if domain == "node"}
        for domain, name in self.types:
            key_id = name
            if domain == "node" and name == "label":
                key_id = "node_label"
            elif domain == "edge" and name in node_names and name != "label":
                key_id = f"edge_{name}"
            elif domain == "graph":
                key_id = f"graph_{name}"
            self.ids[(domain, name)] = key_id
        # Each `<data>` tag, escaped once rather than once per element.
        self._tags = {key: f'<data key="{_attribute(key_id)}"' for key, key_id in self.ids.items()}
        self._booleans = {key for key, xml_type in self.types.items() if xml_type == "boolean"}

    def declare(self) -> Iterator[str]:
        for (domain, name), xml_type in self.types.items():
            yield (
                f'  <key id="{_attribute(self.ids[(domain, name)])}" for="{domain}" '
                f'attr.name="{_attribute(name)}" attr.type="{xml_type}" />\n'
            )

    def fill(self, indent: str, domain: str, attributes: Attributes) -> str:
        """The `<data>` elements of one element's attributes."""
        pieces = []
        for name, value in attributes.items():
            key = (domain, name)
            text = ("true" if value else "false") if key in self._booleans else _text(str(value))
            tag = self._tags[key]
            pieces.append(f"{indent}{tag}>{text}</data>\n" if text else f"{indent}{tag} />\n")
        return "".join(pieces)
