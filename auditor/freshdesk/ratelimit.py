"""The one rate governor: every request to Freshdesk starts only when it says so.

Freshdesk limits requests per account per minute, a budget shared with every other
integration of the account, and announces it on each response (`X-RateLimit-Total`,
`-Remaining`, `-Used-CurrentRequest`, in any letter case). The governor lets the first
request go alone to learn that budget, then spaces request starts evenly at
`min(announced, --max-rpm) * --budget-share` per window, less a small safety margin, and
slower still when `Remaining` shows other integrations spending the budget. On a 429 it
holds every request until `Retry-After` has passed or, without one, for a whole window.

Waiting requests are served by priority (lower first), then in arrival order, so a
paginated listing, whose next page cannot start before the previous one is known, is
never starved by a queue of independent per-record calls.
"""

import heapq
import itertools
import math
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol

from auditor.freshdesk.failures import Abandoned

# Priorities: smaller goes first.
FIRST = 0
LISTING = 1
BULK = 2

DEFAULT_WINDOW = 60.0
# The lowest documented plan (trial: 50 requests/minute), assumed when a server
# announces no budget and the user gave no --max-rpm.
UNANNOUNCED_RPM = 50.0


class Clock(Protocol):
    """Time as the governor sees it; tests substitute a fake one."""

    def now(self) -> float: ...

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        """Wait on `condition` (held by the caller) for at most `timeout` seconds."""


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        condition.wait(timeout)


@dataclass(frozen=True)
class BudgetHeaders:
    """The rate-limit headers of one response; None where a header is absent or garbled."""

    total: int | None
    remaining: int | None
    used: int | None


def read_budget(headers: Mapping[str, str]) -> BudgetHeaders:
    lowered = {name.lower(): value for name, value in headers.items()}

    def number(name: str) -> int | None:
        value = lowered.get(name, "").strip()
        return int(value) if value.isdigit() else None

    return BudgetHeaders(
        total=number("x-ratelimit-total"),
        remaining=number("x-ratelimit-remaining"),
        used=number("x-ratelimit-used-currentrequest"),
    )


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """`Retry-After` as seconds (it may be a number or an HTTP date), or None without one."""
    lowered = {name.lower(): value for name, value in headers.items()}
    value = lowered.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
        reference = parsedate_to_datetime(lowered["date"]) if "date" in lowered else None
    except (TypeError, ValueError, IndexError):
        return None
    if reference is None:
        return None
    return max(0.0, (moment - reference).total_seconds())


@dataclass(frozen=True)
class GovernorStatus:
    """What the progress display shows about the budget."""

    budget: int | None
    remaining: int | None
    allowed_per_window: float
    window: float
    started_last_minute: int
    rate_limited: int


