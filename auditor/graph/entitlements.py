"""What one agent holds, as the access review names it: `role:7`, `group:3`, `scope:global`.

The same keys appear in `access_review.csv`, in a previous review read back next quarter
and in the changes between two snapshots, so all of them are built here, from the graph.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from auditor.graph.identity import IdentityGraph, group_node, role_node, scope_node
from auditor.models import AgentId, GroupId, RoleId, TicketScope

EntitlementType = Literal["role", "group", "ticket_scope"]
K = TypeVar("K")
V = TypeVar("V")


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
    return AgentEntitlements(graph).of(agent_id)


class AgentEntitlements:
    """`entitlements_of` for many agents of one graph: each role's, group's and scope's
    entitlement is made once and shared by every agent that holds it (10,000 agents hold
    some 43,000 entitlements of a few hundred distinct ones)."""

    def __init__(self, graph: IdentityGraph) -> None:
        self._graph = graph
        self._roles: _Made[RoleId, Entitlement] = _Made(lambda role_id: _role(graph, role_id))
        self._groups: _Made[GroupId, Entitlement] = _Made(lambda group_id: _group(graph, group_id))
        self._scopes = _Made(_scope)

    def of(self, agent_id: AgentId) -> list[Entitlement]:
        """Every role (defined or not), group membership and the ticket scope the agent
        holds, in that order."""
        agent = self._graph.account.agents[agent_id]
        held = list(map(self._roles.__getitem__, dict.fromkeys(agent.role_ids or [])))
        held += map(self._groups.__getitem__, self._graph.group_ids_of(agent_id))
        held.append(self._scopes[agent.ticket_scope])
        return held


class _Made(dict[K, V]):
    """Each key's value, made on its first lookup (`__getitem__` stays the C lookup)."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: K) -> V:
        made = self[key] = self._make(key)
        return made


def _role(graph: IdentityGraph, role_id: RoleId) -> Entitlement:
    key = role_node(role_id)
    role = graph.account.roles.get(role_id)
    if role is None:
        return Entitlement(key, "role", f"undefined role {role_id}", False)
    return Entitlement(key, "role", role.name, graph.role_tier(role_id).is_privileged)


def _group(graph: IdentityGraph, group_id: GroupId) -> Entitlement:
    groups = graph.account.groups
    name = groups[group_id].name if group_id in groups else f"undefined group {group_id}"
    return Entitlement(group_node(group_id), "group", name, False)


def _scope(scope: TicketScope) -> Entitlement:
    label = f"{scope.label.capitalize()} access"
    return Entitlement(scope_node(scope), "ticket_scope", label, scope is TicketScope.GLOBAL)
