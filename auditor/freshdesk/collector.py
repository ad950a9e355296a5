"""Collect a whole Freshdesk account into a snapshot directory, resumably and within budget.

The run: `/agents/me` first (it proves the key and tells whose it is), then every
listing at once (agents, roles, groups, contacts, companies; the deactivated agents right
after the active ones, by whichever route the account allows) and `/account` (its own
agent count), then the per-group and per-agent calls the cheapest membership route needs
and the contact details FD-BROAD-007 needs (most of them asked for while the contacts
listing, held to its own sub-limit, still runs). Every answer is checkpointed; the
snapshot is written only at the end, its manifest last.
"""

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import httpx

from auditor.errors import CollectError, InterruptedByUser
from auditor.freshdesk.account_record import account_record, fetch_account
from auditor.freshdesk.agent_count import typed_agents
from auditor.freshdesk.checkpoint import StoredPage
from auditor.freshdesk.client import (
    FreshdeskApi,
    RequestCounters,
    RetryPolicy,
    Timeouts,
    build_http_client,
)
from auditor.freshdesk.contact_access import ContactAccess, fetch_contact_access
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.early_details import EarlyContactDetails
from auditor.freshdesk.failures import Abandoned, AccessDenied, RetriesExhausted
from auditor.freshdesk.held_records import hold, holding_records
from auditor.freshdesk.inactive_agents import InactiveAgents, collect_inactive
from auditor.freshdesk.listing_end import unproven_end_error
from auditor.freshdesk.membership_fetch import MembershipData, fetch_memberships
from auditor.freshdesk.membership_route import LISTING, needs_of, plan_memberships
from auditor.freshdesk.network import DIRECT, NetworkSettings
from auditor.freshdesk.output_dir import prepare
from auditor.freshdesk.pagination import Listing
from auditor.freshdesk.progress import CollectProgress
from auditor.freshdesk.ratelimit import DEFAULT_WINDOW, FIRST, RateGovernor
from auditor.freshdesk.reconcile import movement_signs, newest_by_id, seen_twice
from auditor.freshdesk.scim import ScimOptions, collect_scim, not_requested
from auditor.freshdesk.session import Session, add_cost, add_note, collected_from, worst_status
from auditor.freshdesk.single import OneResult
from auditor.freshdesk.target import Target
from auditor.snapshot.manifest import AccountRecord, KeyOwner, SnapshotManifest, Source
from auditor.snapshot.reader import read_manifest
from auditor.snapshot.writer import Collected, EncodedLines, ScimCollected, write_snapshot

T = TypeVar("T")

AGENTS = Listing("agents", "/agents")
ROLES = Listing("roles", "/roles")
CONTACTS = Listing("contacts", "/contacts")
COMPANIES = Listing("companies", "/companies")
ADMIN_GROUPS = Listing("groups.admin", "/admin/groups")
GROUPS = Listing("groups", "/groups")


@dataclass(frozen=True)
class CollectOptions:
    target: Target
    key: ApiKey
    out: Path
    resume: bool = False
    allow_partial: bool = False
    max_rpm: float | None = None
    budget_share: float = 1.0
    per_page: int = 100
    rate_window: float = DEFAULT_WINDOW
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeouts: Timeouts = field(default_factory=Timeouts)
    transport: httpx.BaseTransport | None = None
    show_progress: bool | None = None
    workers: int = 16
    # Fill missing memberships from /agents/{id} even when the group side is cheaper.
    per_agent_memberships: bool = False
    # Proxy and CA bundle (`--proxy`, `--ca-bundle` or the environment); default direct.
    network: NetworkSettings = DIRECT
    # Pages per listing before its end counts as unproven (None: enough for any account).
    max_pages: int | None = None
    # The identity provider's SCIM view (`--scim-token-file`); None: not requested.
    scim: ScimOptions | None = None


