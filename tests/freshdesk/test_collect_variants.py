"""Collect the fake account over loopback in every API variant: the snapshot equals what was served.

Each test names a documented variant or fault; `assert_matches_served` checks every
collection record for record (none lost, none repeated) and every agent's roles and groups.
"""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import CollectError
from auditor.fake import REAL_API, DeactivateAgent, Fault, MoveRecord, Quirks
from auditor.freshdesk.failures import AccessDenied
from auditor.freshdesk.ratelimit import UNANNOUNCED_RPM
from tests.fake.accounts import (
    TEST_QUIRKS,
    ServeFactory,
    assert_matches_served,
    collect_from,
    data_records,
    small_account,
)
from tests.freshdesk.governors import WatchedGovernor, most_starts_in_a_window

FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)


def manifest_of(snapshot: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((snapshot / "manifest.json").read_text())
    return document


@pytest.mark.parametrize(
    ("quirks", "route"),
    [
        (TEST_QUIRKS, "listing"),
        (FAST_REAL, "admin-groups+group-members+agent-details"),
        (replace(FAST_REAL, shape="seed"), "admin-groups+group-members+agent-details"),
        (replace(TEST_QUIRKS, shape="seed"), "listing"),
        (replace(FAST_REAL, admin_groups=False), "agent-details"),
        (replace(FAST_REAL, admin_groups=False, group_list_agent_ids=True), "agent-details"),
    ],
    ids=["stored", "real", "seed-shape-bare-listing", "seed", "old-account", "old-with-agent-ids"],
)
def test_each_membership_variant(
    serve: ServeFactory, tmp_path: Path, quirks: Quirks, route: str
) -> None:
    server = serve(quirks)
    collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    source = manifest_of(tmp_path / "snap")["source"]
    assert source["membership_route"] == route
    assert source["agent_record_shape"] == (quirks.shape or "real")
    assert source["key_owner"] == {"id": 10, "name": "Zimmer 00", "email": "agent10@acme.example"}


def test_the_real_route_costs_fewer_requests_than_per_agent_details(
    serve: ServeFactory, tmp_path: Path
) -> None:
    server = serve(FAST_REAL)
    collect_from(server, tmp_path / "snap")
    collections = manifest_of(tmp_path / "snap")["collections"]
    # Four groups have members (104 is empty); group 100's five members fill a page, so
    # an empty second page is needed to be sure of its end.
    assert collections["group_members"]["requests"] == 5
    details = data_records(tmp_path / "snap", "agent_details.jsonl")
    assert {r["id"] for r in details} == {10, 15, 20, 61, 62}  # the agents in no group
    assert collections["agent_details"]["requests"] == 5
    assert len(server.account.agents) + len(server.account.inactive) > 5 + 5


@pytest.mark.parametrize("contacts", [20, 23], ids=["exact-multiple", "short-last-page"])
def test_without_link_headers(tmp_path: Path, serve: ServeFactory, contacts: int) -> None:
    data = small_account(tmp_path / "served", contacts=contacts)
    server = serve(replace(FAST_REAL, link_header=False), data=data)
    collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    # 20 contacts at 5 a page: only an empty 5th page ends the listing; one more at most.
    pages_asked = server.count(path="/contacts")
    assert (contacts // 5 + 1) <= pages_asked <= contacts // 5 + 2


def test_relative_next_links(serve: ServeFactory, tmp_path: Path) -> None:
    server = serve(replace(FAST_REAL, link_base=""))
    collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)


@pytest.mark.parametrize("case", ["lower", "upper"])
def test_rate_header_casing_and_added_latency(
    serve: ServeFactory, tmp_path: Path, governors: list[WatchedGovernor], case: str
) -> None:
    server = serve(replace(FAST_REAL, rate_header_case=case, latency=0.01))
    summary = collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    assert summary.rate_limited == 0
    # The budget the server announced, learned whatever the headers' casing; not the
    # 50 a minute assumed when no header is read.
    [governor] = governors
    status = governor.status()
    assert status.budget == FAST_REAL.rate_limit
    assert status.allowed_per_window > UNANNOUNCED_RPM


def test_an_announced_budget_is_never_exceeded(
    serve: ServeFactory, tmp_path: Path, governors: list[WatchedGovernor]
) -> None:
    server = serve(replace(FAST_REAL, rate_limit=25, rate_window=1.0))
    summary = collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    # Counted where the pace is set: the governor's own starts. The server counts arrivals,
    # which a loaded machine delays unevenly by more than this one-second window's margin
    # (20 ms; a minute's is 1.2 s), so a 429 there can be scheduling, not pace: any one is
    # waited out, and counted.
    [governor] = governors
    assert governor.status().budget == 25
    assert most_starts_in_a_window(governor.starts, 1.0) <= 25
    assert summary.rate_limited == server.count(status=429)


def test_other_integrations_using_the_budget(
    serve: ServeFactory, tmp_path: Path, governors: list[WatchedGovernor]
) -> None:
    server = serve(replace(FAST_REAL, rate_limit=40, rate_window=1.0, background_usage=20))
    summary = collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    assert summary.rate_limited == server.count(status=429)
    # The 20 others use are read from `Remaining` less this run's own starts, which requests
    # in flight (not yet counted by the server) can make a few low; the pace stays far
    # below the 38 a window this run would take without the estimate.
    [governor] = governors
    status = governor.status()
    assert status.budget == 40
    assert status.allowed_per_window <= (40 - 20 + 5) * 0.98 - 1


@pytest.mark.parametrize("retry_after", [True, False], ids=["retry-after", "no-retry-after"])
def test_429s_from_an_unannounced_budget_are_waited_out(
    serve: ServeFactory, tmp_path: Path, retry_after: bool
) -> None:
    quirks = replace(
        FAST_REAL, rate_limit=10, rate_window=1.0, announce_budget=False, retry_after=retry_after
    )
    server = serve(quirks)
    summary = collect_from(server, tmp_path / "snap", max_rpm=6000)
    assert_matches_served(tmp_path / "snap", server)
    assert summary.rate_limited == server.count(status=429) > 0
    collections = manifest_of(tmp_path / "snap")["collections"]
    account = manifest_of(tmp_path / "snap")["account"]  # /api/v2/account, not a collection
    assert (
        sum(c["rate_limited"] for c in collections.values()) + account["rate_limited"]
        == summary.rate_limited
    )


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", status=503, path="/contacts", page=2),
        Fault("status", status=500, path="/agents", page=1, times=2),
        Fault("drop", path="/contacts", page=3),
        Fault("truncate", path="/agents", page=2),
        Fault("malformed", path="/companies", page=1),
        Fault("status", status=502, path="/admin/groups/101/agents"),
        Fault("drop", path="/agents/15"),
        Fault("truncate", request=2),
    ],
    ids=lambda f: f"{f.kind}{f.status if f.kind == 'status' else ''}@{f.path or f.request}",
)
def test_transient_faults_are_retried_without_loss(
    serve: ServeFactory, tmp_path: Path, fault: Fault
) -> None:
    server = serve(replace(FAST_REAL, faults=(fault,)))
    summary = collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    assert summary.retries == fault.times
    collections = manifest_of(tmp_path / "snap")["collections"]
    account = manifest_of(tmp_path / "snap")["account"]  # /api/v2/account, not a collection
    assert sum(c["retries"] for c in collections.values()) + account["retries"] == fault.times


