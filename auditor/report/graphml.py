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

The contacts that carry access (a quarter of a million at a million contacts) are
written by `graphml_contacts.ContactBlock` from their records, from pieces made once (its
one pass over the records also finds the companies only contacts name); the graph's
other nodes and edges by the generic element writer here, read from the identity graph's
records by `graphml_access.AccessPart` rather than from its networkx graph (whose import
and build cost more than writing them). Text comes out in blocks of about a megabyte
(`blocks`).
"""

from collections.abc import Container, Iterable, Iterator
from typing import Any, Protocol

from auditor.analysis import Analysis
from auditor.graph.identity import agent_node, contact_node
from auditor.models import Agent, Tier
from auditor.report.blocks import blocks
from auditor.report.graphml_access import AccessPart
from auditor.report.graphml_contacts import CONTACT_PREFIX, ContactBlock
from auditor.report.graphml_xml import (
    Attributes,
    Keys,
    attribute,
    element,
    needs_escaping,
    safe,
)
from auditor.report.run_info import run_info
from auditor.report.timestamp_texts import TimestampTexts

GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
_KIND_ORDER = ("scope", "role", "group", "agent", "company", "contact")
_CONTACT_RANK = _KIND_ORDER.index("contact")
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
_PRIVILEGED_TIERS = {tier: tier.is_privileged for tier in Tier}

_Edge = tuple[str, str, str, Attributes]


def node_order(node: str) -> tuple[int, int, str]:
    """`agent:2` before `agent:10`; kinds in a reading order; unknown shapes last."""
    kind, _, identifier = node.partition(":")
    rank = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
    return (rank, int(identifier), "") if identifier.isdigit() else (rank, -1, identifier)


def graphml_bytes(analysis: Analysis) -> bytes:
    return "".join(graphml_chunks(analysis)).encode()


def graphml_chunks(
    analysis: Analysis, fast_contacts: bool = True, fast_access: bool = True
) -> Iterator[str]:
    """The document as blocks of text of about a megabyte, made one element at a time.

    `fast_contacts=False` writes the contacts through the generic element writer too
    (the same bytes, slower: see `graphml_contacts`); `fast_access=False` reads the
    nodes and edges other than the contacts from the networkx graph (the same bytes,
    slower: see `graphml_access`)."""
    return blocks(_pieces(analysis, fast_contacts, fast_access))


def _pieces(analysis: Analysis, fast_contacts: bool, fast_access: bool) -> Iterator[str]:
    """The document as pieces of text, one element (with its data) at a time."""
    # The contacts are written from their records beside the graph without them (see
    # `graphml_contacts`); `fast_contacts=False` reads them from the whole networkx graph.
    identity = analysis.graph
    account = identity.account
    block = (
        ContactBlock.from_carried(identity.carried_contacts, account.companies)
        if fast_contacts
        else None
    )
    shown: Container[str]
    parts: _Parts
    if block is None:
        parts = _GraphParts(identity.graph, {})
        every_shown = _nodes_shown(analysis)
        contacts_shown = sum(1 for node in every_shown if node.startswith(CONTACT_PREFIX))
        generic = sorted(every_shown, key=node_order)
        shown = every_shown
    else:
        # The graph without its contacts, and the companies only contacts name, which
        # the block's pass over the records found; made from the identity graph's own
        # records rather than its networkx graph, whose build and import cost more than
        # writing the part (see `graphml_access`).
        if fast_access:
            parts = AccessPart(identity, block.unknown_companies)
        else:
            parts = _GraphParts(identity.access_graph, dict(block.unknown_companies))
        others = parts.names()
        contacts_shown = len(block.nodes)
        generic = sorted(others, key=node_order)
        shown = _Shown(others, block.nodes)
    # Edges into a contact (none, as the identity graph is built) come from a generic
    # node, so they are among these, ordered by their source like the others.
    edges = _edges(parts, generic, shown)
    graph_data = _graph_attributes(analysis, analysis.account.contact_table.total - contacts_shown)
    agents = {agent_node(agent.id): agent for agent in analysis.account.agents.values()}
    findings = _finding_ids_by_node(analysis)
    times = TimestampTexts()
    nodes = [
        (
            node,
            _node_attributes(
                analysis, parts.data(node), agents.get(node), findings.get(node, []), times
            ),
        )
        for node in generic
    ]
    keys = Keys(
        graph=[graph_data],
        node=[*(attributes for _, attributes in nodes), *(block.node_rows() if block else [])],
        # Edges share their attribute sets (see `_edges`): each distinct one once.
        edge=[
            *{id(attributes): attributes for _, _, _, attributes in edges}.values(),
            *(block.edge_rows() if block else []),
        ],
    )
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield f'<graphml xmlns="{GRAPHML_NAMESPACE}">\n'
    yield from keys.declare()
    yield '  <graph id="G" edgedefault="directed">\n'
    yield keys.fill("    ", "graph", graph_data)
    # The contacts' block stands where node order puts contacts: after the kinds before
    # them, before nodes of unknown kinds; its edges likewise, by their source.
    node_split = _before_contacts([node for node, _ in nodes])
    for node, attributes in nodes[:node_split]:
        yield _node_element(keys, node, attributes)
    if block is not None:
        yield from block.node_text(keys)
    for node, attributes in nodes[node_split:]:
        yield _node_element(keys, node, attributes)
    edge_split = _before_contacts([head for _, head, _, _ in edges])
    writer = _EdgeWriter(keys)
    for edge in edges[:edge_split]:
        yield writer.element(edge)
    if block is not None:
        yield from block.edge_text(keys)
    for edge in edges[edge_split:]:
        yield writer.element(edge)
    yield "  </graph>\n</graphml>\n"


def _before_contacts(nodes: list[str]) -> int:
    """How many of these nodes (in node order) come before any contact."""
    for index, node in enumerate(nodes):
        if node_order(node)[0] >= _CONTACT_RANK:
            return index
    return len(nodes)


def _node_element(keys: Keys, node: str, attributes: Attributes) -> str:
    opening = f'<node id="{attribute(node)}" labels="{attribute(str(attributes["labels"]))}"'
    return element("    ", opening, "node", keys.fill("      ", "node", attributes))


class _EdgeWriter:
    """Each `<edge>` element; the text of an attribute set `_edges` shares is made once."""

    def __init__(self, keys: Keys) -> None:
        self._keys = keys
        # By the identity of the shared attributes, which outlive the writer.
        self._written: dict[int, tuple[str, str]] = {}

    def element(self, edge: _Edge) -> str:
        edge_id, head, tail, attributes = edge
        written = self._written.get(id(attributes))
        if written is None:
            label = attribute(str(attributes["label"]))
            written = self._written[id(attributes)] = (
                label,
                self._keys.fill("      ", "edge", attributes),
            )
        label, children = written
        # The ID holds the source and target whole: where it needs no escaping, neither do they.
        if needs_escaping(edge_id):
            edge_id, head, tail = attribute(edge_id), attribute(head), attribute(tail)
        opening = f'<edge id="{edge_id}" source="{head}" target="{tail}" label="{label}"'
        return element("    ", opening, "edge", children)


def _nodes_shown(analysis: Analysis) -> set[str]:
    """Every node but the contacts that can see no more than their own tickets."""
    # A contact's `works_for` edge views all tickets exactly where the contact record
    # says so: the records answer without walking a few hundred thousand edge lists.
    viewing = {
        contact_node(contact.id)
        for contact in analysis.account.contacts.values()
        if contact.companies_viewing_all_tickets()
    }
    graph = analysis.graph.graph
    return {node for node, kind in graph.nodes(data="kind") if kind != "contact" or node in viewing}


def _graph_attributes(analysis: Analysis, contacts_omitted: int) -> Attributes:
    info = run_info(analysis)
    return safe(
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
    analysis: Analysis,
    data: dict[str, Any],
    agent: Agent | None,
    finding_ids: list[str],
    times: TimestampTexts,
) -> Attributes:
    attributes: dict[str, Any] = dict(data)
    kind = str(attributes.get("kind", ""))
    if kind == "agent":
        attributes.update(_agent_facts(analysis, agent, finding_ids, times))
    elif kind == "role":
        attributes["privileged"] = attributes.get("tier") in PRIVILEGED_TIERS
    labels = [NODE_LABELS.get(kind, "Node")]
    if attributes.get("privileged") is True:
        labels.append("Privileged")
    attributes["labels"] = ":" + ":".join(labels)
    return safe(attributes)


def _agent_facts(
    analysis: Analysis, agent: Agent | None, finding_ids: list[str], times: TimestampTexts
) -> dict[str, Any]:
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
        # An agent is privileged by its tier: `IdentityGraph.is_privileged` asks the
        # tier, whose answer (a walk of every tier) is made once per tier here.
        privileged=_PRIVILEGED_TIERS[tier],
        tier=tier.value,
        created_at=times.format(agent.created_at),
        last_seen=times.format(agent.last_seen),
    )
    if agent.last_login_at is not None:
        facts["last_login_at"] = times.format(agent.last_login_at)
    if agent.last_active_at is not None:
        facts["last_active_at"] = times.format(agent.last_active_at)
    return facts


def _finding_ids_by_node(analysis: Analysis) -> dict[str, list[str]]:
    by_node: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            by_node.setdefault(f"agent:{finding.subject.id}", []).append(finding.finding_id)
    for ids in by_node.values():
        ids.sort()
    return by_node


class _Shown:
    """Whether a node is shown: one of the generic nodes or, asked only of an edge into
    a contact (none, as the identity graph is built), one of the block's contacts."""

    def __init__(self, generic: list[str], contacts: list[str]) -> None:
        self._generic = set(generic)
        self._contacts = contacts
        self._contact_set: frozenset[str] | None = None

    def __contains__(self, node: object) -> bool:
        if node in self._generic:
            return True
        if self._contact_set is None:
            self._contact_set = frozenset(self._contacts)
        return node in self._contact_set


