"""Fetch what the membership plan asks for, then close any gap it could not foresee.

The plan is made before member lists are read. Once they are, any agent whose roles no
list revealed (or whose groups the group side cannot tell) is fetched with `/agents/{id}`,
so a denied or failed member list falls back to per-agent details instead of a hole.
"""

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from auditor.freshdesk.membership_route import (
    AGENT_DETAILS,
    GROUP_DETAILS,
    GROUP_MEMBERS,
    MembershipNeeds,
    MembershipPlan,
)
from auditor.freshdesk.pagination import Listing, ListingResult
from auditor.freshdesk.ratelimit import BULK
from auditor.freshdesk.session import Session, add_cost, add_note, worst_status
from auditor.freshdesk.single import OneResult
from auditor.snapshot.writer import Collected

T = TypeVar("T")


@dataclass
class MembershipData:
    """What the bulk phase produced, ready to become snapshot collections."""

    sources: list[str]
    group_members: Collected | None = None
    agent_details: Collected | None = None
    # `/groups/{id}` records, which replace the group list's records.
    group_records: dict[int, dict[str, Any]] = field(default_factory=dict)
    group_costs: list[OneResult] = field(default_factory=list)
    vanished_agents: set[int] = field(default_factory=set)
    vanished_groups: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    @property
    def route(self) -> str:
        return "+".join(self.sources)


def fetch_memberships(
    session: Session,
    needs: MembershipNeeds,
    plan: MembershipPlan,
    pool: Executor,
) -> MembershipData:
    data = MembershipData(sources=list(plan.sources))
    session.progress.expect(plan.estimated_requests)
    lists = _submit(pool, plan.member_lists, lambda g: _member_list(session, g))
    details = _submit(pool, plan.group_details, lambda g: session.one(f"group.{g}", f"/groups/{g}"))
    agents = _submit(pool, plan.agent_details, lambda a: session.one(f"agent.{a}", f"/agents/{a}"))
    member_results = _gather(lists)
    detail_results = _gather(details)
    revealed_roles, known_groups = _group_side(needs, member_results, detail_results, data)
    gap = set(needs.lacking_roles - revealed_roles)
    if needs.lacking_groups and not known_groups:
        gap |= needs.lacking_groups
    extra = sorted(gap - set(plan.agent_details))
    agents.update(_submit(pool, extra, lambda a: session.one(f"agent.{a}", f"/agents/{a}")))
    if extra and AGENT_DETAILS not in data.sources:
        data.sources.append(AGENT_DETAILS)
    _agent_details(_gather(agents), data)
    return data


def _member_list(session: Session, group_id: int) -> ListingResult:
    listing = Listing(
        key=f"members.{group_id}",
        path=f"/admin/groups/{group_id}/agents",
        priority=BULK,
        prefetch=False,
    )
    return session.listing(listing, missing_ok=True)


def _submit(pool: Executor, ids: Sequence[int], call: Callable[[int], T]) -> dict[int, "Future[T]"]:
    return {item: pool.submit(call, item) for item in ids}


def _gather(futures: dict[int, "Future[T]"]) -> dict[int, T]:
    return {item: future.result() for item, future in futures.items()}


def _group_side(
    needs: MembershipNeeds,
    member_results: dict[int, ListingResult],
    detail_results: dict[int, OneResult],
    data: MembershipData,
) -> tuple[set[int], bool]:
    """Roles revealed by member lists, and whether every group's members are now known."""
    members = Collected(records=[], endpoint="/admin/groups/{id}/agents")
    revealed: set[int] = set()
    learned = set(needs.known_members)
    for group_id, result in sorted(member_results.items()):
        add_cost(members, result)
        if result.missing:
            data.vanished_groups.add(group_id)
            data.notes.append(f"group {group_id} no longer exists (404); left out")
            continue
        if result.status != "complete":
            members.status = worst_status(members.status, result.status)
            add_note(members, f"group {group_id}: {result.note}")
            continue
        members.records.append({"group_id": group_id, "agents": result.records})
        learned.add(group_id)
        revealed |= {int(m["id"]) for m in result.records if m.get("role_ids") is not None}
    if member_results:
        data.group_members = members
    for group_id, one in sorted(detail_results.items()):
        data.group_costs.append(one)
        record = one.record
        if record is None:
            _note_missing_group(one, group_id, data)
            continue
        data.group_records[group_id] = record
        if isinstance(record.get("agent_ids"), list):
            learned.add(group_id)
    all_groups = set(needs.known_members) | set(needs.unknown_groups)
    known = needs.groups_complete and all_groups - data.vanished_groups <= learned
    if GROUP_MEMBERS in data.sources and not member_results:
        data.sources.remove(GROUP_MEMBERS)
    if GROUP_DETAILS in data.sources and not detail_results:
        data.sources.remove(GROUP_DETAILS)
    return revealed, known


def _note_missing_group(one: OneResult, group_id: int, data: MembershipData) -> None:
    outcome = one.outcome
    if outcome is not None and outcome.status == "not_found":
        data.vanished_groups.add(group_id)
        data.notes.append(f"group {group_id} no longer exists (404); left out")
    elif outcome is not None:
        data.notes.append(f"group {group_id}: {outcome.note}")


def _agent_details(results: dict[int, OneResult], data: MembershipData) -> None:
    if not results:
        return
    details = Collected(records=[], endpoint="/agents/{id}")
    for agent_id, one in sorted(results.items()):
        add_cost(details, one)
        if one.record is not None:
            details.records.append(one.record)
            continue
        outcome = one.outcome
        if outcome is not None and outcome.status == "not_found":
            data.vanished_agents.add(agent_id)
            data.notes.append(
                f"agent {agent_id} was listed but no longer exists (404 on /agents/{agent_id}); "
                "it was deleted or turned into a contact during the collection and is left out"
            )
        elif outcome is not None:
            details.status = worst_status(
                details.status, "denied" if outcome.status == "denied" else "partial"
            )
            add_note(details, f"agent {agent_id}: {outcome.note}")
    data.agent_details = details
