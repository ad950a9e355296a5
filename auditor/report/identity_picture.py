"""The identity graph as a picture: roles and scope | agents | groups, with the edges between.

The layout is fixed by the data alone: roles by tier (highest first), agents ordered by
their highest role, groups by the average position of their members, so lines cross
little and the same snapshot always draws the same picture. Global ticket scope is a
badge on the agent rather than a node, so its many edges do not hide the roles' lines.
Roles or groups an agent references but the account does not define are drawn with a
dashed red outline.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.models import Agent, AgentId, GroupId, TicketScope, Tier
from auditor.report.svg import COLOURS, NEUTRAL, element, number, serialise, svg_root

WIDTH = 980.0
_TOP = 56.0
_ROW = 21.0
_ROLE_X = 245.0
_AGENT_LEFT = 370.0
_AGENT_WIDTH = 250.0
_GROUP_X = 750.0
_LABEL_CHARS = 30
# Average advance of an 11.5px sans-serif character, to fit a name beside its badges.
_CHAR_WIDTH = 6.4
_MISSING = "#c0392b"


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    colour_key: str
    missing: bool = False


@dataclass(frozen=True)
class Layout:
    roles: list[Node]
    agents: list[tuple[Node, Agent]]
    groups: list[Node]
    role_edges: list[tuple[str, str]]
    group_edges: list[tuple[str, str]]


def shorten(text: str, limit: int = _LABEL_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def layout(analysis: Analysis, only: frozenset[int] | None = None) -> Layout:
    """Where everything goes; with `only`, just those agents and the roles and groups they hold.

    The order comes from every agent either way (a group sits at the centre of all its
    members), so a cut picture shows its part in the places the whole one would. The
    order is worked out on IDs, a comprehension or a C loop per step over all agents;
    node keys and edges are written only for what is drawn.
    """
    graph = analysis.graph
    account = analysis.account
    defined = account.roles
    roles = {
        role.id: Node(f"role:{role.id}", role.name, graph.role_tier(role.id).value)
        for role in defined.values()
    }
    held = {agent_id: agent.role_ids or [] for agent_id, agent in account.agents.items()}
    for role_id in sorted({r for role_ids in held.values() for r in role_ids if r not in defined}):
        roles[role_id] = Node(f"role:{role_id}", f"undefined role {role_id}", "", missing=True)
    role_order = sorted(roles, key=lambda r: (-_tier_rank(roles[r]), r))
    role_rank = {role_id: i for i, role_id in enumerate(role_order)}
    agent_ids = list(held)
    # Each agent's highest role (999 for none, and at most 999), then the agents by it.
    first_role = [min([999, *map(role_rank.__getitem__, held[a])]) for a in agent_ids]
    ordered = [agent_id for _, agent_id in sorted(zip(first_role, agent_ids, strict=True))]
    drawn = ordered if only is None else list(filter(only.__contains__, ordered))
    role_edges: list[tuple[str, str]] = []
    group_edges: list[tuple[str, str]] = []
    # In ID order; each agent's roles the account defines, then the undefined ones (as
    # `roles_of`, then `unknown_role_ids`), each in the agent's order.
    for agent_id in agent_ids if only is None else filter(only.__contains__, agent_ids):
        agent_key = f"agent:{agent_id}"
        role_ids = held[agent_id]
        role_edges += [(f"role:{r}", agent_key) for r in role_ids if r in defined]
        role_edges += [(f"role:{r}", agent_key) for r in role_ids if r not in defined]
        group_edges += [(agent_key, f"group:{g}") for g in graph.group_ids_of(agent_id)]
    agents = account.agents
    plan = Layout(
        roles=[roles[role_id] for role_id in role_order],
        agents=[
            (Node(f"agent:{a}", agents[a].name, graph.tier_of(a).value), agents[a]) for a in drawn
        ],
        groups=_ordered_groups(analysis, ordered),
        role_edges=role_edges,
        group_edges=group_edges,
    )
    return plan if only is None else _only_agents(plan, {f"agent:{a}" for a in only})


def _ordered_groups(analysis: Analysis, ordered: list[AgentId]) -> list[Node]:
    """Every group, defined or only named by agents, at the centre of its members' rows."""
    row_of = {agent_id: row for row, agent_id in enumerate(ordered)}
    positions: dict[GroupId, list[int]] = {g: [] for g in analysis.account.groups}
    # Every membership of an agent of the snapshot (a group record may name others).
    for agent_id, group_id, _ in analysis.graph.memberships():
        row = row_of.get(agent_id)
        if row is not None:
            positions.setdefault(group_id, []).append(row)
    groups = {
        g.id: Node(f"group:{g.id}", g.name, "group") for g in analysis.account.groups.values()
    }
    for group_id in positions:
        if group_id not in groups:
            key = f"group:{group_id}"
            groups[group_id] = Node(key, f"undefined group {group_id}", "", missing=True)

    def centre(group_id: GroupId) -> tuple[float, int]:
        members = positions[group_id]
        return (sum(members) / len(members) if members else 1e9, group_id)

    return [groups[group_id] for group_id in sorted(groups, key=centre)]


def _tier_rank(node: Node) -> int:
    """Undefined roles (no tier) go below every real one."""
    return Tier(node.colour_key).rank if node.colour_key in {t.value for t in Tier} else -1


def _numeric(key: str) -> int:
    return int(key.split(":")[1])


