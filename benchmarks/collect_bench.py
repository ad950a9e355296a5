"""Collector benchmark: requests made against the minimum, 429s, and wall time / rate floor.

Serves a synthetic account (sized so that the rate-limit floor is at least `--floor`
seconds) from the fake Freshdesk with a chosen budget and latency, collects it over
loopback HTTP, and prints:

- requests made, and the minimum any collector needs for that account and variant: every
  listing's pages, `/agents/me`, `/account`, the cheapest membership route and, for real
  contacts listings (no `view_all_tickets`), one `/contacts/{id}` per contact linked to a
  company outside its domain (targets: at most one more per listing);
- 429 answers received (target: none, since the server announces its budget);
- wall time / floor, where floor = the longer of minimum requests / allowed rate and
  contacts pages / the contacts listing's own sub-limit (the fake enforces Enterprise's
  200 per window; target: <= 1.05 for the real record shape at 700 requests/minute and
  150 ms latency, and for the scale variant).

`--contacts N` serves exactly N contacts, made on demand (a million take no memory in the
fake server), and `--window` shortens the rate window so the floor stays a few minutes:

    .venv/bin/python -m benchmarks.collect_bench --contacts 1000000 --window 1.5

`--repeat N` runs it N times (each against a fresh account and folder) and ends with the
min and median of wall/floor; the wall/floor target is judged on the median.

Exits 1 when the snapshot is incomplete (it is compared with the served data), and with
`--check-targets` also when a target is missed.

    .venv/bin/python -m benchmarks.collect_bench                       # real shape
    .venv/bin/python -m benchmarks.collect_bench --shape seed
    .venv/bin/python -m benchmarks.collect_bench --budget-share 0.5
"""

import argparse
import json
import math
import resource
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from auditor.fake import FakeFreshdesk, Quirks
from auditor.freshdesk.collector import CollectOptions, CollectSummary, collect
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.target import resolve_target
from auditor.models import AgentId
from auditor.snapshot import read_snapshot
from benchmarks.generated_contacts import FIRST_ID, GeneratedContacts, GeneratedViews
from benchmarks.synthetic_account import AccountSize, is_foreign_contact, write_synthetic_account

LISTINGS = ("agents", "agents_inactive", "roles", "groups", "contacts", "companies")
WALL_FLOOR_TARGET = 1.05
# Enterprise (the fake's `tier_type` Forest): contacts list calls per window.
CONTACTS_SUB_LIMIT = 200
# Everything but the contacts, whose number is chosen to reach the floor.
BASE_SIZE = AccountSize(
    agents=1200, inactive=150, groups=60, ungrouped=120, contacts=0, companies=600
)


@dataclass(frozen=True)
class Variant:
    shape: str
    rpm: int
    latency: float
    budget_share: float
    per_page: int
    link_header: bool
    # Seconds of the rate window (`rpm` and the sub-limit count per window).
    window: float = 60.0
    # Contacts made on demand (None: sized for the floor and stored as files).
    contacts: int | None = None

    @property
    def quirks(self) -> Quirks:
        real = self.shape == "real"
        return Quirks(
            shape="real" if real else "seed",
            listing_memberships=not real,
            group_list_agent_ids=False,
            # Real contacts listings lack `view_all_tickets`; only `/contacts/{id}` has it.
            contact_access="detail" if real else "listing",
            link_header=self.link_header,
            rate_limit=self.rpm,
            rate_window=self.window,
            contacts_sub_limit=CONTACTS_SUB_LIMIT,
            tier_type="Forest",
            latency=self.latency,
        )

    @property
    def allowed_per_second(self) -> float:
        return self.rpm * self.budget_share / self.window

    @property
    def contacts_per_second(self) -> float:
        return CONTACTS_SUB_LIMIT * self.budget_share / self.window

    def floor(self, minimum: dict[str, int]) -> float:
        """The least time any collector needs: all requests at the account's rate, or the
        contacts pages at their own sub-limit, whichever is longer."""
        return max(
            sum(minimum.values()) / self.allowed_per_second,
            minimum["contacts"] / self.contacts_per_second,
        )


