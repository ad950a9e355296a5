"""The identity graph: each person's effective permission surface, as typed edges.

Nodes are agents, roles, groups, ticket scopes, companies and the contacts that carry
access (`Account.contacts`: the others are rows of `Account.contact_table`), keyed
`"agent:12"`, `"role:3"`, `"group:5"`, `"scope:global"`, `"contact:9"`,
`"company:4"`. Edges carry a `kind`:

- `has_role`      agent -> role (a role the account does not define gets a node marked `missing`)
- `member_of`     agent -> group, with `seen_from` = agent, group or both
- `has_scope`     agent -> scope (global, group, restricted)
- `escalates_to`  group -> agent
- `works_for`     contact -> company, with `view_all_tickets`

Rules ask the graph, not the raw records, so every finding can name the edge that
grants the access it reports.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from auditor.graph.tiers import agent_tier, is_classified, role_tier
from auditor.models import (
    Agent,
    AgentId,
    AgentState,
    Company,
    Contact,
    GroupId,
    Role,
    RoleId,
    TicketScope,
    Tier,
)
from auditor.snapshot import Account
from auditor.snapshot.collector_pause import collector_paused

EdgeKind = Literal["has_role", "member_of", "has_scope", "escalates_to", "works_for"]
EDGE_KINDS: tuple[EdgeKind, ...] = (
    "has_role",
    "member_of",
    "has_scope",
    "escalates_to",
    "works_for",
)


def agent_node(agent_id: int) -> str:
    return f"agent:{agent_id}"


def role_node(role_id: int) -> str:
    return f"role:{role_id}"


def group_node(group_id: int) -> str:
    return f"group:{group_id}"


def scope_node(scope: TicketScope) -> str:
    return f"scope:{scope.label}"


def contact_node(contact_id: int) -> str:
    return f"contact:{contact_id}"


def company_node(company_id: int) -> str:
    return f"company:{company_id}"


@dataclass(frozen=True)
class Grant:
    """One thing an agent can reach and the edges that lead there."""

    target: str
    access: str
    via: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.access} {self.target} via {' -> '.join(self.via)}"


@dataclass(frozen=True)
class MembershipDisagreement:
    """The agent record and the group record do not agree on a membership."""

    agent_id: AgentId
    group_id: GroupId
    seen_from: Literal["agent", "group"]


class IdentityGraph:
    """A networkx multigraph of the account plus the queries the rules and reports need."""

    def __init__(self, account: Account, custom_tiers: Mapping[str, Tier]) -> None:
        self.account = account
        self.custom_tiers = dict(custom_tiers)
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._tiers: dict[AgentId, Tier] = {}
        self._role_tiers: dict[RoleId, Tier] = {}
        # A node and an edge dict per contact that carries access: see `collector_paused`.
        with collector_paused(freeze=True):
            self._build()

    # -- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        for scope in TicketScope:
            self.graph.add_node(scope_node(scope), kind="scope", label=f"{scope.label} scope")
        for role in self.account.roles.values():
            self._add_role(role)
        for group in self.account.groups.values():
            self.graph.add_node(group_node(group.id), kind="group", label=group.name)
        for agent in self.account.agents.values():
            self._add_agent(agent)
        self._add_memberships()
        for group in self.account.groups.values():
            if group.escalate_to is not None:
                target = agent_node(group.escalate_to)
                if target not in self.graph:
                    self.graph.add_node(target, kind="agent", label="", missing=True)
                self.graph.add_edge(
                    group_node(group.id), target, key="escalates_to", kind="escalates_to"
                )
        for company in self.account.companies.values():
            self._add_company(company)
        self._add_contacts(self.account.contacts.values())

    def _add_role(self, role: Role) -> None:
        self._role_tiers[role.id] = role_tier(role, self.custom_tiers)
        self.graph.add_node(
            role_node(role.id),
            kind="role",
            label=role.name,
            tier=self._role_tiers[role.id].value,
            classified=is_classified(role, self.custom_tiers),
            missing=False,
        )

    def _add_agent(self, agent: Agent) -> None:
        known_roles = [
            self.account.roles[r] for r in agent.role_ids or [] if r in self.account.roles
        ]
        tier = agent_tier(agent, known_roles, self.custom_tiers)
        self._tiers[agent.id] = tier
        node = agent_node(agent.id)
        self.graph.add_node(
            node,
            kind="agent",
            label=agent.name,
            email=agent.email,
            state=agent.state.value,
            tier=tier.value,
            type=agent.type,
            occasional=agent.occasional,
            scope=agent.ticket_scope.label,
            missing=False,
        )
        for role_id in agent.role_ids or []:
            target = role_node(role_id)
            if target not in self.graph:
                self.graph.add_node(
                    target, kind="role", label=f"unknown role {role_id}", missing=True
                )
            self.graph.add_edge(node, target, key="has_role", kind="has_role")
        self.graph.add_edge(node, scope_node(agent.ticket_scope), key="has_scope", kind="has_scope")

    def _add_memberships(self) -> None:
        from_agents = {
            (agent.id, group_id)
            for agent in self.account.agents.values()
            for group_id in agent.group_ids or []
        }
        from_groups = {
            (agent_id, group.id)
            for group in self.account.groups.values()
            for agent_id in group.agent_ids or []
        }
        on_both = from_agents & from_groups
        for agent_id, group_id in sorted(from_agents | from_groups):
            seen_from = (
                "both"
                if (agent_id, group_id) in on_both
                else "agent"
                if (agent_id, group_id) in from_agents
                else "group"
            )
            source, target = agent_node(agent_id), group_node(group_id)
            if source not in self.graph:
                self.graph.add_node(source, kind="agent", label="", missing=True)
            if target not in self.graph:
                self.graph.add_node(
                    target, kind="group", label=f"unknown group {group_id}", missing=True
                )
            self.graph.add_edge(
                source, target, key="member_of", kind="member_of", seen_from=seen_from
            )

    def _add_company(self, company: Company) -> None:
        self.graph.add_node(
            company_node(company.id),
            kind="company",
            label=company.name,
            domains=",".join(company.domains),
        )

    def _add_contacts(self, contacts: Iterable[Contact]) -> None:
        """Contacts and their company links, added in bulk: there can be many thousands."""
        nodes: list[tuple[str, dict[str, Any]]] = []
        edges: list[tuple[str, str, str, dict[str, Any]]] = []
        for contact in contacts:
            node = contact_node(contact.id)
            nodes.append(
                (node, {"kind": "contact", "label": contact.name, "email": contact.email or ""})
            )
            viewing_all = set(contact.companies_viewing_all_tickets())
            for company_id in contact.company_ids():
                target = company_node(company_id)
                if target not in self.graph:
                    self.graph.add_node(
                        target, kind="company", label=f"unknown company {company_id}", domains=""
                    )
                attributes = {"kind": "works_for", "view_all_tickets": company_id in viewing_all}
                edges.append((node, target, "works_for", attributes))
        self.graph.add_nodes_from(nodes)
        self.graph.add_edges_from(edges)

    # -- queries --------------------------------------------------------------------------

    def tier_of(self, agent_id: AgentId) -> Tier:
        return self._tiers[agent_id]

    def role_tier(self, role_id: RoleId) -> Tier:
        """The tier of a role the account defines, with the policy's `[roles]` table."""
        return self._role_tiers[role_id]

    def is_privileged(self, agent_id: AgentId) -> bool:
        return self._tiers[agent_id].is_privileged

    def agents(self, *states: AgentState) -> Iterator[Agent]:
        """Agents in ID order, only those in `states` when any are given."""
        for agent in self.account.agents.values():
            if not states or agent.state in states:
                yield agent

    def roles_of(self, agent_id: AgentId) -> list[Role]:
        """The roles the agent holds that the account defines."""
        agent = self.account.agents[agent_id]
        return [self.account.roles[r] for r in agent.role_ids or [] if r in self.account.roles]

    def unknown_role_ids(self, agent_id: AgentId) -> list[RoleId]:
        agent = self.account.agents[agent_id]
        return [r for r in agent.role_ids or [] if r not in self.account.roles]

    def group_ids_of(self, agent_id: AgentId) -> list[GroupId]:
        """Every group the agent belongs to, whichever side records the membership."""
        return sorted(
            GroupId(int(target.split(":")[1]))
            for _, target, kind in self.graph.out_edges(agent_node(agent_id), keys=True)
            if kind == "member_of"
        )

    def unknown_group_ids(self, agent_id: AgentId) -> list[GroupId]:
        return [g for g in self.group_ids_of(agent_id) if g not in self.account.groups]

    def members_of(self, group_id: GroupId) -> list[AgentId]:
        return sorted(
            AgentId(int(source.split(":")[1]))
            for source, _, kind in self.graph.in_edges(group_node(group_id), keys=True)
            if kind == "member_of" and not self.graph.nodes[source].get("missing")
        )

    def member_of_every_group(self, agent_id: AgentId) -> bool:
        known = set(self.account.groups)
        return known.issubset(self.group_ids_of(agent_id))

    def membership_disagreements(self) -> list[MembershipDisagreement]:
        found: list[MembershipDisagreement] = []
        for source, target, data in self.graph.edges(data=True):
            if data["kind"] == "member_of" and data["seen_from"] != "both":
                groups_known = self.account.groups.get(GroupId(int(target.split(":")[1])))
                if groups_known is None or groups_known.agent_ids is None:
                    continue  # the group record does not list members, so nothing disagrees
                found.append(
                    MembershipDisagreement(
                        AgentId(int(source.split(":")[1])),
                        GroupId(int(target.split(":")[1])),
                        data["seen_from"],
                    )
                )
        return found

    def holders(
        self,
        tiers: Iterable[Tier] = (),
        global_scope: bool = False,
        states: Iterable[AgentState] = (AgentState.ACTIVE,),
    ) -> list[Agent]:
        """Agents (in `states`) holding any of `tiers`, or Global scope when asked."""
        wanted = set(tiers)
        return [
            agent
            for agent in self.agents(*states)
            if self._tiers[agent.id] in wanted
            or (global_scope and agent.ticket_scope is TicketScope.GLOBAL)
        ]

    def reach(self, agent_id: AgentId) -> list[Grant]:
        """What the agent can reach, and through which edge."""
        agent = self.account.agents[agent_id]
        grants: list[Grant] = []
        for role in self.roles_of(agent_id):
            grants.append(Grant(role_node(role.id), f"role {role.name}", ("has_role",)))
        for group_id in self.group_ids_of(agent_id):
            grants.append(Grant(group_node(group_id), "member of", ("member_of",)))
        scope = agent.ticket_scope
        grants.append(Grant(scope_node(scope), "ticket scope", ("has_scope",)))
        member_groups = set(self.group_ids_of(agent_id))
        for group_id in self.account.groups:
            if scope is TicketScope.GLOBAL:
                grants.append(
                    Grant(group_node(group_id), "tickets of", ("has_scope", "scope:global"))
                )
            elif scope is TicketScope.GROUP and group_id in member_groups:
                grants.append(Grant(group_node(group_id), "tickets of", ("member_of", "has_scope")))
        return grants

    def explain_access(self, agent_id: AgentId) -> str:
        """One phrase for a finding's detail: the roles, scope and groups that grant access."""
        agent = self.account.agents[agent_id]
        roles = self.roles_of(agent_id)
        if roles:
            held = "; ".join(f"holds {role.name} via role {role.id}" for role in roles)
        else:
            held = "holds no known role"
        missing = self.unknown_role_ids(agent_id)
        if missing:
            held += f"; references undefined role(s) {', '.join(map(str, missing))}"
        groups = [g for g in self.group_ids_of(agent_id) if g in self.account.groups]
        return (
            f"{held}; {agent.ticket_scope.label.capitalize()} scope; "
            f"member of {len(groups)} of {len(self.account.groups)} groups"
        )

    def node_attributes(self, node: str) -> dict[str, Any]:
        return dict(self.graph.nodes[node])
