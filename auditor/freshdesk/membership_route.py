"""Choose the cheapest way to learn the `role_ids` and `group_ids` a listing left out.

Real `/agents` listings omit both. They can be learned per agent (`/agents/{id}`, one
request each) or from the groups' side: a group list with `agent_ids` tells every
group's members at once, `/admin/groups/{id}/agents` lists a group's members with their
`role_ids`, and `/groups/{id}` gives one group's `agent_ids`. The group side is
all-or-nothing for `group_ids` (every group's members must be known). Each possible
plan is costed in requests and the cheapest is taken; the manifest names it.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Names of the sources, as `source.membership_route` joins them with "+".
LISTING = "listing"
AGENT_DETAILS = "agent-details"
GROUP_MEMBERS = "group-members"
GROUP_DETAILS = "group-details"


@dataclass(frozen=True)
class MembershipNeeds:
    """What the listings lacked and what the group list already tells."""

    lacking_roles: frozenset[int]
    lacking_groups: frozenset[int]
    # Group ID -> member agent IDs, for groups whose list record had `agent_ids`.
    known_members: Mapping[int, frozenset[int]]
    # Groups whose list record had no `agent_ids`.
    unknown_groups: frozenset[int]
    # `/admin/groups` exists on this account (so do its member lists).
    admin_groups: bool
    # The group collection is complete (a denied or partial one cannot vouch for membership).
    groups_complete: bool
    # Where the group list came from, for the route's name (`admin-groups` or `groups`).
    group_list_source: str


@dataclass(frozen=True)
class MembershipPlan:
    sources: tuple[str, ...]
    member_lists: tuple[int, ...] = ()
    group_details: tuple[int, ...] = ()
    agent_details: tuple[int, ...] = ()
    estimated_requests: int = 0
    alternatives: Mapping[str, int] = field(default_factory=dict)

    @property
    def route(self) -> str:
        return "+".join(self.sources)


def needs_of(
    agents: Iterable[Mapping[str, Any]],
    groups: Sequence[Mapping[str, Any]],
    *,
    admin_groups: bool,
    groups_complete: bool,
    group_list_source: str,
) -> MembershipNeeds:
    agents = list(agents)
    known = {
        int(group["id"]): frozenset(int(a) for a in group["agent_ids"])
        for group in groups
        if isinstance(group.get("agent_ids"), list)
    }
    return MembershipNeeds(
        lacking_roles=frozenset(int(a["id"]) for a in agents if a.get("role_ids") is None),
        lacking_groups=frozenset(int(a["id"]) for a in agents if a.get("group_ids") is None),
        known_members=known,
        unknown_groups=frozenset(int(g["id"]) for g in groups if int(g["id"]) not in known),
        admin_groups=admin_groups,
        groups_complete=groups_complete,
        group_list_source=group_list_source,
    )


def plan_memberships(
    needs: MembershipNeeds, per_page: int, *, per_agent: bool = False
) -> MembershipPlan:
    """The plan with the fewest requests; ties go to per-agent details (one source, both fields).

    `per_agent` asks for `/agents/{id}` whatever it costs: only an agent's own record shows
    a membership of a group that no longer exists, which the group side cannot reveal.
    """
    if not needs.lacking_roles and not needs.lacking_groups:
        return MembershipPlan(sources=(LISTING,))
    plans = [_by_agent(needs)]
    if needs.groups_complete:
        plans.append(_by_group_lists(needs))
        if needs.admin_groups:
            plans.append(_by_member_lists(needs, per_page))
    best = plans[0] if per_agent else min(plans, key=lambda plan: plan.estimated_requests)
    alternatives = {plan.route: plan.estimated_requests for plan in plans}
    return MembershipPlan(
        sources=best.sources,
        member_lists=best.member_lists,
        group_details=best.group_details,
        agent_details=best.agent_details,
        estimated_requests=best.estimated_requests,
        alternatives=alternatives,
    )


def _by_agent(needs: MembershipNeeds) -> MembershipPlan:
    agents = tuple(sorted(needs.lacking_roles | needs.lacking_groups))
    return MembershipPlan(
        sources=(AGENT_DETAILS,), agent_details=agents, estimated_requests=len(agents)
    )


def _by_group_lists(needs: MembershipNeeds) -> MembershipPlan:
    """`group_ids` from the group side (list `agent_ids`, else `/groups/{id}`); roles per agent."""
    group_details = tuple(sorted(needs.unknown_groups)) if needs.lacking_groups else ()
    if not needs.lacking_groups:
        # The group side adds nothing when only roles are missing.
        return _by_agent(needs)
    agents = tuple(sorted(needs.lacking_roles))
    sources = [needs.group_list_source] if needs.known_members else []
    if group_details:
        sources.append(GROUP_DETAILS)
    if agents:
        sources.append(AGENT_DETAILS)
    return MembershipPlan(
        sources=tuple(sources),
        group_details=group_details,
        agent_details=agents,
        estimated_requests=len(group_details) + len(agents),
    )


def _by_member_lists(needs: MembershipNeeds, per_page: int) -> MembershipPlan:
    """Members with their `role_ids` per group; `/agents/{id}` for agents no group reveals."""
    wanted = [
        (group, members)
        for group, members in needs.known_members.items()
        if members & needs.lacking_roles
    ]
    lists = sorted({group for group, _ in wanted} | set(needs.unknown_groups))
    revealed = frozenset().union(*(members for _, members in wanted))
    # Unknown groups may reveal more once read; the collector re-plans agent details then.
    agents = tuple(sorted(needs.lacking_roles - revealed))
    pages = sum(
        max(1, math.ceil(len(needs.known_members.get(group, frozenset())) / per_page))
        for group in lists
    )
    sources = [needs.group_list_source] if needs.known_members and needs.lacking_groups else []
    if lists:
        sources.append(GROUP_MEMBERS)
    if agents:
        sources.append(AGENT_DETAILS)
    return MembershipPlan(
        sources=tuple(sources),
        member_lists=tuple(lists),
        agent_details=agents,
        estimated_requests=pages + len(agents),
    )
