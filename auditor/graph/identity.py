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

import operator
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from auditor.graph.tiers import highest_tier, is_classified, role_tier
from auditor.models import (
    Agent,
    AgentId,
    AgentState,
    Contact,
    ContactId,
    GroupId,
    Role,
    RoleId,
    TicketScope,
    Tier,
)
from auditor.snapshot import Account
from auditor.snapshot.carried_contacts import CarriedContacts
from auditor.snapshot.collector_pause import collector_paused
from auditor.snapshot.typed_later import ContactsById

if TYPE_CHECKING:
    import networkx as nx

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


SeenFrom = Literal["agent", "group", "both"]


@dataclass(frozen=True)
class ContactPart:
    """What `IdentityGraph.graph` holds of the contacts, as (node, attributes) and (head,
    tail, key, attributes) tuples; `access_graph` holds the rest."""

    # Company nodes that only contacts name: `unknown company 9`, without domains.
    unknown_companies: list[tuple[str, dict[str, Any]]]
    contacts: list[tuple[str, dict[str, Any]]]
    works_for: list[tuple[str, str, str, dict[str, Any]]]


@dataclass(frozen=True)
class MembershipDisagreement:
    """The agent record and the group record do not agree on a membership."""

    agent_id: AgentId
    group_id: GroupId
    seen_from: Literal["agent", "group"]