def identity_svg(analysis: Analysis, only: frozenset[int] | None = None) -> Markup:
    """The picture; with `only`, just those agents and the roles and groups they hold."""
    plan = layout(analysis, only)
    rows = max(len(plan.agents), len(plan.roles), len(plan.groups), 1)
    height = _TOP + rows * _ROW + 12
    svg = svg_root(WIDTH, height, "Identity graph: roles, agents, groups")
    element(svg, "title", "Identity graph: which agents hold which roles and groups")
    for x, text, anchor in (
        (_ROLE_X, "Roles", "end"),
        (_AGENT_LEFT + _AGENT_WIDTH / 2, "Agents", "middle"),
        (_GROUP_X, "Groups", "start"),
    ):
        element(svg, "text", text, x=number(x), y="22", text_anchor=anchor, class_="g-head")
    role_y = _spread(plan.roles, rows)
    agent_y = {node.key: _TOP + (i + 0.5) * _ROW for i, (node, _) in enumerate(plan.agents)}
    group_y = _spread(plan.groups, rows)
    edges = element(svg, "g", class_="g-edges")
    roles = {node.key: node for node in plan.roles}
    for role_key, agent_key in plan.role_edges:
        colour = _MISSING if roles[role_key].missing else _colour(roles[role_key])
        _line(edges, (_ROLE_X + 6, role_y[role_key]), (_AGENT_LEFT, agent_y[agent_key]), colour)
    for agent_key, group_key in plan.group_edges:
        start = (_AGENT_LEFT + _AGENT_WIDTH, agent_y[agent_key])
        _line(edges, start, (_GROUP_X - 6, group_y[group_key]), None)
    for node in plan.roles:
        _end_node(svg, node, _ROLE_X, role_y[node.key], "end")
    for node, agent in plan.agents:
        _agent_box(svg, node, agent, agent_y[node.key])
    for node in plan.groups:
        _end_node(svg, node, _GROUP_X, group_y[node.key], "start")
    return serialise(svg)


def _only_agents(plan: Layout, keys: set[str]) -> Layout:
    """The layout cut down to some agents, keeping their order and the nodes they reach."""
    role_edges = [(r, a) for r, a in plan.role_edges if a in keys]
    group_edges = [(a, g) for a, g in plan.group_edges if a in keys]
    roles = {r for r, _ in role_edges}
    groups = {g for _, g in group_edges}
    return Layout(
        roles=[node for node in plan.roles if node.key in roles],
        agents=[(node, agent) for node, agent in plan.agents if node.key in keys],
        groups=[node for node in plan.groups if node.key in groups],
        role_edges=role_edges,
        group_edges=group_edges,
    )


def _spread(nodes: list[Node], rows: int) -> dict[str, float]:
    """Spread a short column evenly along the agents' height."""
    step = rows * _ROW / max(len(nodes), 1)
    return {node.key: _TOP + (i + 0.5) * step for i, node in enumerate(nodes)}


def _colour(node: Node) -> str:
    return COLOURS.get(node.colour_key, NEUTRAL)


def _line(
    parent: ET.Element, start: tuple[float, float], end: tuple[float, float], colour: str | None
) -> None:
    """A role edge in its tier's colour, or (no colour) a grey group membership."""
    element(
        parent,
        "line",
        x1=number(start[0]),
        y1=number(start[1]),
        x2=number(end[0]),
        y2=number(end[1]),
        stroke=colour or NEUTRAL,
        class_="g-edge-role" if colour else "g-edge-group",
    )


def _end_node(parent: ET.Element, node: Node, x: float, y: float, anchor: str) -> None:
    group = element(parent, "g", class_="g-node")
    element(group, "title", f"{node.label} ({node.key})")
    circle = {"cx": number(x), "cy": number(y), "r": "5.5", "fill": _colour(node)}
    if node.missing:
        circle.update(fill="#ffffff", stroke=_MISSING, stroke_dasharray="2 2")
    element(group, "circle", **circle)
    offset = -10 if anchor == "end" else 10
    element(
        group,
        "text",
        shorten(node.label),
        x=number(x + offset),
        y=number(y + 4),
        text_anchor=anchor,
        class_="g-label g-missing" if node.missing else "g-label",
    )


def _agent_box(parent: ET.Element, node: Node, agent: Agent, y: float) -> None:
    """The agent's name in a box outlined in its tier's colour, with scope and state badges."""
    state = agent.state.value
    is_global = agent.ticket_scope is TicketScope.GLOBAL
    group = element(parent, "g", class_=f"g-node g-agent g-{state}")
    element(
        group,
        "title",
        f"{agent.name} <{agent.email}> (agent {agent.id}): {state}, tier {node.colour_key}, "
        f"{agent.ticket_scope.label} scope",
    )
    box = {
        "x": number(_AGENT_LEFT),
        "y": number(y - _ROW / 2 + 2),
        "width": number(_AGENT_WIDTH),
        "height": number(_ROW - 4),
        "rx": "3",
        "fill": "#ffffff" if state == "active" else "#f4f6f8",
        "stroke": _colour(node),
    }
    if state != "active":
        box["stroke_dasharray"] = "3 2"
    element(group, "rect", **box)
    right = _AGENT_LEFT + _AGENT_WIDTH - 4
    if is_global:
        element(
            group,
            "rect",
            x=number(right - 40),
            y=number(y - 6),
            width="40",
            height="12",
            rx="6",
            fill=COLOURS["global"],
        )
        element(
            group,
            "text",
            "global",
            x=number(right - 20),
            y=number(y + 3.5),
            text_anchor="middle",
            class_="g-badge",
        )
        right -= 44
    if state != "active":
        element(
            group,
            "text",
            state,
            x=number(right - 2),
            y=number(y + 4),
            text_anchor="end",
            class_="g-state",
        )
        right -= len(state) * 5.4 + 6
    fits = int((right - _AGENT_LEFT - 8) / _CHAR_WIDTH)
    element(
        group,
        "text",
        shorten(agent.name, fits),
        x=number(_AGENT_LEFT + 7),
        y=number(y + 4),
        class_="g-label",
    )