@pytest.mark.parametrize(
    ("collection", "record", "new_name"),
    [
        ("contacts", 1000, "AAA moved to the front"),
        ("contacts", 1007, "zzz moved to the back"),
        ("agents", 21, "Aaron Moved"),
        ("companies", 7, "Zulu Company"),
    ],
)
def test_a_record_moving_between_pages_is_neither_lost_nor_duplicated(
    serve: ServeFactory, tmp_path: Path, collection: str, record: int, new_name: str
) -> None:
    move = MoveRecord(collection, record, after_page=1, new_name=new_name)
    server = serve(replace(FAST_REAL, move=move))
    collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    stats = manifest_of(tmp_path / "snap")["collections"][collection]
    assert "listed a second time" in stats["note"]


def test_an_agent_deactivated_while_the_listings_run_is_not_lost(
    serve: ServeFactory, tmp_path: Path
) -> None:
    """Deactivated after the active listing passed page 2, before it reached the agent's
    page: the agent must still be found, in the deactivated listing."""
    from tests.builders import agent, write_account

    data = write_account(
        tmp_path / "served",
        agents=[agent(10 + n, name=f"Agent {n:02d}") for n in range(20)],
        inactive_agents=[agent(90, name="Long Gone", active=False)],
    )
    leaver = 29  # "Agent 19", on the last of four pages
    server = serve(replace(FAST_REAL, deactivate=DeactivateAgent(leaver, after_page=2)), data=data)
    collect_from(server, tmp_path / "snap")
    assert leaver in server.account.inactive
    assert_matches_served(tmp_path / "snap", server)


