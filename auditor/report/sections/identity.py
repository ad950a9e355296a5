"""The picture of the identity graph, with the counts a reader checks it against.

Above `AGENT_LIMIT` agents the picture shows only the privileged and at-risk part, and
says so: agents of an admin tier, with Global ticket scope, or the subject of an open
high or critical finding, the most privileged first, at most `AGENT_LIMIT` of them. A
picture of thousands of agents is megabytes of lines no one can follow; the whole graph
is in graph.graphml.
"""

from dataclasses import dataclass

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.models import Agent, TicketScope
from auditor.report.agent_facts import (
    PRIVILEGED_TIERS,
    SEVERITY_RANK,
    TIER_RANK,
)
from auditor.report.identity_picture import identity_svg
from auditor.rules.base import Severity

AGENT_LIMIT = 150


@dataclass(frozen=True)
class IdentityPicture:
    svg: Markup
    agents: int
    roles: int
    groups: int
    role_edges: int
    group_edges: int
    # The agents drawn, when fewer than all of them.
    shown: int | None = None
    at_risk: int = 0
    limit: int = AGENT_LIMIT


def build_identity(analysis: Analysis) -> IdentityPicture:
    graph = analysis.graph
    at_risk = _at_risk(analysis)
    shown = at_risk[:AGENT_LIMIT] if len(analysis.account.agents) > AGENT_LIMIT else None
    return IdentityPicture(
        svg=identity_svg(analysis, None if shown is None else frozenset(a.id for a in shown)),
        shown=None if shown is None else len(shown),
        at_risk=len(at_risk),
        agents=len(analysis.account.agents),
        roles=len(analysis.account.roles),
        groups=len(analysis.account.groups),
        # Counted from the graph's indexes: reading `graph.graph` would build the networkx
        # graph, a node per contact that carries access, for two numbers.
        role_edges=graph.edge_count("has_role"),
        group_edges=graph.edge_count("member_of"),
    )


def _at_risk(analysis: Analysis) -> list[Agent]:
    """Privileged, Global-scope or seriously flagged agents, the most privileged first."""
    graph = analysis.graph
    flagged = {
        f.subject.id
        for f in analysis.findings
        if f.subject.type == "agent"
        and f.status == "open"
        and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[Severity.HIGH]
    }
    agents = [
        a
        for a in graph.agents()
        if graph.tier_of(a.id) in PRIVILEGED_TIERS
        or a.ticket_scope is TicketScope.GLOBAL
        or str(a.id) in flagged
    ]
    return sorted(
        agents, key=lambda a: (-TIER_RANK[graph.tier_of(a.id)], str(a.id) not in flagged, a.id)
    )
