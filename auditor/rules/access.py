"""Phrases that name the edge of the identity graph granting an access, for finding details.

The graph answers which roles, groups and scope an agent holds; these helpers turn
those answers into the words a reviewer reads ("holds Administrator via role 2").
"""

from auditor.graph.identity import IdentityGraph
from auditor.models import Agent, AgentId, Role


def privileged_roles(graph: IdentityGraph, agent_id: AgentId) -> list[Role]:
    """The roles that make the agent privileged (tier admin or account_admin)."""
    # Defined roles only, whose tiers the graph looked up once, at construction.
    return graph.privileged_roles_of(agent_id)


def role_grant(role: Role) -> str:
    """`Administrator via role 2`: the role and the `has_role` edge that grants it."""
    return f"{role.name} via role {role.id}"


def privilege_path(graph: IdentityGraph, agent_id: AgentId) -> str:
    """`holds Administrator via role 2` for each privileged role, or an empty string."""
    roles = privileged_roles(graph, agent_id)
    return "holds " + " and ".join(role_grant(role) for role in roles) if roles else ""


def agent_label(agent: Agent) -> str:
    """`Jane Doe (agent 12)`: how a detail names another agent."""
    return f"{agent.name} (agent {agent.id})"


def group_list(graph: IdentityGraph, agent_id: AgentId) -> list[str]:
    """`Billing (group 3)` for each group the agent belongs to (`member_of` edges)."""
    groups = graph.account.groups
    return [
        f"{groups[g].name} (group {g})" if g in groups else f"undefined group {g}"
        for g in graph.group_ids_of(agent_id)
    ]
