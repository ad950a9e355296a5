"""The deactivated agents, whether the account honours, rejects or ignores `active=false`.

The official reference does not list `active` as a filter of `/agents`. An account may
honour it, reject it (400, field `active`) or ignore it: the "inactive" listing then holds
the same agents as the default one, and taking it at its word would mark every agent
inactive (an answer holding only agents of the default listing is taken as ignored).
When the filter is not honoured, `/agents?only=availability` (documented, with
a top-level `deactivated` flag) names every agent; each one that is deactivated or absent
from the default listing is read with `/agents/{id}`. When neither route answers, the
inactive collection is `partial` with a note, and the run goes on: FD-EVID-001 reports it.
"""

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field

from auditor.freshdesk.cost import Cost
from auditor.freshdesk.failures import AccessDenied, Rejected
from auditor.freshdesk.pagination import Listing, ListingResult
from auditor.freshdesk.reconcile import newest_by_id
from auditor.freshdesk.session import Session, add_cost, add_note, worst_status
from auditor.freshdesk.single import OneResult
from auditor.snapshot.writer import Collected

AGENTS_INACTIVE = Listing("agents_inactive", "/agents", (("active", "false"),))
AVAILABILITY = Listing("agents_availability", "/agents", (("only", "availability"),))

# How the account treated the filter (or "denied": a 403 under --allow-partial), and
# which route found the deactivated agents.
HONOURED, REJECTED, IGNORED = "honoured", "rejected", "ignored"
BY_FILTER, BY_AVAILABILITY, NO_ROUTE = "active-filter", "availability", "none"


@dataclass
class InactiveAgents:
    """The `agents_inactive` collection and how it was found."""

    collected: Collected
    active_filter: str
    route: str
    # The raw `only=availability` listing, kept as evidence when it was read.
    availability: Collected | None = None
    # Agents the availability listing marks `deactivated: true`.
    deactivated_ids: frozenset[int] = field(default_factory=frozenset)


def collect_inactive(
    session: Session,
    listed: Callable[[Listing], Collected],
    active: Collected,
    pool: Executor,
) -> InactiveAgents:
    """`listed` reads a listing as the collector does (with its movement check)."""
    try:
        filtered = listed(AGENTS_INACTIVE)
    except Rejected as error:
        if "active" not in error.fields:
            raise
        why = f"the account rejected the active=false filter (400{error.detail})"
        return _by_availability(session, REJECTED, why, active, Collected(records=[]), pool)
    if filtered.status == "denied":
        return InactiveAgents(filtered, "denied", BY_FILTER)  # FD-EVID-001 reports it
    filtered_ids = {record["id"] for record in filtered.records}
    # Only agents of the default listing: an ignored filter, unless proven otherwise. A
    # wrong "ignored" costs a few requests; a wrong "honoured" would mark active agents
    # inactive, so an agent deactivated mid-run (in both listings) also takes this path.
    if not filtered_ids or not filtered_ids <= {record["id"] for record in active.records}:
        return InactiveAgents(filtered, HONOURED, BY_FILTER)
    why = (
        f"the account ignored the active=false filter (its {len(filtered_ids)} agents are all in "
        "the default listing), so that listing is no evidence of inactivity and was set aside"
    )
    return _by_availability(session, IGNORED, why, active, filtered, pool)


def _by_availability(
    session: Session,
    active_filter: str,
    why: str,
    active: Collected,
    spent: Collected,
    pool: Executor,
) -> InactiveAgents:
    """Deactivated agents from `only=availability`, each read with `/agents/{id}`."""
    endpoint = f"{AVAILABILITY.endpoint} + /api/v2/agents/{{id}}"
    inactive = Collected(records=[], endpoint=endpoint, note=why)
    add_cost(inactive, _as_cost(spent))
    availability = _availability_listing(session)
    if isinstance(availability, str):
        inactive.status = "partial"
        add_note(inactive, f"{availability}; the deactivated agents could not be established")
        return InactiveAgents(inactive, active_filter, NO_ROUTE)
    listing = Collected(
        records=newest_by_id([availability.records]),
        status=availability.status,
        requests=availability.cost.requests,
        pages=availability.pages,
        retries=availability.cost.retries,
        rate_limited=availability.cost.rate_limited,
        endpoint=AVAILABILITY.endpoint,
        note=availability.note,
    )
    active_ids = {record["id"] for record in active.records}
    deactivated = frozenset(r["id"] for r in listing.records if r.get("deactivated") is True)
    # Deactivated agents in the default listing are already collected; the reader marks them.
    wanted = sorted(r["id"] for r in listing.records if r["id"] not in active_ids)
    futures = {a: pool.submit(session.one, f"agent.{a}", f"/agents/{a}") for a in wanted}
    for agent_id, future in futures.items():
        _add_detail(inactive, agent_id, future.result())
    if listing.status != "complete":
        inactive.status = worst_status(inactive.status, "partial")
        add_note(inactive, f"the availability listing is {listing.status}: {listing.note}")
    add_note(
        inactive,
        f"{len(deactivated)} agents marked deactivated by {AVAILABILITY.endpoint}; "
        f"{len(wanted)} agents absent from the default listing read with /agents/{{id}}",
    )
    unflagged = [agent_id for agent_id in wanted if agent_id not in deactivated]
    if unflagged:
        # Invitations, on accounts that list them only as inactive; anything else would
        # be an agent the default listing missed, so the IDs are named.
        add_note(
            inactive,
            f"{len(unflagged)} of them not marked deactivated (agent "
            f"{', '.join(map(str, unflagged[:10]))}): invitations, or agents the default "
            "listing missed",
        )
    return InactiveAgents(inactive, active_filter, BY_AVAILABILITY, listing, deactivated)


def _availability_listing(session: Session) -> ListingResult | str:
    """The listing, or why there is none (404, 403, 400)."""
    try:
        result = session.listing(AVAILABILITY, missing_ok=True)
    except AccessDenied:
        return f"{AVAILABILITY.endpoint} answered 403 Forbidden"
    except Rejected as error:
        return f"{AVAILABILITY.endpoint} was rejected (400{error.detail})"
    if result.missing:
        return f"{AVAILABILITY.endpoint} answered 404 Not Found"
    if result.status == "denied":
        return f"{AVAILABILITY.endpoint} was denied ({result.note})"
    return result


def _add_detail(inactive: Collected, agent_id: int, one: OneResult) -> None:
    add_cost(inactive, one)
    if one.record is not None:
        inactive.records.append(one.record)
        return
    outcome = one.outcome
    if outcome is not None and outcome.status == "not_found":
        add_note(inactive, f"agent {agent_id} no longer exists (404); left out")
    elif outcome is not None:
        inactive.status = worst_status(inactive.status, "partial")
        add_note(inactive, f"agent {agent_id}: {outcome.note}")


def _as_cost(collected: Collected) -> ListingResult:
    """A collection's cost in the shape `add_cost` takes."""
    return ListingResult(
        records=[],
        status=collected.status,
        pages=collected.pages,
        cost=Cost(collected.requests, collected.retries, collected.rate_limited),
        first_page=None,
    )