@dataclass(frozen=True)
class CollectSummary:
    directory: Path
    manifest: SnapshotManifest
    requests: int
    rate_limited: int
    retries: int
    seconds: float
    resumed: bool
    already_complete: bool = False

    def line(self) -> str:
        counts = {name: stats.records for name, stats in self.manifest.collections.items()}
        agents = counts["agents"] + counts["agents_inactive"]
        population = (
            f"{agents} agents{_own_count(self.manifest.account)}, {counts['roles']} roles, "
            f"{counts['groups']} groups, {counts['contacts']} contacts, "
            f"{counts['companies']} companies"
        )
        if self.already_complete:
            return f"Snapshot {self.directory} was already complete ({population})."
        incomplete = sorted(self.manifest.incomplete_collections)
        state = f"INCOMPLETE: {', '.join(incomplete)}" if incomplete else "complete"
        return (
            f"Collected {population} into {self.directory} ({state}): "
            f"{self.requests:,} requests this run, {self.rate_limited} rate-limited, "
            f"{self.retries} retried, {self.seconds:.1f} s.{_scim_line(self.manifest)}"
        )


def collect(options: CollectOptions) -> CollectSummary:
    # Records held until the snapshot is written stay out of the cyclic GC's passes.
    with holding_records():
        return _collect(options)


def _collect(options: CollectOptions) -> CollectSummary:
    started = time.monotonic()
    start = prepare(options.out, options.target, options.per_page, resume=options.resume)
    if start.already_complete:
        return CollectSummary(
            options.out, read_manifest(options.out), 0, 0, 0, 0.0, True, already_complete=True
        )
    governor = RateGovernor(
        max_rpm=options.max_rpm, budget_share=options.budget_share, window=options.rate_window
    )
    counters = RequestCounters()
    progress = CollectProgress(governor, counters, enabled=options.show_progress)
    client = build_http_client(
        options.target,
        options.key,
        timeouts=options.timeouts,
        transport=options.transport,
        max_connections=options.workers + 16,
        network=options.network,
    )
    api = FreshdeskApi(
        client,
        options.target,
        governor,
        retry=options.retry,
        timeouts=options.timeouts,
        counters=counters,
        network=options.network,
    )
    pools = _Pools(options.workers)
    session = Session(
        api,
        start.checkpoint,
        options.per_page,
        options.allow_partial,
        progress,
        pools.prefetch,
        max_pages=options.max_pages,
    )
    try:
        with client, progress:
            try:
                run = _Run(session, options.target, pools, options.per_agent_memberships)
                collections, source, notes, account = run.collect()
                scim = _scim(options, governor, counters)
            finally:
                # Every request in flight ends before the client that carries it is closed:
                # closing it under them can leave a thread waiting on a dead connection.
                api.stop()
                pools.shutdown()
    except BaseException as error:
        nothing_kept = start.checkpoint.holds_nothing()
        if nothing_kept:
            start.abandon()
        if isinstance(error, KeyboardInterrupt):
            raise InterruptedByUser(
                "Interrupted before anything was fetched."
                if nothing_kept
                else f"Interrupted. Every page fetched so far is kept in "
                f"{start.checkpoint.directory}; run the same command with --resume to continue."
            ) from None
        raise
    manifest = write_snapshot(
        options.out,
        collections,
        source=source,
        collected_at=start.run.started_at,
        notes=notes,
        account=account,
        scim=scim,
    )
    start.checkpoint.remove()
    return CollectSummary(
        directory=options.out,
        manifest=manifest,
        requests=counters.requests,
        rate_limited=counters.rate_limited,
        retries=counters.retries,
        seconds=time.monotonic() - started,
        resumed=start.resumed,
    )


def _scim(
    options: CollectOptions, governor: RateGovernor, counters: RequestCounters
) -> ScimCollected:
    """SCIM after the account's own evidence, within the same budget; without a token,
    the record that says it was not requested.

    It is not checkpointed: a resumed run reads it again (a few pages at most)."""
    if options.scim is None:
        return not_requested()
    return collect_scim(
        options.scim,
        governor,
        counters,
        retry=options.retry,
        timeouts=options.timeouts,
        network=options.network,
        transport=options.transport,
    )