class IdentityGraph:
    """The account's access structure and the queries the rules and reports need.

    The queries are answered from plain indexes built once, at construction (per agent:
    tier, state, known roles, groups; per group: members), because the rules ask them
    tens of thousands of times and a walk of networkx edge views per question was most of
    the rules' time. The networkx multigraph (`graph`) holds the same structure as typed
    edges, contacts included, and is built on first use only: a node and several dicts
    per contact that carries access (hundreds of thousands in a large B2C account) cost
    seconds and hundreds of megabytes that no rule needs.
    """

    def __init__(self, account: Account, custom_tiers: Mapping[str, Tier]) -> None:
        self.account = account
        self.custom_tiers = dict(custom_tiers)
        self._graph: nx.MultiDiGraph | None = None
        self._access_graph: nx.MultiDiGraph | None = None
        self._carried_contacts: CarriedContacts | None = None
        roles = account.roles
        self._role_tiers: dict[RoleId, Tier] = {
            role.id: role_tier(role, self.custom_tiers) for role in roles.values()
        }
        self._tiers: dict[AgentId, Tier] = {}
        # `Agent.state` is derived on every read; the rules filter agents by it many times.
        self._states: dict[AgentId, AgentState] = {}
        self._agents_in: dict[AgentState, list[Agent]] = {state: [] for state in AgentState}
        self._known_roles: dict[AgentId, tuple[Role, ...]] = {}
        # The known roles of tier admin or account_admin: asked by several rules of every
        # active agent.
        self._privileged_roles: dict[AgentId, tuple[Role, ...]] = {}
        for agent in account.agents.values():
            known = tuple(roles[r] for r in agent.role_ids or [] if r in roles)
            self._known_roles[agent.id] = known
            self._privileged_roles[agent.id] = tuple(
                role for role in known if self._role_tiers[role.id].is_privileged
            )
            self._tiers[agent.id] = highest_tier(agent, [self._role_tiers[r.id] for r in known])
            state = agent.state
            self._states[agent.id] = state
            self._agents_in[state].append(agent)
        # Every membership, whichever record holds it, sorted by (agent, group): the order
        # in which the `member_of` edges are added, so each index below comes out sorted.
        self._memberships = _memberships(account)
        self._group_ids: dict[AgentId, list[GroupId]] = {}
        self._members: dict[GroupId, list[AgentId]] = {}
        for agent_id, group_id, _ in self._memberships:
            self._group_ids.setdefault(agent_id, []).append(group_id)
            if agent_id in account.agents:  # not a reference to an agent the snapshot lacks
                self._members.setdefault(group_id, []).append(agent_id)
        # One phrase per agent, asked by several rules for the same agent.
        self._explained: dict[AgentId, str] = {}

    @property
    def graph(self) -> "nx.MultiDiGraph":
        """The networkx multigraph of the account (nodes and edges as the module docstring
        lists them), built on first use and kept."""
        if self._graph is None:
            # A node and an edge dict per contact that carries access: see `collector_paused`.
            with collector_paused(freeze=True):
                self._graph = self._networkx(with_contacts=True)
        return self._graph

    @property
    def access_graph(self) -> "nx.MultiDiGraph":
        """`graph` without what `contact_part` holds (the contacts, their `works_for` edges
        and the companies only contacts name), built on first use and kept: for a writer
        that takes the contacts from their records (`graph.graphml`) rather than as a few
        hundred thousand networkx nodes."""
        if self._access_graph is None:
            self._access_graph = self._networkx(with_contacts=False)
        return self._access_graph

    @property
    def carried_contacts(self) -> CarriedContacts:
        """`Account.contacts` as columns (see `CarriedContacts`), built on first use and
        kept: the rules that look at every carried contact share it."""
        if self._carried_contacts is None:
            contacts = self.account.contacts
            made = self.account.carried_columns
            # The reader's columns, made as it read the contacts, when they are of these
            # very contacts in this order (an account rebuilt with other contacts is not):
            # the reader's own sequence, which types a contact only when it is read, or
            # else the same objects.
            if made is None or not _made_for(made, contacts):
                made = CarriedContacts.of(contacts.values())
            self._carried_contacts = made
        return self._carried_contacts

    def contact_part(self) -> "ContactPart":
        """The contacts' share of `graph`, in the order `graph` adds it, built anew."""
        nodes: list[tuple[str, dict[str, Any]]] = []
        edges: list[tuple[str, str, str, dict[str, Any]]] = []
        for contact in self.account.contacts.values():
            node = contact_node(contact.id)
            nodes.append(
                (node, {"kind": "contact", "label": contact.name, "email": contact.email or ""})
            )
            viewing_all = set(contact.companies_viewing_all_tickets())
            # A company named twice (primary and other) is one edge of the graph.
            for company_id in dict.fromkeys(contact.company_ids()):
                attributes = {"kind": "works_for", "view_all_tickets": company_id in viewing_all}
                edges.append((node, company_node(company_id), "works_for", attributes))
        return ContactPart(self.unknown_companies(), nodes, edges)

    def unknown_companies(self) -> list[tuple[str, dict[str, Any]]]:
        """The company nodes only contacts name (`unknown company 9`, without domains), in
        the order the contacts name them: part of `contact_part`."""
        known = self.account.companies
        unknown: dict[str, dict[str, Any]] = {}
        for contact in self.account.contacts.values():
            for company_id in contact.company_ids():
                target = company_node(company_id)
                if company_id not in known and target not in unknown:
                    label = f"unknown company {company_id}"
                    unknown[target] = {"kind": "company", "label": label, "domains": ""}
        return list(unknown.items())

    # -- the networkx graph ---------------------------------------------------------------

    def _networkx(self, *, with_contacts: bool) -> "nx.MultiDiGraph":
        import networkx as nx  # here, not at the top: 0.15 s that only a graph built needs

        graph = nx.MultiDiGraph()
        for scope in TicketScope:
            graph.add_node(scope_node(scope), kind="scope", label=f"{scope.label} scope")
        for role in self.account.roles.values():
            graph.add_node(
                role_node(role.id),
                kind="role",
                label=role.name,
                tier=self._role_tiers[role.id].value,
                classified=is_classified(role, self.custom_tiers),
                missing=False,
            )
        for group in self.account.groups.values():
            graph.add_node(group_node(group.id), kind="group", label=group.name)
        for agent in self.account.agents.values():
            self._add_agent(graph, agent)
        for agent_id, group_id, seen_from in self._memberships:
            source, target = agent_node(agent_id), group_node(group_id)
            if source not in graph:
                graph.add_node(source, kind="agent", label="", missing=True)
            if target not in graph:
                graph.add_node(
                    target, kind="group", label=f"unknown group {group_id}", missing=True
                )
            graph.add_edge(source, target, key="member_of", kind="member_of", seen_from=seen_from)
        for group in self.account.groups.values():
            if group.escalate_to is not None:
                target = agent_node(group.escalate_to)
                if target not in graph:
                    graph.add_node(target, kind="agent", label="", missing=True)
                graph.add_edge(
                    group_node(group.id), target, key="escalates_to", kind="escalates_to"
                )
        for company in self.account.companies.values():
            graph.add_node(
                company_node(company.id),
                kind="company",
                label=company.name,
                domains=",".join(company.domains),
            )
        if with_contacts:
            # Added in bulk: there can be hundreds of thousands.
            part = self.contact_part()
            graph.add_nodes_from(part.unknown_companies)
            graph.add_nodes_from(part.contacts)
            graph.add_edges_from(part.works_for)
        return graph

    def _add_agent(self, graph: "nx.MultiDiGraph", agent: Agent) -> None:
        node = agent_node(agent.id)
        graph.add_node(
            node,
            kind="agent",
            label=agent.name,
            email=agent.email,
            state=self._states[agent.id].value,
            tier=self._tiers[agent.id].value,
            type=agent.type,
            occasional=agent.occasional,
            scope=agent.ticket_scope.label,
            missing=False,
        )
        for role_id in agent.role_ids or []:
            target = role_node(role_id)
            if target not in graph:
                graph.add_node(target, kind="role", label=f"unknown role {role_id}", missing=True)
            graph.add_edge(node, target, key="has_role", kind="has_role")
        graph.add_edge(node, scope_node(agent.ticket_scope), key="has_scope", kind="has_scope")

    # -- queries --------------------------------------------------------------------------

    def tier_of(self, agent_id: AgentId) -> Tier:
        return self._tiers[agent_id]

    def role_tier(self, role_id: RoleId) -> Tier:
        """The tier of a role the account defines, with the policy's `[roles]` table."""
        return self._role_tiers[role_id]

    def is_privileged(self, agent_id: AgentId) -> bool:
        return self._tiers[agent_id].is_privileged

    def state_of(self, agent_id: AgentId) -> AgentState:
        return self._states[agent_id]

    def agents(self, *states: AgentState) -> Iterator[Agent]:
        """Agents in ID order, only those in `states` when any are given."""
        if not states:
            return iter(self.account.agents.values())
        if len(states) == 1:
            return iter(self._agents_in[states[0]])
        return (a for a in self.account.agents.values() if self._states[a.id] in states)

    def roles_of(self, agent_id: AgentId) -> list[Role]:
        """The roles the agent holds that the account defines."""
        return list(self._known_roles[agent_id])

    def privileged_roles_of(self, agent_id: AgentId) -> list[Role]:
        """The roles the agent holds that make it privileged (tier admin or account_admin)."""
        return list(self._privileged_roles[agent_id])

    def unknown_role_ids(self, agent_id: AgentId) -> list[RoleId]:
        agent = self.account.agents[agent_id]
        return [r for r in agent.role_ids or [] if r not in self.account.roles]

    def group_ids_of(self, agent_id: AgentId) -> list[GroupId]:
        """Every group the agent belongs to, whichever side records the membership."""
        return list(self._group_ids.get(agent_id, ()))

    def unknown_group_ids(self, agent_id: AgentId) -> list[GroupId]:
        return [g for g in self.group_ids_of(agent_id) if g not in self.account.groups]

    def members_of(self, group_id: GroupId) -> list[AgentId]:
        """The agents of the snapshot that belong to the group, in ID order."""
        return list(self._members.get(group_id, ()))

    def member_of_every_group(self, agent_id: AgentId) -> bool:
        known = set(self.account.groups)
        return known.issubset(self.group_ids_of(agent_id))

    def membership_disagreements(self) -> list[MembershipDisagreement]:
        """Memberships only one side records, where the group's record lists its members;
        in the order of the graph's `member_of` edges: the snapshot's agents in its order,
        then agents only a group record names, by ID."""
        by_agent: dict[AgentId, list[MembershipDisagreement]] = {}
        for agent_id, group_id, seen_from in self._memberships:
            if seen_from == "both":
                continue
            group = self.account.groups.get(group_id)
            if group is None or group.agent_ids is None:
                continue  # the group record does not list members, so nothing disagrees
            by_agent.setdefault(agent_id, []).append(
                MembershipDisagreement(agent_id, group_id, seen_from)
            )
        agents = self.account.agents
        order = [a for a in agents if a in by_agent] + [a for a in by_agent if a not in agents]
        return [found for agent_id in order for found in by_agent[agent_id]]

    def memberships(self) -> list[tuple[AgentId, GroupId, SeenFrom]]:
        """Every (agent, group) membership either record names, sorted, and which side
        names it (`seen_from`): the graph's `member_of` edges, in the order it adds them."""
        return list(self._memberships)

    def edge_count(self, kind: EdgeKind) -> int:
        """How many edges of `kind` the graph holds, counted without building it. An edge
        joins two nodes once per kind, however often a record repeats the reference."""
        account = self.account
        if kind == "has_role":
            return sum(len(set(agent.role_ids or [])) for agent in account.agents.values())
        if kind == "member_of":
            return len(self._memberships)
        if kind == "has_scope":
            return len(account.agents)
        if kind == "escalates_to":
            return sum(1 for group in account.groups.values() if group.escalate_to is not None)
        return sum(len(set(contact.company_ids())) for contact in account.contacts.values())

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
        explained = self._explained.get(agent_id)
        if explained is None:
            explained = self._explained[agent_id] = self._explain(agent_id)
        return explained

    def _explain(self, agent_id: AgentId) -> str:
        agent = self.account.agents[agent_id]
        # Read from the indexes directly, not through the queries that copy them: asked
        # for each of thousands of agents.
        roles = self._known_roles[agent_id]
        if roles:
            held = "; ".join(f"holds {role.name} via role {role.id}" for role in roles)
        else:
            held = "holds no known role"
        if len(roles) != len(agent.role_ids or ()):  # some role is not defined
            missing = self.unknown_role_ids(agent_id)
            held += f"; references undefined role(s) {', '.join(map(str, missing))}"
        groups = self.account.groups
        known_groups = sum(1 for g in self._group_ids.get(agent_id, ()) if g in groups)
        return (
            f"{held}; {agent.ticket_scope.label.capitalize()} scope; "
            f"member of {known_groups} of {len(groups)} groups"
        )


