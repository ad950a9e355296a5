"""The contacts listing's sub-limit in the governor: its own pace and holds, apart from
the account's, from the plan or learned from a 429."""

import random
import threading
import time

import pytest

from auditor.freshdesk.contacts_limit import is_contacts_listing, learned_sub_limit, plan_sub_limit
from auditor.freshdesk.ratelimit import RateGovernor
from tests.freshdesk.test_ratelimit import FakeClock, WaitersClock, budget

CONTACTS = "/contacts"


def learned(clock: FakeClock, total: int = 700, **options: float) -> RateGovernor:
    """A governor that has seen one answer announcing `total` per window."""
    governor = RateGovernor(clock=clock, **options)
    with governor.slot(path="/agents/me") as slot:
        slot.record(200, budget(total, total - 1))
    return governor


def start(governor: RateGovernor, clock: FakeClock, path: str, status: int = 200) -> float:
    with governor.slot(path=path) as slot:
        started = clock.time
        headers = dict(budget(700, 699))
        if status == 429:
            headers["Retry-After"] = "30"
        slot.record(status, headers)
    return started


def test_contacts_list_calls_keep_to_the_plan_while_others_keep_the_account_pace() -> None:
    clock = FakeClock()
    governor = learned(clock)
    governor.set_contacts_plan("Garden")  # Growth: 20 contacts list calls a minute
    first = start(governor, clock, CONTACTS)
    others = [start(governor, clock, "/agents") for _ in range(10)]
    second = start(governor, clock, "/contacts")
    account_interval = 60 / (700 * 0.98 - 1)
    assert others[-1] - first == pytest.approx(10 * account_interval)
    assert second - first == pytest.approx(60 / 20)
    # A contact's detail is not a list call: it keeps the account's pace.
    detail = start(governor, clock, "/contacts/42")
    assert detail - second == pytest.approx(account_interval)


def test_a_429_on_contacts_holds_only_the_contacts_lane() -> None:
    clock = FakeClock()
    governor = learned(clock)
    governor.set_contacts_plan("Forest")
    refused = start(governor, clock, CONTACTS, status=429)
    other = start(governor, clock, "/companies")
    assert other - refused < 1
    assert governor.status().contacts_held_for == pytest.approx(30 - (other - refused))
    assert start(governor, clock, CONTACTS) == pytest.approx(refused + 30)
    assert governor.status().contacts_rate_limited == 1


def test_a_429_with_the_account_budget_spent_holds_everything() -> None:
    clock = FakeClock()
    governor = learned(clock)
    with governor.slot(path=CONTACTS) as slot:
        refused = clock.time
        slot.record(429, {**budget(700, 0), "Retry-After": "30"})
    # (Remaining 0 also tells of others spending the budget: the pace drops after it too.)
    assert start(governor, clock, "/companies") >= refused + 30


def test_others_start_while_a_contacts_page_waits() -> None:
    """Threads on the real clock: a held contacts page does not hold the queue behind it."""
    clock = WaitersClock()
    governor = RateGovernor(window=1.0, clock=clock)
    with governor.slot(path="/agents/me") as slot:
        slot.record(200, budget(1000, 999))
    governor.set_contacts_plan("Forest")
    with governor.slot(path=CONTACTS) as slot:
        slot.record(429, {**budget(1000, 900), "Retry-After": "1"})
    events: list[tuple[str, float]] = []

    def contacts_page() -> None:
        with governor.slot(path=CONTACTS) as slot:
            events.append(("contacts", time.monotonic()))
            slot.record(200, budget(1000, 900))

    waiting = threading.Thread(target=contacts_page, name="contacts")
    waiting.start()
    clock.until_waiting("contacts")  # the contacts page is queued first
    for _ in range(10):
        with governor.slot(path="/agents") as slot:
            events.append(("agents", time.monotonic()))
            slot.record(200, budget(1000, 900))
    waiting.join(5)
    assert [name for name, _ in events] == ["agents"] * 10 + ["contacts"]


def test_contacts_wait_for_the_plan_when_told_to() -> None:
    governor = RateGovernor(window=1.0)
    with governor.slot(path="/agents/me") as slot:
        slot.record(200, budget(700, 699))
    governor.expect_contacts_plan()
    order: list[str] = []

    def request(path: str) -> None:
        with governor.slot(path=path) as slot:
            order.append(path)
            slot.record(200, budget(700, 699))

    held = threading.Thread(target=request, args=(CONTACTS,))
    held.start()
    time.sleep(0.1)
    request("/roles")
    assert order == ["/roles"]
    governor.set_contacts_plan("Estate")
    held.join(5)
    assert order == ["/roles", CONTACTS]
    assert governor.status().contacts_sub_limit == 100