class _Pools:
    """Threads: listing drivers, one page ahead per listing, and per-record calls."""

    def __init__(self, workers: int) -> None:
        self.listings = ThreadPoolExecutor(8, thread_name_prefix="listing")
        self.prefetch = ThreadPoolExecutor(8, thread_name_prefix="prefetch")
        self.bulk = ThreadPoolExecutor(workers, thread_name_prefix="record")
        # Its own threads: calls asked ahead of need never queue before those the run needs.
        self.ahead = ThreadPoolExecutor(workers, thread_name_prefix="ahead")

    def shutdown(self) -> None:
        for pool in (self.bulk, self.ahead, self.listings, self.prefetch):
            pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Groups:
    collected: Collected
    source: str
    admin_groups: bool


@dataclass
class _Run:
    session: Session
    target: Target
    pools: _Pools
    per_agent_memberships: bool = False
    notes: list[str] = field(default_factory=list)
    _failure: BaseException | None = None

    def collect(self) -> tuple[dict[str, Collected], Source, list[str], AccountRecord]:
        me = self._key_owner_record()
        if me.record is None:
            note = me.outcome.note if me.outcome else "no answer"
            raise CollectError(
                f"GET /api/v2/agents/me did not name the key's owner ({note}). Check --base-url."
            )
        # The contacts listing waits for the plan (its sub-limit) that `/account` names.
        self.session.api.governor.expect_contacts_plan()
        account_future = self._submit(self.pools.listings, self._account)
        plain = {
            listing.key: self._submit(self.pools.listings, self._listing, listing)
            for listing in (ROLES, COMPANIES)
        }
        early = EarlyContactDetails(self.session, plain["companies"], self.pools.ahead)
        plain["contacts"] = self._submit(self.pools.listings, self._listing, CONTACTS, early.page)
        agents_future = self._submit(self.pools.listings, self._agents)
        groups_future = self._submit(self.pools.listings, self._groups)
        access_future = self._submit(
            self.pools.listings, self._contact_access, plain["contacts"], plain["companies"], early
        )
        agents, inactive = self._wait(agents_future)
        groups = self._wait(groups_future)
        data = self._memberships(agents, inactive.collected, groups)
        collections = {key: self._wait(future) for key, future in plain.items()}
        access = self._wait(access_future)
        collections.update(agents=agents, agents_inactive=inactive.collected)
        self._add_evidence_of_access(collections, inactive, access)
        self.session.progress.listings_done()
        collections["groups"] = groups.collected
        self._apply(collections, data)
        source = Source(
            base_url=self.target.base_url,
            domain=self.target.domain,
            key_owner=_key_owner(me.record),
            membership_route=data.route,
            agent_record_shape=_record_shape(
                [me.record, *agents.records, *inactive.collected.records]
            ),
            active_filter=inactive.active_filter,
            inactive_route=inactive.route,
            contact_access_route=access.route,
        )
        collected_agents = typed_agents(
            collections["agents"].records,
            collections["agents_inactive"].records,
            inactive.deactivated_ids,
        )
        account = account_record(self._wait(account_future), collected_agents)
        return collections, source, self.notes + data.notes, account

    def _add_evidence_of_access(
        self, collections: dict[str, Collected], inactive: InactiveAgents, access: ContactAccess
    ) -> None:
        """The raw answers the agent states and contacts' access were read from."""
        if inactive.availability is not None:
            collections["agents_availability"] = inactive.availability
        if access.details is not None:
            collections["contact_details"] = access.details
            self.notes.append(access.note)

    def _key_owner_record(self) -> OneResult:
        """`/agents/me`: no snapshot goes without it, so --allow-partial does not apply."""
        endpoint = "/api/v2/agents/me"
        try:
            return self.session.one("me", "/agents/me", priority=FIRST, required=True)
        except AccessDenied as error:
            raise CollectError(
                f"Freshdesk refused GET {endpoint} (403 Forbidden{error.detail}), which any "
                "valid key of an active user may call: the account may be suspended or the "
                "key's owner blocked. Check the account in Freshdesk, or use the key of "
                "another administrator."
            ) from None
        except RetriesExhausted as error:
            raise CollectError(
                f"GET {endpoint} {error.summary}. Freshdesk or the network is in trouble; "
                "nothing was collected yet. Try again later."
            ) from None

    def _account(self) -> OneResult:
        """`/account`, whose plan sets the contacts listing's pace (held until known)."""
        governor = self.session.api.governor
        try:
            result = fetch_account(self.session)
        except BaseException:
            governor.set_contacts_plan(None, "/api/v2/account failed")
            raise
        record = result.record
        if record is None:
            note = result.outcome.note if result.outcome else "no answer"
            governor.set_contacts_plan(None, f"/api/v2/account gave no plan ({note})")
        else:
            governor.set_contacts_plan(record.get("tier_type"))
        return result

    # -- listings -----------------------------------------------------------------

    def _agents(self) -> tuple[Collected, InactiveAgents]:
        """The active agents, then the deactivated ones. In this order an agent deactivated
        while the active listing runs is found by the second listing; run side by side, the
        short deactivated listing would end first and the agent could be missed by both."""
        active = self._listing(AGENTS)
        return active, collect_inactive(self.session, self._listing, active, self.pools.bulk)

    def _contact_access(
        self,
        contacts: "Future[Collected]",
        companies: "Future[Collected]",
        early: EarlyContactDetails,
    ) -> ContactAccess:
        """`view_all_tickets` for the contacts that need it, once both listings are in
        (most details were asked for while the contacts listing ran)."""
        listed, known = contacts.result(), companies.result()
        asked, judged = early.hand_over()
        try:
            return fetch_contact_access(self.session, listed, known, self.pools.bulk, asked, judged)
        finally:
            # Calls asked for contacts the final listing no longer holds end here, not later.
            early.wait()

    def _listing(
        self, listing: Listing, on_page: Callable[[StoredPage], None] | None = None
    ) -> Collected:
        """A listing, listed a second time and reconciled if records moved while it ran.
        Each page fetched is encoded for the snapshot as it arrives (see `EncodedLines`)."""
        encoded = EncodedLines()

        def page(stored: StoredPage) -> None:
            encoded.add(stored.records)
            hold()
            if on_page is not None:
                on_page(stored)

        first = self.session.listing(listing, on_page=page)
        collected = collected_from(first, [], listing.endpoint)
        collected.encoded = encoded
        passes = [first.records]
        if first.status == "complete":
            started = first.first_page.date if first.first_page else None
            signs = movement_signs(first.records, started)
            if signs:
                second = self.session.listing(
                    replace(listing, key=f"{listing.key}.relist"), on_page=page
                )
                add_cost(collected, second)
                collected.status = worst_status(collected.status, second.status)
                passes.append(second.records)
                add_note(
                    collected,
                    f"records moved while the listing ran ({'; '.join(signs)}); listed a second "
                    "time and kept the most recently updated version of every record",
                )
                again = second.first_page.date if second.first_page else None
                if twice := seen_twice(second.records):
                    self._changed_twice(collected, listing, twice)
                elif movement_signs(second.records, again):
                    add_note(
                        collected,
                        "records were updated while the second listing ran too, "
                        "but none appeared twice in it",
                    )
        collected.records = newest_by_id(passes)
        return collected

    def _changed_twice(self, collected: Collected, listing: Listing, sign: str) -> None:
        """Records moved across the reader in both passes: neither is a consistent listing."""
        note = (
            f"the second listing also changed while it ran ({sign}), so neither pass is consistent"
        )
        if not self.session.allow_partial:
            raise unproven_end_error(listing.endpoint, note)
        add_note(collected, note)
        collected.status = worst_status(collected.status, "partial")

    def _groups(self) -> _Groups:
        """`/admin/groups` (with members) when the account has it, else `/groups`."""
        try:
            admin = self.session.listing(ADMIN_GROUPS, missing_ok=True)
        except AccessDenied:
            admin = None
        if admin is not None and not admin.missing and admin.status != "denied":
            # Its pages are in the checkpoint now; this adds the movement check of listings.
            return _Groups(self._listing(ADMIN_GROUPS), "admin-groups", True)
        collected = self._listing(GROUPS)
        if admin is not None:
            add_cost(collected, admin)
        why = "404, an older account" if admin is not None and admin.missing else "403"
        self.notes.append(f"/api/v2/admin/groups answered {why}; groups were read from /groups")
        return _Groups(collected, "groups", False)

    # -- memberships --------------------------------------------------------------

    def _memberships(
        self, agents: Collected, inactive: Collected, groups: _Groups
    ) -> MembershipData:
        needs = needs_of(
            [*agents.records, *inactive.records],
            groups.collected.records,
            admin_groups=groups.admin_groups,
            groups_complete=groups.collected.status == "complete",
            group_list_source=groups.source,
        )
        plan = plan_memberships(needs, self.session.per_page, per_agent=self.per_agent_memberships)
        if plan.sources == (LISTING,):
            return MembershipData(sources=[LISTING])
        others = ", ".join(f"{route}: {cost}" for route, cost in sorted(plan.alternatives.items()))
        self.notes.append(
            f"The agent listings lacked role_ids or group_ids; filled by {plan.route} "
            f"(estimated requests per route: {others})."
        )
        return self._guarded(lambda: fetch_memberships(self.session, needs, plan, self.pools.bulk))

    def _apply(self, collections: dict[str, Collected], data: MembershipData) -> None:
        groups = collections["groups"]
        if data.group_records or data.group_costs:
            for one in data.group_costs:
                add_cost(groups, one)
            groups.records = [data.group_records.get(int(g["id"]), g) for g in groups.records]
            groups.endpoint = f"{groups.endpoint} + /groups/{{id}}"
        groups.records = [g for g in groups.records if int(g["id"]) not in data.vanished_groups]
        for key in ("agents", "agents_inactive"):
            listing = collections[key]
            listing.records = [
                a for a in listing.records if int(a["id"]) not in data.vanished_agents
            ]
        if data.group_members is not None:
            collections["group_members"] = data.group_members
        if data.agent_details is not None:
            collections["agent_details"] = data.agent_details

    # -- failing fast -------------------------------------------------------------

    def _submit(self, pool: ThreadPoolExecutor, call: Callable[..., T], *args: Any) -> Future[T]:
        future = pool.submit(call, *args)
        future.add_done_callback(self._watch)
        return future

    def _watch(self, future: "Future[Any]") -> None:
        error = future.exception() if not future.cancelled() else None
        if error is not None and not isinstance(error, Abandoned) and self._failure is None:
            # The first real failure stops every other request; it is the one reported.
            self._failure = error
            self.session.api.stop()

    def _wait(self, future: "Future[T]") -> T:
        return self._guarded(future.result)

    def _guarded(self, call: Callable[[], T]) -> T:
        try:
            return call()
        except Abandoned:
            if self._failure is not None:
                raise self._failure from None
            raise


