"""Fill in `role_ids` and `group_ids` that an agent listing left out.

Real `/agents` listings omit them; the collector then fetched them by the cheapest
route the account offered: group membership (`groups.jsonl` with `agent_ids`, or
`group_members.jsonl`) and, for agents no group reveals, `/agents/{id}`
(`agent_details.jsonl`). This module puts those pieces back together.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from auditor.errors import RecordError
from auditor.models import Agent, AgentId, Group, GroupId, RoleId
from auditor.records import Record

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class GroupMember(Record):
    """One member as `/admin/groups/{id}/agents` lists it."""

    id: AgentId
    role_ids: list[RoleId] | None = None


@dataclass(frozen=True, kw_only=True)
class GroupMembers(Record):
    """One line of `group_members.jsonl`: a group and every member it listed."""

    group_id: GroupId
    agents: list[GroupMember]


def fill_memberships(
    agents: Iterable[Agent],
    groups: Iterable[Group],
    details: dict[AgentId, Agent],
    group_members: dict[GroupId, GroupMembers],
    source: str,
    notes: list[str],
    incomplete_route: str | None = None,
) -> list[Agent]:
    """Return the agents with `role_ids` and `group_ids` always set, or name the gap.

    A gap is an error in a complete snapshot. When `incomplete_route` names a membership
    collection the run could not finish, the gap is expected: it is filled with what the
    groups that were read reveal (or nothing) and noted, and FD-EVID-001 reports the
    incomplete collection.
    """
    groups = list(groups)
    groups_of, unread_groups = _groups_by_agent(groups, group_members)
    side_complete = not unread_groups
    roles_from_groups = {
        member.id: member.role_ids
        for line in group_members.values()
        for member in line.agents
        if member.role_ids is not None
    }
    filled: list[Agent] = []
    for agent in agents:
        detail = details.get(agent.id)
        role_ids = _first_known(
            agent.role_ids,
            detail.role_ids if detail else None,
            roles_from_groups.get(agent.id),
        )
        group_ids = _first_known(
            agent.group_ids,
            detail.group_ids if detail else None,
            sorted(groups_of.get(agent.id, ())) if side_complete else None,
        )
        if group_ids is None and incomplete_route is not None:
            group_ids = sorted(groups_of.get(agent.id, ()))
            notes.append(
                f"Agent {agent.id}: group_ids known only from the groups that were read "
                f"(the {incomplete_route} collection is incomplete; unread group(s) "
                f"{', '.join(map(str, sorted(unread_groups)))})."
            )
        for field, value in (("role_ids", role_ids), ("group_ids", group_ids)):
            if value is None and incomplete_route is not None:
                notes.append(
                    f"Agent {agent.id}: {field} unknown because the {incomplete_route} "
                    "collection is incomplete; the agent is shown with none."
                )
            elif value is None:
                raise RecordError(
                    source,
                    f"agent {agent.id}",
                    field,
                    "is missing from the listing and no agent detail or group membership "
                    "record supplies it",
                )
        known = role_ids is not None and group_ids is not None
        if known and role_ids is agent.role_ids and group_ids is agent.group_ids:
            # Both lists came with the record itself: the agent is already what the copy
            # would be, and 10,000 copies cost a tenth of a second.
            filled.append(agent)
            continue
        filled.append(
            dataclasses.replace(agent, role_ids=role_ids or [], group_ids=group_ids or [])
        )
    return filled


def _first_known(*candidates: list[T] | None) -> list[T] | None:
    return next((candidate for candidate in candidates if candidate is not None), None)


def _groups_by_agent(
    groups: list[Group], group_members: dict[GroupId, GroupMembers]
) -> tuple[dict[AgentId, set[GroupId]], set[GroupId]]:
    """Membership seen from the groups' side, and the groups whose members are unknown.

    The group side settles an agent's `group_ids` only when no group is unknown: an agent
    absent from every group that was read may still belong to one that was not.
    """
    groups_of: dict[AgentId, set[GroupId]] = defaultdict(set)
    unread: set[GroupId] = set()
    for group in groups:
        if group.agent_ids is not None:
            members = list(group.agent_ids)
        elif group.id in group_members:
            members = [member.id for member in group_members[group.id].agents]
        else:
            unread.add(group.id)
            continue
        for agent_id in members:
            groups_of[agent_id].add(group.id)
    return groups_of, unread
