"""The cheapest route to the role_ids and group_ids a listing left out."""

from typing import Any

from auditor.freshdesk.membership_route import needs_of, plan_memberships


def bare(agent_id: int) -> dict[str, Any]:
    return {"id": agent_id}


def full(agent_id: int) -> dict[str, Any]:
    return {"id": agent_id, "role_ids": [1], "group_ids": []}


def test_complete_listings_need_nothing() -> None:
    needs = needs_of(
        [full(1), full(2)],
        [{"id": 9}],
        admin_groups=True,
        groups_complete=True,
        group_list_source="admin-groups",
    )
    plan = plan_memberships(needs, per_page=100)
    assert (plan.route, plan.estimated_requests) == ("listing", 0)


def test_member_lists_when_groups_cover_most_agents() -> None:
    agents = [bare(a) for a in range(1, 11)]
    groups = [
        {"id": 100, "agent_ids": [1, 2, 3, 4, 5]},
        {"id": 101, "agent_ids": [6, 7, 8]},
        {"id": 102, "agent_ids": []},
    ]
    needs = needs_of(
        agents, groups, admin_groups=True, groups_complete=True, group_list_source="admin-groups"
    )
    plan = plan_memberships(needs, per_page=100)
    assert plan.route == "admin-groups+group-members+agent-details"
    assert plan.member_lists == (100, 101)  # the empty group needs no request
    assert plan.agent_details == (9, 10)  # in no group: only their own record tells
    assert plan.estimated_requests == 4
    assert plan.alternatives["agent-details"] == 10


def test_per_agent_details_when_groups_are_many_and_small() -> None:
    agents = [bare(a) for a in range(1, 4)]
    groups = [{"id": g, "agent_ids": [1 + g % 3]} for g in range(100, 110)]
    needs = needs_of(
        agents, groups, admin_groups=True, groups_complete=True, group_list_source="admin-groups"
    )
    plan = plan_memberships(needs, per_page=100)
    assert (plan.route, plan.agent_details) == ("agent-details", (1, 2, 3))


def test_old_accounts_fall_back_to_per_agent_details() -> None:
    agents = [bare(a) for a in range(1, 6)]
    groups = [{"id": 100}, {"id": 101}]
    needs = needs_of(
        agents, groups, admin_groups=False, groups_complete=True, group_list_source="groups"
    )
    plan = plan_memberships(needs, per_page=100)
    assert (plan.route, plan.agent_details) == ("agent-details", (1, 2, 3, 4, 5))


def test_group_ids_alone_from_group_details_when_cheaper() -> None:
    agents = [{"id": a, "role_ids": [1]} for a in range(1, 30)]
    groups = [{"id": 100}, {"id": 101}]
    needs = needs_of(
        agents, groups, admin_groups=False, groups_complete=True, group_list_source="groups"
    )
    plan = plan_memberships(needs, per_page=100)
    assert (plan.route, plan.group_details) == ("group-details", (100, 101))


def test_group_ids_from_a_group_list_with_agent_ids_cost_nothing() -> None:
    agents = [{"id": a, "role_ids": [1]} for a in range(1, 30)]
    groups = [{"id": 100, "agent_ids": [1, 2]}]
    needs = needs_of(
        agents, groups, admin_groups=False, groups_complete=True, group_list_source="groups"
    )
    plan = plan_memberships(needs, per_page=100)
    assert (plan.route, plan.estimated_requests) == ("groups", 0)


def test_an_incomplete_group_collection_is_not_trusted() -> None:
    agents = [bare(a) for a in range(1, 4)]
    groups = [{"id": 100, "agent_ids": [1, 2, 3]}]
    needs = needs_of(
        agents, groups, admin_groups=True, groups_complete=False, group_list_source="admin-groups"
    )
    assert plan_memberships(needs, per_page=100).route == "agent-details"


def test_large_groups_cost_one_request_per_page() -> None:
    agents = [bare(a) for a in range(1, 400)]
    groups = [{"id": 100, "agent_ids": list(range(1, 400))}]
    needs = needs_of(
        agents, groups, admin_groups=True, groups_complete=True, group_list_source="admin-groups"
    )
    plan = plan_memberships(needs, per_page=100)
    assert (plan.route, plan.estimated_requests) == ("admin-groups+group-members", 4)
