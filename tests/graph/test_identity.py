"""The identity graph answers "what can this agent reach, and through which edge"."""

from pathlib import Path

from auditor.graph.identity import IdentityGraph, MembershipDisagreement
from auditor.models import AgentState, Tier
from auditor.snapshot import read_snapshot
from tests.builders import (
    ACCOUNT_ADMIN,
    ADMIN,
    AGENT,
    COLLABORATOR,
    SUPERVISOR,
    agent,
    company,
    contact,
    group,
    standard_roles,
    write_account,
)

BILLING = 90


def _graph(
    tmp_path: Path, custom: dict[str, Tier] | None = None, **account: object
) -> IdentityGraph:
    write_account(tmp_path, **account)  # type: ignore[arg-type]
    return IdentityGraph(read_snapshot(tmp_path), custom or {})


def test_tiers_come_from_role_names_and_the_highest_role_wins(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path,
        custom={"billing manager": Tier.ADMIN},
        roles=standard_roles((BILLING, "Billing Manager"), (91, "Night Shift")),
        agents=[
            agent(1, role_ids=[ACCOUNT_ADMIN]),
            agent(2, role_ids=[AGENT, SUPERVISOR]),
            agent(3, role_ids=[BILLING]),
            agent(4, role_ids=[91]),
            agent(5, role_ids=[COLLABORATOR], agent_type="collaborator"),
            agent(6, role_ids=[], agent_type="collaborator"),
        ],
    )
    tiers = {agent_id: graph.tier_of(agent_id).value for agent_id in range(1, 7)}
    assert tiers == {
        1: "account_admin",
        2: "supervisor",
        3: "admin",
        4: "agent",
        5: "collaborator",
        6: "collaborator",
    }
    assert graph.access_graph.nodes["role:91"]["classified"] is False
    assert graph.access_graph.nodes["role:90"]["classified"] is True


def test_role_names_match_case_insensitively(tmp_path: Path) -> None:
    roles = [dict(r, name=r["name"].upper()) for r in standard_roles()]
    graph = _graph(tmp_path, roles=roles, agents=[agent(1, role_ids=[ADMIN])])
    assert graph.tier_of(1) is Tier.ADMIN


def test_reach_names_the_edge_for_each_grant(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN], group_ids=[5], scope=1),
            agent(2, group_ids=[6], scope=2),
        ],
        groups=[group(5), group(6), group(7)],
    )
    admin = {(g.target, g.access, g.via) for g in graph.reach(1)}
    assert ("role:2", "role Administrator", ("has_role",)) in admin
    assert ("group:5", "member of", ("member_of",)) in admin
    assert {t for t, a, _ in admin if a == "tickets of"} == {"group:5", "group:6", "group:7"}
    ordinary = {(g.target, g.access) for g in graph.reach(2)}
    assert {t for t, a in ordinary if a == "tickets of"} == {"group:6"}


def test_holders_of_a_tier_or_global_scope(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN]),
            agent(2, role_ids=[AGENT], scope=1),
            agent(3, role_ids=[SUPERVISOR]),
        ],
        inactive_agents=[agent(4, role_ids=[ADMIN], active=False)],
    )
    assert [a.id for a in graph.holders(tiers=[Tier.ADMIN])] == [1]
    assert [a.id for a in graph.holders(tiers=[Tier.ADMIN], global_scope=True)] == [1, 2]
    everyone = graph.holders(tiers=[Tier.ADMIN], states=list(AgentState))
    assert [a.id for a in everyone] == [1, 4]


def test_membership_is_the_union_of_both_sides_and_disagreements_are_reported(
    tmp_path: Path,
) -> None:
    graph = _graph(
        tmp_path,
        agents=[agent(1, group_ids=[5]), agent(2, group_ids=[]), agent(3, group_ids=[6])],
        groups=[group(5, agent_ids=[1, 2]), group(6)],
    )
    assert graph.group_ids_of(1) == [5]
    assert graph.group_ids_of(2) == [5]
    assert graph.members_of(5) == [1, 2]
    # Group 6 does not list members, so agent 3's own record cannot disagree with it.
    assert graph.membership_disagreements() == [MembershipDisagreement(2, 5, "group")]


def test_undefined_roles_and_groups_stay_visible(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path, agents=[agent(1, role_ids=[ADMIN, 999], group_ids=[5, 77])], groups=[group(5)]
    )
    assert graph.unknown_role_ids(1) == [999]
    assert graph.unknown_group_ids(1) == [77]
    assert graph.access_graph.nodes["role:999"]["missing"] is True
    assert graph.explain_access(1) == (
        "holds Administrator via role 2; references undefined role(s) 999; "
        "Group scope; member of 1 of 1 groups"
    )


def test_escalation_and_company_edges(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path,
        agents=[agent(1)],
        groups=[group(5, escalate_to=1), group(6, escalate_to=404)],
        contacts=[contact(9, company_id=3, view_all_tickets=True)],
        companies=[company(3, domains=["customer.example"])],
    )
    edges = {(u, v, d["kind"]) for u, v, d in graph.graph.edges(data=True)}
    assert ("group:5", "agent:1", "escalates_to") in edges
    assert ("group:6", "agent:404", "escalates_to") in edges
    assert graph.access_graph.nodes["agent:404"]["missing"] is True
    works_for = graph.graph.get_edge_data("contact:9", "company:3")["works_for"]
    assert works_for["view_all_tickets"] is True
