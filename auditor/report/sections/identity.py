"""The picture of the identity graph, with the counts a reader checks it against."""

from dataclasses import dataclass

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.report.identity_picture import identity_svg


@dataclass(frozen=True)
class IdentityPicture:
    svg: Markup
    agents: int
    roles: int
    groups: int
    role_edges: int
    group_edges: int


def build_identity(analysis: Analysis) -> IdentityPicture:
    graph = analysis.graph
    edges = [kind for _, _, kind in graph.graph.edges(keys=True)]
    return IdentityPicture(
        svg=identity_svg(analysis),
        agents=len(analysis.account.agents),
        roles=len(analysis.account.roles),
        groups=len(analysis.account.groups),
        role_edges=edges.count("has_role"),
        group_edges=edges.count("member_of"),
    )