class RateGovernor:
    """Paces request starts across threads so the account's budget is never exceeded."""

    def __init__(
        self,
        *,
        max_rpm: float | None = None,
        budget_share: float = 1.0,
        window: float = DEFAULT_WINDOW,
        margin: float = 0.02,
        clock: Clock | None = None,
    ) -> None:
        if not 0 < budget_share <= 1:
            raise ValueError("budget_share must be in (0, 1]")
        self._max_rpm = max_rpm
        self._share = budget_share
        self._window = window
        self._margin = margin
        self._clock = clock or SystemClock()
        self._condition = threading.Condition()
        self._queue: list[tuple[int, int]] = []
        self._sequence = itertools.count()
        self._next_start = -math.inf
        self._blocked_until = -math.inf
        self._budget: int | None = None
        self._remaining: int | None = None
        self._learned = False
        self._learner_in_flight = False
        self._others = 0.0
        self._starts: deque[float] = deque()
        self._rate_limited = 0
        self._closed = False

    def close(self) -> None:
        """Refuse every waiting and future request (the run is stopping)."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    # -- the request lifecycle -------------------------------------------------

    @contextmanager
    def slot(self, priority: int = LISTING) -> Iterator["Slot"]:
        """Wait for a start slot; the caller reports the response with `Slot.record`."""
        learner = self._acquire(priority)
        slot = Slot(self, learner)
        try:
            yield slot
        finally:
            if not slot.recorded:
                self._release_learner(learner)

    def _acquire(self, priority: int) -> bool:
        entry = (priority, next(self._sequence))
        with self._condition:
            heapq.heappush(self._queue, entry)
            try:
                while True:
                    if self._closed:
                        raise Abandoned("the collection is stopping")
                    if self._queue[0] != entry or self._learner_in_flight:
                        self._clock.wait(self._condition, None)
                        continue
                    now = self._clock.now()
                    start_at = max(self._next_start, self._blocked_until)
                    if now < start_at:
                        self._clock.wait(self._condition, start_at - now)
                        continue
                    heapq.heappop(self._queue)
                    return self._grant(now)
            except BaseException:
                if entry in self._queue:
                    self._queue.remove(entry)
                    heapq.heapify(self._queue)
                self._condition.notify_all()
                raise

    def _grant(self, now: float) -> bool:
        interval = self._interval()
        # Keep to the schedule when a waiter woke a little late; never bank idle time.
        on_schedule = now - self._next_start < interval
        self._next_start = (self._next_start if on_schedule else now) + interval
        self._starts.append(now)
        self._forget_old_starts(now)
        learner = not self._learned
        self._learner_in_flight = learner
        self._condition.notify_all()
        return learner

    def _release_learner(self, learner: bool) -> None:
        if learner:
            with self._condition:
                self._learner_in_flight = False
                self._condition.notify_all()

    def record(self, learner: bool, status: int, headers: Mapping[str, str]) -> None:
        """Learn from one response: its budget headers and whether it was a 429."""
        budget = read_budget(headers)
        with self._condition:
            now = self._clock.now()
            interval_before = self._interval()
            self._learned = True
            if learner:
                self._learner_in_flight = False
            if budget.total is not None and budget.total > 0:
                self._budget = budget.total
            # What this request cost beyond one start; no request costs more than the whole
            # window's budget, so a garbled header cannot stall the run.
            limit = self._budget or math.ceil(self.allowed_per_window())
            extra = max(0, min(budget.used or 1, limit) - 1)
            self._starts.extend([now] * extra)
            if budget.remaining is not None:
                self._remaining = budget.remaining
                self._estimate_others(budget, now)
            # The slot already promised to the next request moves with the new pace (the
            # first answer usually replaces a guess with the announced budget).
            self._next_start += self._interval() - interval_before
            # This request cost several units: leave the extra room after it.
            self._next_start += extra * self._interval()
            if status == 429:
                self._rate_limited += 1
                wait = retry_after_seconds(headers)
                self._blocked_until = max(
                    self._blocked_until, now + (self._window if wait is None else wait)
                )
            self._condition.notify_all()

    # -- how fast -------------------------------------------------------------

    def _estimate_others(self, budget: BudgetHeaders, now: float) -> None:
        """Other integrations' use of the window: what the server counted beyond our own."""
        total = budget.total or self._budget
        if total is None or budget.remaining is None:
            return
        ours = sum(1 for start in self._starts if start > now - self._window)
        self._others = max(0.0, float(total - budget.remaining - ours))

    def _forget_old_starts(self, now: float) -> None:
        horizon = now - max(self._window, 60.0)
        while self._starts and self._starts[0] <= horizon:
            self._starts.popleft()

    def allowed_per_window(self) -> float:
        """Request starts per window this run may use, safety margin included."""
        if self._budget is not None:
            ceiling = float(self._budget)
        elif self._max_rpm is not None:
            ceiling = self._max_rpm * self._window / 60
        else:
            ceiling = UNANNOUNCED_RPM * self._window / 60
        if self._max_rpm is not None:
            ceiling = min(ceiling, self._max_rpm * self._window / 60)
        share = ceiling * self._share
        available = share
        if self._budget is not None:
            available = min(share, self._budget - self._others)
        # A margin for timing jitter between our clock and the server's window; when a
        # whole request of margin would leave (next to) nothing, a trickle that still
        # stays within the user's share.
        return max(available * (1 - self._margin) - 1, min(0.5, share / 2))

    def _interval(self) -> float:
        return self._window / self.allowed_per_window()

    def status(self) -> GovernorStatus:
        with self._condition:
            now = self._clock.now()
            return GovernorStatus(
                budget=self._budget,
                remaining=self._remaining,
                allowed_per_window=self.allowed_per_window(),
                window=self._window,
                started_last_minute=sum(1 for start in self._starts if start > now - 60),
                rate_limited=self._rate_limited,
            )


class Slot:
    """One granted start; `record` hands the response's headers back to the governor."""

    def __init__(self, governor: RateGovernor, learner: bool) -> None:
        self._governor = governor
        self._learner = learner
        self.recorded = False

    def record(self, status: int, headers: Mapping[str, str]) -> None:
        self.recorded = True
        self._governor.record(self._learner, status, headers)