def test_a_denied_collection_stops_the_run_or_is_recorded(
    tmp_path: Path, serve: ServeFactory
) -> None:
    data = small_account(tmp_path / "served")
    manifest = json.loads((data / "manifest.json").read_text())
    manifest["collections"]["agents_inactive"]["status"] = "denied"
    (data / "manifest.json").write_text(json.dumps(manifest))
    server = serve(FAST_REAL, data=data)
    with pytest.raises(AccessDenied, match=r"GET /api/v2/agents\?active=false"):
        collect_from(server, tmp_path / "strict")
    assert not (tmp_path / "strict" / "manifest.json").exists()
    collect_from(server, tmp_path / "lenient", allow_partial=True)
    stats = manifest_of(tmp_path / "lenient")["collections"]["agents_inactive"]
    assert (stats["status"], stats["records"]) == ("denied", 0)


def test_a_collection_that_keeps_failing_is_partial(tmp_path: Path, serve: ServeFactory) -> None:
    data = small_account(tmp_path / "served")
    manifest = json.loads((data / "manifest.json").read_text())
    manifest["collections"]["contacts"]["status"] = "partial"
    (data / "manifest.json").write_text(json.dumps(manifest))
    server = serve(FAST_REAL, data=data)
    with pytest.raises(CollectError, match="failed 4 times in a row"):
        collect_from(server, tmp_path / "strict")
    collect_from(server, tmp_path / "lenient", allow_partial=True)
    stats = manifest_of(tmp_path / "lenient")["collections"]["contacts"]
    assert (stats["status"], stats["records"]) == ("partial", 23)
    served = {r["id"] for r in server.views.contacts(None)}
    collected = (tmp_path / "lenient" / "contacts.jsonl").read_text().splitlines()
    assert {json.loads(line)["id"] for line in collected} == served


def test_only_per_agent_details_reveal_a_membership_of_a_deleted_group(
    serve: ServeFactory, tmp_path: Path
) -> None:
    from auditor.snapshot import read_snapshot
    from tests.builders import agent, group, write_account

    data = write_account(
        tmp_path / "served",
        agents=[
            agent(10, name="Anna", group_ids=[100]),
            # Group 999 was deleted; only this agent's own record still names it.
            agent(11, name="Ben", group_ids=[100, 999]),
        ],
        groups=[group(100, "Team", agent_ids=[10, 11])],
    )
    server = serve(FAST_REAL, data=data)
    collect_from(server, tmp_path / "cheapest")
    collect_from(server, tmp_path / "thorough", per_agent_memberships=True)
    cheapest = read_snapshot(tmp_path / "cheapest").agents[11].group_ids
    thorough = read_snapshot(tmp_path / "thorough").agents[11].group_ids
    assert (cheapest, thorough) == ([100], [100, 999])
    assert manifest_of(tmp_path / "thorough")["source"]["membership_route"] == "agent-details"
    assert manifest_of(tmp_path / "cheapest")["source"]["membership_route"] != "agent-details"
