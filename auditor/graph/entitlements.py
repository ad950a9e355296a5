"""What one agent holds, as the access review names it: `role:7`, `group:3`, `scope:global`.

The same keys appear in `access_review.csv`, in a previous review read back next quarter
and in the changes between two snapshots, so all of them are built here, from the graph.
"""

from dataclasses import dataclass
from typing import Literal

from auditor.graph.identity import IdentityGraph, group_node, role_node, scope_node
from auditor.models import AgentId, RoleId, TicketScope

EntitlementType = Literal["role", "group", "ticket_scope"]


@dataclass(frozen=True)
class Entitlement:
    key: str
    type: EntitlementType
    name: str
    privileged: bool

    def describe(self) -> str:
        """`role:2 Administrator (privileged)`, as the terminal and the report show it."""
        return f"{self.key} {self.name}" + (" (privileged)" if self.privileged else "")


def entitlements_of(graph: IdentityGraph, agent_id: AgentId) -> list[Entitlement]:
    """Every role (defined or not), group membership and the ticket scope the agent holds."""
    role_ids = dict.fromkeys(graph.account.agents[agent_id].role_ids or [])
    held = [_role(graph, role_id) for role_id in role_ids]
    groups = graph.account.groups
    for group_id in graph.group_ids_of(agent_id):
        name = groups[group_id].name if group_id in groups else f"undefined group {group_id}"
        held.append(Entitlement(group_node(group_id), "group", name, False))
    scope = graph.account.agents[agent_id].ticket_scope
    held.append(
        Entitlement(
            scope_node(scope),
            "ticket_scope",
            f"{scope.label.capitalize()} access",
            scope is TicketScope.GLOBAL,
        )
    )
    return held


def _role(graph: IdentityGraph, role_id: RoleId) -> Entitlement:
    key = role_node(role_id)
    role = graph.account.roles.get(role_id)
    if role is None:
        return Entitlement(key, "role", f"undefined role {role_id}", False)
    return Entitlement(key, "role", role.name, graph.role_tier(role_id).is_privileged)