def _memberships(account: Account) -> list[tuple[AgentId, GroupId, SeenFrom]]:
    """Every (agent, group) membership either record names, sorted, and which names it."""
    from_agents = {
        (agent.id, group_id)
        for agent in account.agents.values()
        for group_id in agent.group_ids or []
    }
    from_groups = {
        (agent_id, group.id)
        for group in account.groups.values()
        for agent_id in group.agent_ids or []
    }
    both = from_agents & from_groups
    # Each pair looked up as it is, not rebuilt per test: tens of thousands of them.
    return [
        (*pair, "both" if pair in both else "agent" if pair in from_agents else "group")
        for pair in sorted(from_agents | from_groups)
    ]


def _made_for(made: CarriedContacts, contacts: Mapping[ContactId, Contact]) -> bool:
    """Whether `made` holds the columns of `contacts`, in their order."""
    if isinstance(contacts, ContactsById):
        return made.contacts is contacts.in_order and len(contacts) == len(made.contacts)
    # The lengths first: reading `made.contacts` whole types every contact.
    return len(made.contacts) == len(contacts) and _same_objects(made.contacts, contacts.values())


def _same_objects(first: Iterable[object], second: Iterable[object]) -> bool:
    """Whether both hold the same objects in the same order (compared as identities)."""
    first, second = list(first), list(second)
    return len(first) == len(second) and all(map(operator.is_, first, second))
