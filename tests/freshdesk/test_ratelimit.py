"""The rate governor, on a fake clock: pacing, budget share, Remaining, 429s, priorities."""

import itertools
import threading
import time
from collections.abc import Mapping

import pytest

from auditor.freshdesk.failures import Abandoned
from auditor.freshdesk.ratelimit import (
    BULK,
    LISTING,
    RateGovernor,
    SystemClock,
    read_budget,
    retry_after_seconds,
)


class FakeClock:
    """Time stands still until the governor waits; a wait without a timeout is a deadlock."""

    def __init__(self) -> None:
        self.time = 0.0

    def now(self) -> float:
        return self.time

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        if timeout is None:
            raise AssertionError("the governor would wait for another request forever")
        self.time += timeout


class WaitersClock(SystemClock):
    """Real time, telling which threads have come to wait in the governor's queue."""

    def __init__(self) -> None:
        self.waiting: set[str] = set()
        self.arrived = threading.Condition()

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        with self.arrived:
            self.waiting.add(threading.current_thread().name)
            self.arrived.notify_all()
        super().wait(condition, timeout)

    def until_waiting(self, name: str) -> None:
        """Return once thread `name` waits for its slot (so it is queued)."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: name in self.waiting, 30), f"{name} never queued"


def budget(total: int, remaining: int, used: int = 1) -> Mapping[str, str]:
    return {
        "X-RateLimit-Total": str(total),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Used-CurrentRequest": str(used),
    }


def run(governor: RateGovernor, clock: FakeClock, count: int, total: int) -> list[float]:
    """Start `count` requests one after another, each answered at once; their start times."""
    starts = []
    for _ in range(count):
        with governor.slot() as slot:
            starts.append(clock.time)
            recent = sum(1 for s in starts if s > clock.time - 60)
            slot.record(200, budget(total, max(0, total - recent)))
    return starts


def most_in_any_window(starts: list[float], window: float) -> int:
    return max(sum(1 for s in starts if first <= s < first + window) for first in starts)


def test_the_first_request_goes_alone_to_learn_the_budget() -> None:
    clock = FakeClock()
    governor = RateGovernor(clock=clock)
    with governor.slot() as first:
        with pytest.raises(AssertionError, match="forever"), governor.slot():
            pass
        first.record(200, budget(700, 699))
    with governor.slot():
        assert clock.time == pytest.approx(60 / (700 * 0.98 - 1))


def test_starts_are_paced_evenly_below_the_announced_budget() -> None:
    clock = FakeClock()
    starts = run(RateGovernor(clock=clock), clock, 300, total=120)
    gaps = {round(b - a, 6) for a, b in itertools.pairwise(starts[1:])}
    assert gaps == {round(60 / (120 * 0.98 - 1), 6)}
    assert most_in_any_window(starts, 60) < 120


@pytest.mark.parametrize(
    ("options", "per_minute"),
    [
        ({"budget_share": 0.5}, 60),
        ({"max_rpm": 30}, 30),
        ({"max_rpm": 500, "budget_share": 0.5}, 60),
    ],
)
def test_max_rpm_and_budget_share_lower_the_pace(
    options: dict[str, float], per_minute: int
) -> None:
    clock = FakeClock()
    starts = run(RateGovernor(clock=clock, **options), clock, 200, total=120)
    assert most_in_any_window(starts, 60) < per_minute
    assert most_in_any_window(starts, 60) >= per_minute * 0.95 - 2


def test_it_slows_down_when_other_integrations_use_the_budget() -> None:
    clock = FakeClock()
    governor = RateGovernor(clock=clock)
    starts = []
    for _ in range(200):
        with governor.slot() as slot:
            starts.append(clock.time)
            ours = sum(1 for s in starts if s > clock.time - 60)
            # Another integration steadily uses 80 of the 120 requests per minute.
            slot.record(200, budget(120, max(0, 120 - 80 - ours)))
    assert most_in_any_window(starts[50:], 60) <= 40


def test_a_429_waits_retry_after() -> None:
    clock = FakeClock()
    governor = RateGovernor(clock=clock, max_rpm=6000)
    with governor.slot() as slot:
        slot.record(429, {"Retry-After": "7"})
    with governor.slot():
        assert clock.time == pytest.approx(7)


def test_a_429_without_retry_after_waits_for_the_window_to_reset() -> None:
    clock = FakeClock()
    governor = RateGovernor(clock=clock, window=2.0, max_rpm=6000)
    with governor.slot() as slot:
        slot.record(429, {})
    with governor.slot():
        assert clock.time == pytest.approx(2.0)


def test_a_costly_request_leaves_room_after_it() -> None:
    clock = FakeClock()
    governor = RateGovernor(clock=clock)
    with governor.slot() as slot:
        slot.record(200, budget(60, 57, used=3))
    with governor.slot():
        assert clock.time == pytest.approx(3 * 60 / (60 * 0.98 - 1))


def test_header_names_match_in_any_case() -> None:
    seen = read_budget(
        {
            "x-ratelimit-total": "700",
            "X-RATELIMIT-REMAINING": "12",
            "x-RateLimit-Used-CurrentRequest": "1",
        }
    )
    assert (seen.total, seen.remaining, seen.used) == (700, 12, 1)
    assert read_budget({}).total is None


def test_retry_after_as_seconds_or_http_date() -> None:
    assert retry_after_seconds({"retry-after": "12"}) == 12
    assert (
        retry_after_seconds(
            {
                "Retry-After": "Wed, 30 Sep 2026 18:00:30 GMT",
                "Date": "Wed, 30 Sep 2026 18:00:00 GMT",
            }
        )
        == 30
    )
    assert retry_after_seconds({}) is None


def test_listing_pages_go_before_queued_per_record_calls() -> None:
    clock = WaitersClock()
    governor = RateGovernor(window=1.0, clock=clock)
    order: list[str] = []

    def request(name: str, priority: int) -> None:
        with governor.slot(priority) as slot:
            order.append(name)
            slot.record(200, budget(1000, 900))

    with governor.slot() as learner:
        bulk = threading.Thread(target=request, args=("bulk", BULK), name="bulk")
        listing = threading.Thread(target=request, args=("listing", LISTING), name="listing")
        bulk.start()
        clock.until_waiting("bulk")
        listing.start()
        clock.until_waiting("listing")  # queued after the bulk call, both behind the learner
        learner.record(200, budget(1000, 999))
    bulk.join(5)
    listing.join(5)
    assert order == ["listing", "bulk"]


def test_closing_releases_every_waiter() -> None:
    governor = RateGovernor(window=1.0)
    failures: list[BaseException] = []

    def wait() -> None:
        try:
            with governor.slot():
                pass
        except Abandoned as error:
            failures.append(error)

    with governor.slot():
        waiter = threading.Thread(target=wait)
        waiter.start()
        time.sleep(0.05)
        governor.close()
        waiter.join(5)
    assert len(failures) == 1


@pytest.mark.parametrize(
    ("options", "total", "per_minute"),
    [
        ({"max_rpm": 20, "window": 1.0}, 3000, 20),
        ({"budget_share": 0.004}, 120, 0.48),
    ],
    ids=["max-rpm-below-one-per-window", "tiny-share-of-the-budget"],
)
def test_a_tiny_allowance_is_never_exceeded(
    options: dict[str, float], total: int, per_minute: float
) -> None:
    clock = FakeClock()
    starts = run(RateGovernor(clock=clock, **options), clock, 12, total=total)
    # The first request goes before the budget is known; count the paced ones after it.
    paced = starts[1:]
    assert (len(paced) - 1) * 60 / (paced[-1] - paced[0]) <= per_minute


def test_a_garbled_cost_header_does_not_stall_the_run() -> None:
    clock = FakeClock()
    governor = RateGovernor(clock=clock)
    with governor.slot() as slot:
        slot.record(200, budget(600, 599, used=99_999_999))
    with governor.slot():
        # At most the whole window's budget is charged for one request.
        assert clock.time <= 60 * 1.05