def pages(records: int, variant: Variant) -> int:
    """The fewest requests that list `records`: with links the last page says so;
    without, a short (possibly empty) page must be seen."""
    per_page = variant.per_page
    if variant.link_header:
        return max(1, math.ceil(records / per_page))
    return records // per_page + 1


def minimum_requests(server: FakeFreshdesk, variant: Variant) -> dict[str, int]:
    account = server.account
    counts = {
        "agents": len(account.agents),
        "agents_inactive": len(account.inactive),
        "roles": len(account.roles),
        "groups": len(account.groups),
        "contacts": len(server.views.contacts(None)),
        "companies": len(account.companies),
    }
    minimum = {"me": 1, "account": 1, **{name: pages(n, variant) for name, n in counts.items()}}
    if variant.shape == "real":
        minimum["contact_details"] = sum(1 for _ in foreign_contacts(server))
        every_agent = counts["agents"] + counts["agents_inactive"]
        members = {g: r["agent_ids"] for g, r in account.groups.items() if r["agent_ids"]}
        in_a_group = {a for ids in members.values() for a in ids}
        ungrouped = sum(1 for a in [*account.agents, *account.inactive] if a not in in_a_group)
        by_group = sum(pages(len(ids), variant) for ids in members.values()) + ungrouped
        minimum["memberships"] = min(every_agent, by_group)
    return minimum


def foreign_contacts(server: FakeFreshdesk) -> Iterable[int]:
    """Contacts linked to a company whose domain is not theirs (what FD-BROAD-007 needs),
    from the served data: a company's only domain is `c{id}.example`."""
    if isinstance(server.views, GeneratedViews):
        return server.views.generated.foreign_ids()
    return sorted(
        record["id"]
        for record in server.account.contacts.values()
        if record["company_id"] is not None
        and not record["email"].endswith(f"@c{record['company_id']}.example")
    )


def size_for_floor(variant: Variant, floor_seconds: float) -> AccountSize:
    """Add contacts until the minimum requests take at least `floor_seconds`."""
    base = BASE_SIZE
    if variant.contacts is not None:
        return AccountSize(**{**base.__dict__, "contacts": variant.contacts})
    fixed = 2 + sum(
        pages(n, variant)
        for n in (base.agents, base.inactive, base.roles, base.groups, base.companies)
    )
    if variant.shape == "real":
        fixed += base.groups + base.ungrouped  # one member list per group, details otherwise
    needed = max(0, math.ceil(floor_seconds * variant.allowed_per_second) - fixed)
    # Real shape: each page of contacts also brings its foreign contacts' details.
    per_page = variant.per_page
    details = sum(is_foreign_contact(i) for i in range(per_page)) if variant.shape == "real" else 0
    contacts = math.ceil(needed / (1 + details)) * per_page
    return AccountSize(**{**base.__dict__, "contacts": contacts})


def check_complete(server: FakeFreshdesk, snapshot: Path) -> list[str]:
    """Every served record collected exactly once, memberships equal to the served truth."""
    problems = []
    views = server.views
    served = {
        "agents": views.agents(active=True),
        "agents_inactive": views.agents(active=False),
        "roles": views.roles(),
        "contacts": views.contacts(None),
        "companies": views.companies(),
    }
    if isinstance(views, GeneratedViews):
        del served["contacts"]
        problems += _check_generated_contacts(views.generated, snapshot)
    for name, records in served.items():
        path = snapshot / f"{name}.jsonl"
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
        got = sorted((json.loads(line) for line in lines), key=lambda r: r["id"])
        if got != sorted(records, key=lambda r: r["id"]):
            problems.append(f"{name}: {len(got)} records collected, {len(records)} served")
    if isinstance(views, GeneratedViews):
        # Reading a million contacts as typed objects is the analysis's benchmark, not
        # this one's; the memberships are checked by the stored-account variants.
        return problems + _check_contact_details(server, snapshot)
    collected = read_snapshot(snapshot)
    for agent_id, truth in {**server.account.agents, **server.account.inactive}.items():
        agent = collected.agents.get(AgentId(agent_id))
        if agent is None:
            problems.append(f"agent {agent_id} missing")
        elif (sorted(agent.role_ids or []), sorted(agent.group_ids or [])) != (
            sorted(truth["role_ids"]),
            sorted(truth["group_ids"]),
        ):
            problems.append(f"agent {agent_id}: memberships differ")
    if set(collected.groups) != set(server.account.groups):
        problems.append("groups differ")
    problems += _check_contact_details(server, snapshot)
    return problems


