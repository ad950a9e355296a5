"""`graph.graphml`: the identity graph for Gephi, yEd or a graph database.

The file is written from a copy of the graph whose nodes and edges are inserted in a
fixed order (kind, then numeric ID) so that the same snapshot always gives the same
bytes; edge IDs name their ends and kind (`agent:7.has_role.role:2`), which is unique
because the graph holds one edge of each kind between two nodes.
"""

import io
import re
from typing import Any

import networkx as nx

from auditor.analysis import Analysis
from auditor.report.run_info import run_info

_KIND_ORDER = ("scope", "role", "group", "agent", "company", "contact")
# XML 1.0 cannot hold most control characters, not even escaped: one in a name from the
# API would make the whole file unreadable to Gephi or yEd, so each becomes U+FFFD.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def node_order(node: str) -> tuple[int, int, str]:
    """`agent:2` before `agent:10`; kinds in a reading order; unknown shapes last."""
    kind, _, identifier = node.partition(":")
    rank = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
    return (rank, int(identifier), "") if identifier.isdigit() else (rank, -1, identifier)


def graphml_bytes(analysis: Analysis) -> bytes:
    info = run_info(analysis)
    source: nx.MultiDiGraph = analysis.graph.graph
    ordered = nx.MultiDiGraph(
        **_safe(
            {
                "account": info.domain,
                "collected_at": info.collected_at,
                "as_of": info.as_of,
                "snapshot_manifest_sha256": info.snapshot_manifest_sha256,
                "tool": f"{info.tool_name} {info.tool_version}",
            }
        )
    )
    for node in sorted(source.nodes, key=node_order):
        ordered.add_node(node, **_safe(source.nodes[node]))
    edges = sorted(
        source.edges(keys=True, data=True),
        key=lambda e: (node_order(e[0]), node_order(e[1]), e[2]),
    )
    for head, tail, kind, data in edges:
        ordered.add_edge(head, tail, key=f"{head}.{kind}.{tail}", **_safe(data))
    buffer = io.BytesIO()
    nx.write_graphml(ordered, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _safe(attributes: dict[str, Any]) -> dict[str, str | int | float | bool]:
    """GraphML knows strings, numbers and booleans; anything else is written as text."""
    safe: dict[str, str | int | float | bool] = {}
    for name in sorted(attributes):
        value = attributes[name]
        if value is None:
            continue
        if isinstance(value, int | float | bool):
            safe[name] = value
        else:
            safe[name] = _NOT_XML.sub("\ufffd", str(value))
    return safe
