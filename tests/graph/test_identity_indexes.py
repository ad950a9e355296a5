"""The graph's indexes give the answers its networkx edges give, and cost no networkx build.

`IdentityGraph` answers the rules from indexes built once and builds its networkx
multigraph only when `graph` is read. Each query is checked here against the same
question asked of the networkx edges, as the graph answered it before it had indexes,
on the sample account and on an account full of references that do not resolve.
"""

import dataclasses
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from auditor.analysis import analyze
from auditor.graph.identity import EDGE_KINDS, IdentityGraph, MembershipDisagreement, agent_node
from auditor.graph.tiers import agent_tier
from auditor.models import AgentId, AgentState, GroupId
from auditor.sample import SAMPLE_DATA
from auditor.snapshot import Account, read_snapshot
from tests.builders import ADMIN, AGENT, agent, company, contact, group, write_account


def _tangled(directory: Path) -> Account:
    """Memberships seen from one side only, references to agents, roles, groups and
    companies the snapshot lacks, repeated IDs and agents in every state."""
    write_account(
        directory,
        agents=[
            agent(1, role_ids=[ADMIN, ADMIN, 999], group_ids=[5, 6, 6, 77]),
            agent(2, role_ids=[], group_ids=[6]),
            agent(3, role_ids=[AGENT], group_ids=[], scope=1),
            agent(4, role_ids=[AGENT], active=False, last_login_at=None),
        ],
        inactive_agents=[agent(8, role_ids=[ADMIN], group_ids=[5], active=False)],
        groups=[
            group(5, agent_ids=[1, 3, 404]),
            group(6),
            group(7, agent_ids=[2, 505, 6], escalate_to=606),
            group(9, agent_ids=[], escalate_to=1),
        ],
        contacts=[
            contact(20, company_id=30, view_all_tickets=True),
            contact(21, company_id=31, view_all_tickets=True, other_companies=[30, 31]),
            contact(22, email="agent2@acme.example"),
        ],
        companies=[company(30, domains=["customer.example"])],
    )
    return read_snapshot(directory)


def _accounts(tmp_path: Path) -> list[Account]:
    return [
        read_snapshot(SAMPLE_DATA / "snapshot"),
        read_snapshot(SAMPLE_DATA / "baseline"),
        _tangled(tmp_path),
    ]


def _id(node: str) -> int:
    return int(node.split(":")[1])


def _disagreements_from_edges(graph: IdentityGraph) -> list[MembershipDisagreement]:
    """The graph's own answer before it had indexes: a walk of every `member_of` edge."""
    found = []
    for source, target, data in graph.graph.edges(data=True):
        if data["kind"] == "member_of" and data["seen_from"] != "both":
            known = graph.account.groups.get(GroupId(_id(target)))
            if known is None or known.agent_ids is None:
                continue
            found.append(
                MembershipDisagreement(
                    AgentId(_id(source)), GroupId(_id(target)), data["seen_from"]
                )
            )
    return found


def _explained(graph: IdentityGraph, agent_id: AgentId) -> str:
    """`explain_access` as the graph's public queries spell it, before it read its indexes."""
    agent = graph.account.agents[agent_id]
    roles = graph.roles_of(agent_id)
    held = "; ".join(f"holds {r.name} via role {r.id}" for r in roles) or "holds no known role"
    missing = graph.unknown_role_ids(agent_id)
    if missing:
        held += f"; references undefined role(s) {', '.join(map(str, missing))}"
    groups = [g for g in graph.group_ids_of(agent_id) if g in graph.account.groups]
    return (
        f"{held}; {agent.ticket_scope.label.capitalize()} scope; "
        f"member of {len(groups)} of {len(graph.account.groups)} groups"
    )


def test_the_tangled_account_has_what_the_comparison_needs(tmp_path: Path) -> None:
    graph = IdentityGraph(_tangled(tmp_path), {})
    assert graph.access_graph.nodes["agent:404"]["missing"] is True
    assert graph.group_ids_of(404) == [5]
    assert graph.members_of(7) == [2]
    # The graph lists the snapshot's agents (8 among them) before those only a group
    # record names (6), whatever their IDs.
    assert [(d.agent_id, d.group_id) for d in graph.membership_disagreements()] == [
        (2, 7),
        (3, 5),
        (8, 5),
        (6, 7),
        (404, 5),
        (505, 7),
    ]