def _check_generated_contacts(contacts: GeneratedContacts, snapshot: Path) -> list[str]:
    """Each made-up contact collected once and as served, read a line at a time."""
    seen = bytearray(len(contacts))
    problems = []
    with (snapshot / "contacts.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            index = record["id"] - FIRST_ID
            if not 0 <= index < len(contacts) or seen[index]:
                problems.append(f"contact {record['id']} unexpected or repeated")
            elif record != contacts[index]:
                problems.append(f"contact {record['id']} differs from the served one")
            else:
                seen[index] = 1
            if len(problems) > 10:
                break
    missing = len(contacts) - sum(seen)
    if missing:
        problems.append(f"contacts: {missing:,} served but not collected")
    return problems


def _check_contact_details(server: FakeFreshdesk, snapshot: Path) -> list[str]:
    """Real shape: exactly the foreign contacts' details, each as served."""
    if server.quirks.contact_access != "detail":
        return []
    path = snapshot / "contact_details.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    got = sorted((json.loads(line) for line in lines if line), key=lambda r: r["id"])
    wanted = [server.views.contact(c) for c in sorted(foreign_contacts(server))]
    if got != wanted:
        return [f"contact_details: {len(got)} collected, {len(wanted)} needed"]
    return []


@dataclass(frozen=True)
class Outcome:
    """One run: the snapshot complete, the targets other than wall/floor met, wall/floor."""

    complete: bool
    counts_met: bool
    ratio: float


def run(variant: Variant, floor_seconds: float, work: Path) -> Outcome:
    size = size_for_floor(variant, floor_seconds)
    stored = replace(size, contacts=0) if variant.contacts is not None else size
    served_dir = write_synthetic_account(work / "served", stored)
    key = secrets.token_urlsafe(16)
    server = FakeFreshdesk(served_dir, api_key=key, quirks=variant.quirks)
    if variant.contacts is not None:
        made = GeneratedContacts(
            variant.contacts, size.companies, real_listing=variant.shape == "real"
        )
        server.views = GeneratedViews(server.account, server.quirks, made)
    with server:
        minimum = minimum_requests(server, variant)
        options = CollectOptions(
            target=resolve_target("bench", server.base_url),
            key=ApiKey(key),
            out=work / "collected",
            budget_share=variant.budget_share,
            per_page=variant.per_page,
            rate_window=variant.window,
            show_progress=None,
        )
        started = time.monotonic()
        summary = collect(options)
        wall = time.monotonic() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        problems = check_complete(server, work / "collected")
        served_429 = server.count(status=429)
    return report(variant, size, minimum, summary, wall, served_429, problems, peak_mb)


def report(
    variant: Variant,
    size: AccountSize,
    minimum: dict[str, int],
    summary: CollectSummary,
    wall: float,
    served_429: int,
    problems: list[str],
    peak_mb: float,
) -> Outcome:
    least = sum(minimum.values())
    floor = variant.floor(minimum)
    extra = summary.requests - least
    ratio = wall / floor
    print(
        f"variant: {variant.shape} shape, {variant.rpm} requests per {variant.window:g} s "
        f"announced, contacts list calls {CONTACTS_SUB_LIMIT} per window, budget share "
        f"{variant.budget_share}, latency {variant.latency * 1000:.0f} ms, per_page "
        f"{variant.per_page}, link header {'on' if variant.link_header else 'off'}"
    )
    print(
        f"account: {size.agents:,} active + {size.inactive:,} deactivated agents, "
        f"{size.groups} groups ({size.ungrouped} agents in none), {size.roles} roles, "
        f"{size.contacts:,} contacts, {size.companies:,} companies"
    )
    source = summary.manifest.source
    print(
        f"membership route: {source.membership_route}; contacts' access: "
        f"{source.contact_access_route}; deactivated agents by: {source.inactive_route}"
    )
    own = summary.manifest.account
    if own is not None and own.total_agents is not None:
        collected = sum(row.collected for row in own.comparison)
        verdict = "reconciled" if own.reconciled else "NOT reconciled"
        print(
            f"agents: {collected:,} active/pending collected, the account's own count "
            f"{sum(own.total_agents.values()):,} ({verdict})"
        )
    print(
        f"requests: {summary.requests:,} made, {least:,} minimum ({extra:+d}) "
        f"[minimum by part: {', '.join(f'{k} {v}' for k, v in minimum.items())}]"
    )
    print(f"429s: {summary.rate_limited} received ({served_429} answered by the server)")
    by_rate = least / variant.allowed_per_second
    by_contacts = minimum["contacts"] / variant.contacts_per_second
    print(
        f"wall {wall:.1f} s, floor {floor:.1f} s (all requests {by_rate:.1f} s, contacts "
        f"pages at their sub-limit {by_contacts:.1f} s) -> wall/floor {ratio:.3f}; "
        f"peak RSS (server and collector, one process) {peak_mb:,.0f} MB"
    )
    complete = not problems
    print(
        "snapshot: "
        + (
            "complete, equal to the served data"
            if complete
            else "INCOMPLETE: " + "; ".join(problems[:10])
        )
    )
    counts_met = extra <= len(LISTINGS) and summary.rate_limited == 0
    targets = counts_met and (not is_timed(variant) or ratio <= WALL_FLOOR_TARGET)
    print(
        f"targets: {'met' if targets else 'MISSED'} (at most one extra request per listing, "
        f"no 429, wall/floor <= {WALL_FLOOR_TARGET} for real shape at 700/min and with "
        "--contacts)"
    )
    return Outcome(complete, counts_met, ratio)


def is_timed(variant: Variant) -> bool:
    """Whether the wall/floor target applies to the variant."""
    return (variant.shape == "real" and variant.rpm == 700) or variant.contacts is not None


def summarise(variant: Variant, outcomes: list[Outcome]) -> bool:
    """Min and median wall/floor of the runs; whether every target held (wall/floor: the
    median)."""
    ratios = sorted(outcome.ratio for outcome in outcomes)
    median = statistics.median(ratios)
    met = all(outcome.counts_met for outcome in outcomes) and (
        not is_timed(variant) or median <= WALL_FLOOR_TARGET
    )
    print(
        f"{len(outcomes)} runs: wall/floor min {ratios[0]:.3f}, median {median:.3f} "
        f"(each: {', '.join(f'{r:.3f}' for r in ratios)}); targets "
        f"{'met' if met else 'MISSED'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=("real", "seed"), default="real")
    parser.add_argument("--rpm", type=int, default=700)
    parser.add_argument("--latency", type=float, default=0.150, help="seconds")
    parser.add_argument("--budget-share", type=float, default=1.0)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--no-link-header", action="store_true")
    parser.add_argument("--floor", type=float, default=30.0, help="minimum floor, seconds")
    parser.add_argument("--window", type=float, default=60.0, help="rate window, seconds")
    parser.add_argument("--contacts", type=int, help="serve exactly this many contacts")
    parser.add_argument("--repeat", type=int, default=1, help="runs, each on a fresh account")
    parser.add_argument("--check-targets", action="store_true")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    variant = Variant(
        shape=args.shape,
        rpm=args.rpm,
        latency=args.latency,
        budget_share=args.budget_share,
        per_page=args.per_page,
        link_header=not args.no_link_header,
        window=args.window,
        contacts=args.contacts,
    )
    outcomes = []
    for number in range(args.repeat):
        if args.repeat > 1:
            print(f"-- run {number + 1} of {args.repeat}", flush=True)
        with tempfile.TemporaryDirectory(prefix="collect-bench-") as work:
            outcomes.append(run(variant, args.floor, Path(work)))
        sys.stdout.flush()
    met = summarise(variant, outcomes)
    if not all(outcome.complete for outcome in outcomes):
        return 1
    return 1 if args.check_targets and not met else 0


if __name__ == "__main__":
    sys.exit(main())