def _key_owner(me: dict[str, Any]) -> KeyOwner:
    contact = me.get("contact") if isinstance(me.get("contact"), dict) else {}
    assert isinstance(contact, dict)
    try:
        return KeyOwner(
            id=int(me["id"]),
            name=str(me.get("name") or contact.get("name") or ""),
            email=str(me.get("email") or contact.get("email") or ""),
        )
    except (KeyError, TypeError, ValueError):
        raise CollectError(
            "GET /api/v2/agents/me answered without the key owner's id; the API may have "
            "changed. Stopped."
        ) from None


def _scim_line(manifest: SnapshotManifest) -> str:
    """The SCIM collection's outcome, when SCIM was requested."""
    scim = manifest.scim
    if scim is None or scim.status == "not_requested":
        return ""
    if scim.status in ("denied", "unavailable"):
        return f" SCIM {scim.status}: {scim.note}."
    return f" SCIM: {scim.users} users ({scim.status})."


def _own_count(account: AccountRecord | None) -> str:
    """The account's own agent count beside the collected one, for the summary line."""
    if account is None or account.status != "recorded":
        why = account.status if account is not None else "not asked"
        return f" (the account's own count: not available, {why})"
    counted = sum(row.collected for row in account.comparison)
    states = "/".join(account.counted_states)
    if account.total_agents is None:
        return f" ({counted} {states}; the account's own count: not given)"
    reported = sum(account.total_agents.values())
    verdict = "reconciled" if account.reconciled else "DOES NOT RECONCILE"
    return f" ({counted} {states}, the account's own count {reported}: {verdict})"


def _record_shape(records: list[dict[str, Any]]) -> str:
    return "real" if any(isinstance(r.get("contact"), dict) for r in records) else "seed"