def test_every_index_answers_as_the_networkx_edges_do(tmp_path: Path) -> None:
    for account in _accounts(tmp_path):
        graph = IdentityGraph(account, {})
        edges = list(graph.graph.edges(keys=True, data=True))
        referenced = {_id(u) for u, _, k, _ in edges if k == "member_of"} | set(account.agents)
        for agent_id in sorted(referenced):
            out = graph.graph.out_edges(agent_node(agent_id), keys=True)
            assert graph.group_ids_of(AgentId(agent_id)) == sorted(
                _id(target) for _, target, kind in out if kind == "member_of"
            )
        for group_id in {_id(v) for _, v, k, _ in edges if k == "member_of"} | set(account.groups):
            incoming = graph.graph.in_edges(f"group:{group_id}", keys=True)
            assert graph.members_of(GroupId(group_id)) == sorted(
                _id(source)
                for source, _, kind in incoming
                if kind == "member_of" and not graph.graph.nodes[source].get("missing")
            )
        assert graph.membership_disagreements() == _disagreements_from_edges(graph)
        counted = Counter(kind for _, _, kind, _ in edges)
        assert {kind: graph.edge_count(kind) for kind in EDGE_KINDS} == {
            kind: counted[kind] for kind in EDGE_KINDS
        }


def test_agents_states_and_tiers_match_the_records(tmp_path: Path) -> None:
    for account in _accounts(tmp_path):
        graph = IdentityGraph(account, {})
        everyone = list(account.agents.values())
        assert list(graph.agents()) == everyone
        for state in AgentState:
            assert list(graph.agents(state)) == [a for a in everyone if a.state is state]
        pair = (AgentState.PENDING, AgentState.DEACTIVATED)
        assert list(graph.agents(*pair)) == [a for a in everyone if a.state in pair]
        for a in everyone:
            assert graph.state_of(a.id) is a.state
            assert graph.tier_of(a.id) is agent_tier(a, graph.roles_of(a.id), {})
            assert graph.graph.nodes[agent_node(a.id)]["tier"] == graph.tier_of(a.id).value
            assert graph.explain_access(a.id) == _explained(graph, a.id)
            privileged = [
                role
                for role in graph.roles_of(a.id)
                if graph.graph.nodes[f"role:{role.id}"]["tier"] in ("admin", "account_admin")
            ]
            assert graph.privileged_roles_of(a.id) == privileged


def test_the_analysis_builds_no_networkx_graph_until_one_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[nx.MultiDiGraph] = []

    class Counted(nx.MultiDiGraph):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            built.append(self)

    # The graph imports networkx when it first builds one, and takes the class from it then.
    monkeypatch.setattr(nx, "MultiDiGraph", Counted)
    analysis = analyze(SAMPLE_DATA / "snapshot")
    assert analysis.findings
    assert built == []
    assert analysis.graph.graph is analysis.graph.graph
    assert len(built) == 1


def test_the_access_graph_and_the_contact_part_make_up_the_graph(tmp_path: Path) -> None:
    for account in _accounts(tmp_path):
        graph = IdentityGraph(account, {})
        part = graph.contact_part()
        nodes = [*graph.access_graph.nodes(data=True), *part.unknown_companies, *part.contacts]
        assert list(graph.graph.nodes(data=True)) == nodes
        edges = [*graph.access_graph.edges(keys=True, data=True), *part.works_for]
        assert list(graph.graph.edges(keys=True, data=True)) == edges


def test_the_contact_part_names_each_company_link_once(tmp_path: Path) -> None:
    part = IdentityGraph(_tangled(tmp_path), {}).contact_part()
    assert part.unknown_companies == [
        ("company:31", {"kind": "company", "label": "unknown company 31", "domains": ""})
    ]
    assert [(head, tail, data["view_all_tickets"]) for head, tail, _, data in part.works_for] == [
        ("contact:20", "company:30", True),
        ("contact:21", "company:31", True),
        ("contact:21", "company:30", False),
    ]


def test_the_rules_columns_come_from_the_reader_only_for_its_own_contacts(
    tmp_path: Path,
) -> None:
    """The graph takes the columns the reader made while typing the contacts; an account
    rebuilt with other contacts gets columns of those."""
    contacts = [contact(i, company_id=1, view_all_tickets=True) for i in range(1, 6)]
    account = read_snapshot(
        write_account(tmp_path, agents=[agent(1)], contacts=contacts, companies=[company(1)])
    )
    assert account.carried_columns is not None
    assert IdentityGraph(account, {}).carried_contacts is account.carried_columns
    fewer = dataclasses.replace(account, contacts=dict(list(account.contacts.items())[:2]))
    columns = IdentityGraph(fewer, {}).carried_contacts
    assert columns.contacts == list(fewer.contacts.values())
    assert len(columns.tail_codes) == 2