def _edges(parts: "_Parts", heads: list[str], shown: Container[str]) -> list[_Edge]:
    """Every edge from `heads` to a shown node, with its relationship type, in order; a
    contact that views all of a company's tickets also gets a `VIEWS_ALL_TICKETS_OF`
    edge, the access a query looks for."""
    edges: list[_Edge] = []
    # Edges of one kind mostly carry the same attributes (`member_of` from the agent's
    # side, ...): each distinct set is made safe once and shared, so its `<data>` text
    # is written once too (see `_EdgeWriter`).
    made: dict[tuple[Any, ...], Attributes] = {}
    # `AccessPart`'s edges of a kind share one attributes dict: found by its identity (the
    # dict outlives the loop, and nothing changes it), its content is not looked at again.
    shared: dict[tuple[str, int], Attributes] = {}
    extra = safe({"kind": "views_all_tickets_of", "label": "VIEWS_ALL_TICKETS_OF"})
    # Every head is shown: a set's `in` answers most tails without `shown`'s own method.
    heads_shown = set(heads)
    for head, tail, kind, data in parts.out_edges(heads):
        if tail not in heads_shown and tail not in shown:
            continue
        attributes = shared.get((kind, id(data)))
        if attributes is None:
            try:
                # Types too: `True == 1`, but the two are written differently.
                same = (kind, *data.items(), *map(type, data.values()))
                attributes = made.get(same)
            except TypeError:  # an unhashable value: not shared
                same, attributes = (), None
            if attributes is None:
                attributes = safe({**data, "label": RELATIONSHIP_TYPES.get(kind, kind.upper())})
                if same:
                    made[same] = attributes
            shared[(kind, id(data))] = attributes
        edges.append((f"{head}.{kind}.{tail}", head, tail, attributes))
        if kind == "works_for" and data.get("view_all_tickets") is True:
            edges.append((f"{head}.views_all_tickets_of.{tail}", head, tail, extra))
    # Heads are generic nodes; a tail rarely is not (a contact of the block). The order
    # is total (an edge's ID, its last key, is unique), so the edges' order before the
    # sort does not matter.
    order = {node: node_order(node) for node in heads}
    edges.sort(key=lambda e: (order[e[1]], order.get(e[2]) or node_order(e[2]), e[0]))
    return edges


