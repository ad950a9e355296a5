"""Collect over loopback from a fake account that enforces the contacts sub-limit: the
snapshot is complete, and 429s stay at none (plan known) or the one that teaches it."""

import json
import threading
import time
from dataclasses import replace
from pathlib import Path

from auditor.fake import Fault, Quirks
from tests.fake.accounts import (
    TEST_QUIRKS,
    ServeFactory,
    assert_matches_served,
    collect_from,
    data_records,
    small_account,
)
from tests.freshdesk.governors import WatchedGovernor

# Growth: 20 contacts list calls per (half-second) window, well below the account's 3000.
GROWTH = replace(TEST_QUIRKS, rate_window=0.5, contacts_sub_limit=20, tier_type="Garden")
CONTACT_PAGES = 60  # at 5 a page: three windows' worth of contacts list calls


def contacts_rate_limited(snapshot: Path) -> int:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    return int(manifest["collections"]["contacts"]["rate_limited"])


def test_a_known_plan_lists_contacts_without_a_429(
    serve: ServeFactory, tmp_path: Path, governors: list[WatchedGovernor]
) -> None:
    server = serve(GROWTH, data=small_account(tmp_path / "big", contacts=CONTACT_PAGES * 5 - 1))
    started = time.monotonic()
    summary = collect_from(server, tmp_path / "snap")
    wall = time.monotonic() - started
    assert server.count(status=429) == 0
    assert summary.rate_limited == 0
    assert_matches_served(tmp_path / "snap", server)
    # 60 list calls at 20 per half second take at least ~1.5 s (a slow machine only adds),
    # paced by the plan's sub-limit, not by one learned from a 429.
    assert wall > 1.3
    [governor] = governors
    status = governor.status()
    assert (status.contacts_sub_limit, status.contacts_sub_limit_source) == (20, "plan Garden")
    # The other listings ran beside them, not after: the server answered some of their
    # requests between the first and the last contacts list call.
    numbers = [r.number for r in server.requests if r.path == "/contacts"]
    others = [r for r in server.requests if not r.path.startswith("/contacts")]
    assert any(min(numbers) < r.number < max(numbers) for r in others)
    # No 429 and no retry: the pages, and at most the one fetched ahead past the end.
    pages = -(-len(server.views.contacts(None)) // 5)
    assert pages <= server.count("/contacts") <= pages + 1


def test_an_unknown_plan_learns_the_sub_limit_from_its_first_429(
    serve: ServeFactory, tmp_path: Path
) -> None:
    # A 429 comes only if 21 list calls arrive within one window, however slow the machine:
    # a one-second window needs a call every 47 ms at least; the half second of GROWTH
    # needed one every 24 ms, which a loaded machine came close to (load 7 on two cores).
    quirks = replace(GROWTH, rate_window=1.0, account_endpoint="forbidden")
    server = serve(quirks, data=small_account(tmp_path / "big", contacts=CONTACT_PAGES * 5 - 1))
    summary = collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    # The one that taught the sub-limit, and at most the page fetched ahead beside it.
    assert 1 <= server.count("/contacts", status=429) <= 2
    assert server.count(status=429) == server.count("/contacts", status=429)
    assert contacts_rate_limited(tmp_path / "snap") == summary.rate_limited


def test_without_the_sub_limit_contacts_keep_the_account_pace(
    serve: ServeFactory, tmp_path: Path, governors: list[WatchedGovernor]
) -> None:
    """The fake's Enterprise plan allows 200 per window: 60 pages need not wait."""
    quirks: Quirks = replace(GROWTH, tier_type="Forest", contacts_sub_limit=200)
    server = serve(quirks, data=small_account(tmp_path / "big", contacts=CONTACT_PAGES * 5 - 1))
    collect_from(server, tmp_path / "snap")
    assert server.count(status=429) == 0
    # The lane's pace is the plan's (one call per 2.5 ms), not Growth's 25 ms: read from the
    # governor rather than timed, which a loaded machine would slow.
    [governor] = governors
    status = governor.status()
    assert (status.contacts_sub_limit, status.contacts_sub_limit_source) == (200, "plan Forest")
    assert status.contacts_rate_limited == 0


def test_contact_details_are_read_while_the_listing_waits(
    serve: ServeFactory, tmp_path: Path
) -> None:
    """Real listings lack `view_all_tickets`; every contact here works outside its
    company's domain, so each needs its detail, which need not wait for the last page:
    the listing's last pages are held until 100 details have been asked for."""
    quirks = replace(GROWTH, contact_access="detail")
    server = serve(quirks, data=small_account(tmp_path / "big", contacts=CONTACT_PAGES * 5 - 1))
    arrived = threading.Condition()
    details_asked = 0
    held_in_vain: list[int] = []
    take_fault = server.take_fault

    def enough_details() -> bool:
        return details_asked >= 100

    def hold_the_last_pages(number: int, path: str, page: int | None) -> Fault | None:
        nonlocal details_asked
        with arrived:
            if path.startswith("/contacts/"):
                details_asked += 1
                arrived.notify_all()
            # Held by the details' arrival, not for a time: however slowly they come (the
            # bound only ends a run whose details wait for the listing's end).
            last_pages = path == "/contacts" and (page or 0) > CONTACT_PAGES - 10
            if last_pages and not held_in_vain and not arrived.wait_for(enough_details, 60):
                held_in_vain.append(page or 0)
        return take_fault(number, path, page)

    # The handler asks every request's fault here, after its rate limit, before routing.
    server.take_fault = hold_the_last_pages  # type: ignore[method-assign]
    collect_from(server, tmp_path / "snap")
    assert held_in_vain == [], "the details waited for the listing's end"
    assert server.count(status=429) == 0
    listed = {r["id"] for r in server.views.contacts(None)}
    details = data_records(tmp_path / "snap", "contact_details.jsonl")
    assert sorted(r["id"] for r in details) == sorted(listed)
    detail_calls = [r for r in server.requests if r.path.startswith("/contacts/")]
    assert len(detail_calls) == len(listed)  # each once: the final pass found them stored
