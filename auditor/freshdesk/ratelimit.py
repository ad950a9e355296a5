"""The one rate governor: every request to Freshdesk starts only when it says so.

Freshdesk limits requests per account per minute, a budget shared with every other
integration of the account, and announces it on each response (`X-RateLimit-Total`,
`-Remaining`, `-Used-CurrentRequest`, in any letter case). The governor lets the first
request go alone to learn that budget, then spaces request starts evenly at
`min(announced, --max-rpm) * --budget-share` per window, less a small safety margin, and
slower still when `Remaining` shows other integrations spending the budget. On a 429 it
holds every request until `Retry-After` has passed or, without one, for a whole window.

Contacts list calls (`GET /contacts`) also keep to the listing's own sub-limit (see
`contacts_limit`): they have a lane of their own, paced and held apart, so while a contacts
page waits for its lane every other request goes on. A 429 on a contacts list call while
the account's budget has room left holds that lane only. The lane runs at the whole
sub-limit, with no margin: no header shows how much of it others use (what a margin of a
few calls could not cover anyway; the lane's own 429 hold and `--budget-share` do), and
timing jitter is ruled out exactly instead: a list call starts only once the call a
sub-limit before it was *answered* a whole window ago. The server counted that call at
some moment between its start and its answer, so it has left the server's window
whatever the latency did, and no window ever holds more than the sub-limit.

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

from auditor.freshdesk.contacts_limit import (
    DOCUMENTED_SUB_LIMITS,
    is_contacts_listing,
    learned_sub_limit,
    plan_sub_limit,
    with_add_on,
)
from auditor.freshdesk.failures import Abandoned

# Priorities: smaller goes first.
FIRST = 0
LISTING = 1
BULK = 2
# Calls asked for ahead of need (contact details while contacts are listed): they take
# only slots nothing else wants, so the calls the run waits for are never held up.
AHEAD = 3

DEFAULT_WINDOW = 60.0
# The lowest documented plan (trial: 50 requests/minute), assumed when a server
# announces no budget and the user gave no --max-rpm.
UNANNOUNCED_RPM = 50.0
# A contacts list call leaves the server's window this much of a window after the window
# itself (0.12 s of a minute): room for a server clock coarser than ours, or rounding.
WINDOW_CLEARANCE = 0.002


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
    # Seconds every request still waits after a 429 (0: none).
    held_for: float = 0.0
    # The contacts listing's sub-limit per window (None: not known), and where it came from.
    contacts_sub_limit: int | None = None
    contacts_sub_limit_source: str = ""
    # Seconds contacts list calls still wait after a 429 on them (0: none).
    contacts_held_for: float = 0.0
    contacts_rate_limited: int = 0
    contacts_awaiting_plan: bool = False


@dataclass
class _ListCall:
    """One contacts list call the lane let start; `answered` once its answer came (or it
    ended without one), None while in flight."""

    answered: float | None = None


class _ContactsLane:
    """The pace and holds of contacts list calls, apart from the account's."""

    def __init__(self) -> None:
        # Requests per window (None: no documented sub-limit known, not yet learned).
        self.sub_limit: int | None = None
        self.source = "not known"
        # Held until the plan is known (`expect_plan`), so no page outruns a low sub-limit.
        self.awaiting_plan = False
        self.next_start = -math.inf
        self.blocked_until = -math.inf
        self.starts: deque[float] = deque()
        # The latest list calls, oldest first: as many as the highest sub-limit are kept.
        self.calls: deque[_ListCall] = deque()
        self.rate_limited = 0


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
        self._queue: list[tuple[int, int, bool]] = []
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
        self._contacts = _ContactsLane()
        self._closed = False

    def close(self) -> None:
        """Refuse every waiting and future request (the run is stopping)."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    # -- the request lifecycle -------------------------------------------------

    @contextmanager
    def slot(self, priority: int = LISTING, *, path: str = "") -> Iterator["Slot"]:
        """Wait for a start slot for `path`; the caller reports the response with
        `Slot.record`."""
        contacts = is_contacts_listing(path)
        learner, call = self._acquire(priority, contacts)
        slot = Slot(self, learner, call)
        try:
            yield slot
        finally:
            if not slot.recorded:
                self._release(learner, call)

    def _acquire(self, priority: int, contacts: bool) -> tuple[bool, _ListCall | None]:
        entry = (priority, next(self._sequence), contacts)
        with self._condition:
            heapq.heappush(self._queue, entry)
            try:
                while True:
                    if self._closed:
                        raise Abandoned("the collection is stopping")
                    if self._learner_in_flight:
                        self._clock.wait(self._condition, None)
                        continue
                    now = self._clock.now()
                    lane_at = self._lane_ready_at(contacts)
                    if now < lane_at:
                        # Held by its own lane (until a plan is known, or for a while):
                        # others may start meanwhile.
                        held = None if lane_at == math.inf else lane_at - now
                        self._clock.wait(self._condition, held)
                        continue
                    if self._first_ready(now) != entry:
                        self._clock.wait(self._condition, None)
                        continue
                    start_at = max(self._next_start, self._blocked_until)
                    if now < start_at:
                        self._clock.wait(self._condition, start_at - now)
                        continue
                    self._queue.remove(entry)
                    heapq.heapify(self._queue)
                    return self._grant(now, contacts)
            except BaseException:
                if entry in self._queue:
                    self._queue.remove(entry)
                    heapq.heapify(self._queue)
                self._condition.notify_all()
                raise

    def _lane_ready_at(self, contacts: bool) -> float:
        """When a request's own lane lets it start (contacts list calls only)."""
        if not contacts:
            return -math.inf
        lane = self._contacts
        if lane.awaiting_plan:
            return math.inf
        return max(lane.next_start, lane.blocked_until, self._window_cleared_at())

    def _window_cleared_at(self) -> float:
        """When the call a window's worth of calls back has left any window the server
        may count it in: a window after its answer (inf while it is still in flight)."""
        per_window = self._contacts_per_window()
        calls = self._contacts.calls
        if per_window is None or len(calls) < per_window:
            return -math.inf
        answered = calls[-per_window].answered
        return math.inf if answered is None else answered + self._window * (1 + WINDOW_CLEARANCE)

    def _contacts_per_window(self) -> int | None:
        """Contacts list calls any window may hold: this run's share of the sub-limit."""
        limit = self._contacts.sub_limit
        return None if limit is None else max(1, math.floor(limit * self._share))

    def _first_ready(self, now: float) -> tuple[int, int, bool] | None:
        """The waiter served next: by priority and arrival, among those their lane lets go."""
        ready = (entry for entry in self._queue if self._lane_ready_at(entry[2]) <= now)
        return min(ready, default=None)

    def _grant(self, now: float, contacts: bool) -> tuple[bool, _ListCall | None]:
        interval = self._interval()
        # Keep to the schedule when a waiter woke a little late; never bank idle time.
        on_schedule = now - self._next_start < interval
        self._next_start = (self._next_start if on_schedule else now) + interval
        self._starts.append(now)
        self._forget_old_starts(now)
        call = None
        if contacts:
            lane = self._contacts
            lane_interval = self._contacts_interval()
            lane_on_schedule = now - lane.next_start < lane_interval
            lane.next_start = (lane.next_start if lane_on_schedule else now) + lane_interval
            lane.starts.append(now)
            call = _ListCall()
            lane.calls.append(call)
            while len(lane.calls) > max(DOCUMENTED_SUB_LIMITS):
                lane.calls.popleft()
        learner = not self._learned
        self._learner_in_flight = learner
        self._condition.notify_all()
        return learner, call

    def _release(self, learner: bool, call: _ListCall | None) -> None:
        """A request that ended without an answer: whatever the server counted of it, it
        counted before now."""
        with self._condition:
            if learner:
                self._learner_in_flight = False
            if call is not None and call.answered is None:
                call.answered = self._clock.now()
            self._condition.notify_all()

    def record(
        self,
        learner: bool,
        status: int,
        headers: Mapping[str, str],
        call: "_ListCall | None" = None,
    ) -> None:
        """Learn from one response: its budget headers and whether it was a 429. `call` is
        the contacts list call it answers (None for any other request)."""
        budget = read_budget(headers)
        contacts = call is not None
        with self._condition:
            now = self._clock.now()
            interval_before = self._interval()
            self._learned = True
            if learner:
                self._learner_in_flight = False
            if call is not None:
                call.answered = now
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
                until = now + (self._window if wait is None else wait)
                # The account's budget had room: the contacts sub-limit refused it.
                if contacts and budget.remaining != 0:
                    self._contacts_refused(now, until)
                else:
                    self._blocked_until = max(self._blocked_until, until)
            self._condition.notify_all()

    # -- the contacts lane ------------------------------------------------------------

    def expect_contacts_plan(self) -> None:
        """Hold contacts list calls until `set_contacts_plan` says what the plan allows."""
        with self._condition:
            self._contacts.awaiting_plan = True

    def set_contacts_plan(self, tier_type: object, why_unknown: str = "") -> None:
        """The plan's sub-limit from `/account` `tier_type` (None or unknown: learn it from
        the first 429 instead); releases the contacts list calls held for it."""
        with self._condition:
            lane = self._contacts
            lane.awaiting_plan = False
            limit = plan_sub_limit(tier_type)
            if limit is not None:
                limit = with_add_on(limit, self._budget)
                if lane.sub_limit is None or limit < lane.sub_limit:
                    lane.sub_limit = limit
                    lane.source = f"plan {tier_type}"
            elif lane.sub_limit is None:
                lane.source = why_unknown or f"plan {tier_type!r} has no documented sub-limit"
            self._condition.notify_all()

    def _contacts_refused(self, now: float, until: float) -> None:
        lane = self._contacts
        lane.rate_limited += 1
        lane.blocked_until = max(lane.blocked_until, until)
        # This was the n-th list call of the window: the sub-limit is below n. Refused
        # within the lowest documented sub-limit, others list contacts too (or an earlier
        # run's window lingers): a known plan stands, and the hold is enough.
        refused_at = sum(1 for start in lane.starts if start > now - self._window)
        learned = learned_sub_limit(refused_at)
        known = lane.sub_limit is not None
        if known and refused_at <= DOCUMENTED_SUB_LIMITS[0]:
            return
        if lane.sub_limit is None or learned < lane.sub_limit:
            lane.sub_limit = learned
            lane.source = f"learned from a 429 on list call {refused_at} of a window"

    def _contacts_interval(self) -> float:
        """Seconds between contacts list call starts (0: only the account's pace applies):
        the whole share of the sub-limit, spread evenly over the window (the answer-time
        rule of `_window_cleared_at`, not a margin, keeps every window within it)."""
        limit = self._contacts.sub_limit
        if limit is None:
            return 0.0
        return self._window / (limit * self._share)

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
        for starts in (self._starts, self._contacts.starts):
            while starts and starts[0] <= horizon:
                starts.popleft()

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
                held_for=max(0.0, self._blocked_until - now),
                contacts_sub_limit=self._contacts.sub_limit,
                contacts_sub_limit_source=self._contacts.source,
                contacts_held_for=max(0.0, self._contacts.blocked_until - now),
                contacts_rate_limited=self._contacts.rate_limited,
                contacts_awaiting_plan=self._contacts.awaiting_plan,
            )


class Slot:
    """One granted start; `record` hands the response's headers back to the governor."""

    def __init__(
        self, governor: RateGovernor, learner: bool, call: _ListCall | None = None
    ) -> None:
        self._governor = governor
        self._learner = learner
        self._call = call
        self.recorded = False

    def record(self, status: int, headers: Mapping[str, str]) -> None:
        self.recorded = True
        self._governor.record(self._learner, status, headers, self._call)