class _Parts(Protocol):
    """The graph's nodes other than the contacts' block: `_GraphParts` or `AccessPart`."""

    def names(self) -> list[str]: ...

    def data(self, node: str) -> dict[str, Any]: ...

    def out_edges(self, heads: list[str]) -> Iterable[tuple[str, str, str, dict[str, Any]]]: ...


class _GraphParts:
    """The identity graph's nodes other than its contacts: a networkx graph (without its
    contacts, `IdentityGraph.access_graph`) and the company nodes only contacts name, or
    the whole networkx graph and nothing beside it."""

    def __init__(self, graph: Any, beside: dict[str, dict[str, Any]]) -> None:
        self.graph = graph
        self._beside = beside

    def names(self) -> list[str]:
        return [*self.graph, *self._beside]

    def data(self, node: str) -> dict[str, Any]:
        found = self._beside.get(node)
        return found if found is not None else dict(self.graph.nodes[node])

    def out_edges(self, heads: list[str]) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
        """(source, target, key, attributes) of the edges from `heads`, by source. Heads
        outside the graph are the nodes beside it (companies only contacts name), which
        have no edges of their own."""
        in_graph = [head for head in heads if head in self.graph]
        return self.graph.out_edges(in_graph, keys=True, data=True)  # type: ignore[no-any-return]
