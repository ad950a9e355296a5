"""The access part of `graph.graphml` (scope, roles, groups, agents, companies and their
edges), made from the identity graph's own records and indexes rather than networkx.

`IdentityGraph.access_graph` holds the same nodes and edges as a networkx multigraph, but
building it costs about 0.2 s at ten thousand agents and importing networkx 0.15 s more,
for a writer that reads each node and edge once. `AccessPart` makes the same (node,
attributes) and (source, target, kind, attributes) values with plain dicts, following
`IdentityGraph._networkx` step by step. There, every node is added once (each kind from
its own records, a node of a missing record only where none stands) and so is every
edge but `has_role`, which an agent naming a role twice adds twice, and networkx keeps
once: so plain dict and list appends give its nodes and edges, with the roles taken
once each. Tests hold the file it gives to the bytes of the networkx graph's.
"""

from collections.abc import Iterable, Iterator
from typing import Any, get_args

from auditor.graph.identity import (
    IdentityGraph,
    SeenFrom,
    agent_node,
    company_node,
    group_node,
    role_node,
    scope_node,
)
from auditor.graph.tiers import is_classified
from auditor.models import TicketScope

AccessEdge = tuple[str, str, str, dict[str, Any]]
SEEN_FROM: tuple[SeenFrom, ...] = get_args(SeenFrom)


class AccessPart:
    """The identity graph without its contacts (`access_graph`'s nodes and edges) and the
    company nodes only contacts name, in the interface `graphml` reads a graph by."""

    def __init__(
        self, identity: IdentityGraph, beside: Iterable[tuple[str, dict[str, Any]]]
    ) -> None:
        self._nodes: dict[str, dict[str, Any]] = {}
        self._edges: list[AccessEdge] = []
        self._add_access(identity)
        # The companies only contacts name, which `graph` adds after the access part.
        self._nodes.update(beside)

    def names(self) -> list[str]:
        return list(self._nodes)

    def data(self, node: str) -> dict[str, Any]:
        return self._nodes[node]

    def out_edges(self, heads: list[str]) -> Iterator[AccessEdge]:
        """The edges from `heads` (every edge's source is a node here): in the order they
        were added rather than networkx's by source, which `graphml._edges` sorts anyway."""
        wanted = set(heads)
        return (edge for edge in self._edges if edge[0] in wanted)

    def _add_access(self, identity: IdentityGraph) -> None:
        """What `IdentityGraph._networkx(with_contacts=False)` adds, in its order."""
        account = identity.account
        nodes, add_edge = self._nodes, self._edges.append
        # Edges of a kind share one attributes dict (no reader changes them: `graphml`
        # copies each into its own, once per distinct set): tens of thousands fewer
        # dicts. Likewise each scope's node and label, asked of every agent.
        has_role, has_scope = {"kind": "has_role"}, {"kind": "has_scope"}
        member_of = {seen: {"kind": "member_of", "seen_from": seen} for seen in SEEN_FROM}
        escalates_to = {"kind": "escalates_to"}
        scopes = {scope: (scope_node(scope), scope.label) for scope in TicketScope}
        for scope in TicketScope:
            nodes[scope_node(scope)] = {"kind": "scope", "label": f"{scope.label} scope"}
        for role in account.roles.values():
            nodes[role_node(role.id)] = {
                "kind": "role",
                "label": role.name,
                "tier": identity.role_tier(role.id).value,
                "classified": is_classified(role, identity.custom_tiers),
                "missing": False,
            }
        for group in account.groups.values():
            nodes[group_node(group.id)] = {"kind": "group", "label": group.name}
        for agent in account.agents.values():
            node = agent_node(agent.id)
            scope_target, scope_label = scopes[agent.ticket_scope]
            nodes[node] = {
                "kind": "agent",
                "label": agent.name,
                "email": agent.email,
                "state": identity.state_of(agent.id).value,
                "tier": identity.tier_of(agent.id).value,
                "type": agent.type,
                "occasional": agent.occasional,
                "scope": scope_label,
                "missing": False,
            }
            # A role named twice is one edge (networkx keeps one edge per key).
            for role_id in dict.fromkeys(agent.role_ids or []):
                target = role_node(role_id)
                if target not in nodes:
                    label = f"unknown role {role_id}"
                    nodes[target] = {"kind": "role", "label": label, "missing": True}
                add_edge((node, target, "has_role", has_role))
            add_edge((node, scope_target, "has_scope", has_scope))
        for agent_id, group_id, seen_from in identity.memberships():
            source, target = agent_node(agent_id), group_node(group_id)
            if source not in nodes:
                nodes[source] = {"kind": "agent", "label": "", "missing": True}
            if target not in nodes:
                label = f"unknown group {group_id}"
                nodes[target] = {"kind": "group", "label": label, "missing": True}
            add_edge((source, target, "member_of", member_of[seen_from]))
        for group in account.groups.values():
            if group.escalate_to is not None:
                target = agent_node(group.escalate_to)
                if target not in nodes:
                    nodes[target] = {"kind": "agent", "label": "", "missing": True}
                add_edge((group_node(group.id), target, "escalates_to", escalates_to))
        for company in account.companies.values():
            nodes[company_node(company.id)] = {
                "kind": "company",
                "label": company.name,
                "domains": ",".join(company.domains),
            }