def test_an_unknown_plan_learns_the_sub_limit_from_one_429() -> None:
    """A server allowing 20 contacts list calls per sliding minute; the plan is not known."""
    clock = FakeClock()
    governor = learned(clock)
    governor.set_contacts_plan(None, "/api/v2/account answered 403")
    served: list[float] = []
    refused = 0
    for _ in range(80):
        with governor.slot(path=CONTACTS) as slot:
            recent = [s for s in served if s > clock.time - 60]
            if len(recent) >= 20:
                refused += 1
                slot.record(
                    429, {**budget(700, 600), "Retry-After": str(60 - (clock.time - recent[0]))}
                )
            else:
                served.append(clock.time)
                slot.record(200, budget(700, 600))
    assert refused == 1
    status = governor.status()
    assert status.contacts_sub_limit == 20
    assert "learned from a 429" in status.contacts_sub_limit_source


def test_an_add_on_budget_raises_the_sub_limit() -> None:
    clock = FakeClock()
    governor = learned(clock, total=2000)
    governor.set_contacts_plan("Forest")
    assert governor.status().contacts_sub_limit == 400


def test_plans_and_list_calls() -> None:
    assert [plan_sub_limit(t) for t in ("Blossom", "garden", "Estate", "Forest")] == [
        20,
        20,
        100,
        200,
    ]
    assert plan_sub_limit("Sprout") is None
    assert plan_sub_limit(None) is None
    assert is_contacts_listing("/contacts")
    assert is_contacts_listing("/contacts?page=2")
    assert not is_contacts_listing("/contacts/7")
    assert not is_contacts_listing("/companies")
    assert learned_sub_limit(21) == 20
    assert learned_sub_limit(150) == 100
    # Refused below every documented sub-limit: others use it too; assume the lowest.
    assert learned_sub_limit(5) == 20


def test_the_lane_runs_at_the_whole_sub_limit_and_no_window_holds_more() -> None:
    """Answers take 0-0.25 s and the server counts each call at its answer (the latest it
    can): the lane still uses all 200 calls a minute, and never gets a 429."""
    clock = FakeClock()
    governor = learned(clock)
    governor.set_contacts_plan("Forest")
    jitter = random.Random(7)
    counted: list[float] = []
    starts = []
    for _ in range(1000):
        with governor.slot(path=CONTACTS) as slot:
            starts.append(clock.time)
            clock.time += jitter.uniform(0, 0.25)
            in_window = [moment for moment in counted if moment > clock.time - 60]
            status = 429 if len(in_window) >= 200 else 200
            if status == 200:
                counted.append(clock.time)
            slot.record(status, budget(700, 600))
    assert governor.status().contacts_rate_limited == 0
    # 999 intervals of 60/200 s, plus one latency and the clearance per window at most.
    paced = 999 * 60 / 200
    assert paced <= starts[-1] - starts[0] <= paced + 4 * (0.25 + 60 * 0.002) + 0.01


def test_a_list_call_in_flight_a_window_back_holds_the_lane_until_a_window_after_it() -> None:
    """Threads on the real clock (a window of 1 s, 20 calls in it): the 21st call waits
    until a window after the first one ended, which ended without an answer."""
    governor = RateGovernor(window=1.0)
    with governor.slot(path="/agents/me") as slot:
        slot.record(200, budget(700, 699))
    governor.set_contacts_plan("Garden")
    first_started = threading.Event()
    ended: list[float] = []

    def unanswered_call() -> None:
        with governor.slot(path=CONTACTS):
            first_started.set()
            time.sleep(1.5)  # then the connection drops: no answer to record
            ended.append(time.monotonic())

    first = threading.Thread(target=unanswered_call)
    first.start()
    first_started.wait(5)
    for _ in range(19):
        with governor.slot(path=CONTACTS) as slot:
            slot.record(200, budget(700, 600))
    with governor.slot(path=CONTACTS) as slot:
        twenty_first = time.monotonic()
        slot.record(200, budget(700, 600))
    first.join(5)
    assert twenty_first >= ended[0] + 1.0
