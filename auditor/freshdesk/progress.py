"""Progress of a collection on stderr: what is being collected, records, pages, requests
per minute, budget, 429 waits and ETA.

On a terminal the line is redrawn a few times a second. Off a terminal (a log, CI) a plain
line is printed every `plain_every` seconds, and soon after a new 429 hold, so a long run
is never silent; a run shorter than that prints only the command's summary at the end.
"""

import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.text import Text

from auditor.freshdesk.checkpoint import StoredPage
from auditor.freshdesk.client import RequestCounters
from auditor.freshdesk.ratelimit import GovernorStatus, RateGovernor

# Off a terminal: a line this often, and after a new 429 no sooner than this after the last.
PLAIN_EVERY = 30.0
PLAIN_AFTER_429 = 5.0
# Names of per-record calls and per-group listings by their checkpoint key prefix.
_ONE_BY_ONE = {
    "contact": "contact details",
    "agent": "agent details",
    "group": "group details",
    "members": "group members",
}


def activity_name(key: str) -> str:
    """What a checkpoint key is collecting, as the progress line names it."""
    prefix, _, rest = key.rpartition(".")
    if prefix and rest.isdigit():
        return _ONE_BY_ONE.get(prefix, prefix)
    return key


class CollectProgress:
    """Counts pages as they arrive; renders a one-line status while the run goes on."""

    def __init__(
        self,
        governor: RateGovernor,
        counters: RequestCounters,
        *,
        enabled: bool | None = None,
        plain_every: float = PLAIN_EVERY,
    ) -> None:
        self._governor = governor
        self._counters = counters
        self._enabled = enabled is not False
        self._live_wanted = sys.stderr.isatty() if enabled is None else enabled
        self._plain_every = plain_every
        self._lock = threading.Lock()
        self._records = 0
        self._pages = 0
        self._pending_known = 0
        self._listing_done = False
        self._active: Counter[str] = Counter()
        self._started = time.monotonic()
        self._live: Live | None = None
        self._stop = threading.Event()
        self._plain: threading.Thread | None = None

    def page(self, stored: StoredPage) -> None:
        with self._lock:
            self._records += len(stored.records)
            self._pages += 1
            self._pending_known = max(0, self._pending_known - stored.cost.requests)

    def expect(self, requests: int) -> None:
        """Requests still known to be needed (per-agent and per-group calls)."""
        with self._lock:
            self._pending_known = requests

    def listings_done(self) -> None:
        """Every listing has ended: what remains is known, so the ETA is a real estimate."""
        with self._lock:
            self._listing_done = True

    @contextmanager
    def working(self, key: str) -> Iterator[None]:
        """While a listing or call with this checkpoint key runs, the line names it."""
        name = activity_name(key)
        with self._lock:
            self._active[name] += 1
        try:
            yield
        finally:
            with self._lock:
                self._active[name] -= 1
                if self._active[name] <= 0:
                    del self._active[name]

    def __enter__(self) -> "CollectProgress":
        if not self._enabled:
            return self
        if self._live_wanted:
            self._live = Live(
                self, console=Console(stderr=True), refresh_per_second=4, transient=True
            )
            self._live.__enter__()
        else:
            self._plain = threading.Thread(
                target=self._print_plain_lines, name="progress", daemon=True
            )
            self._plain.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._plain is not None:
            self._plain.join()
        if self._live is not None:
            self._live.__exit__(kind, error, trace)

    def _print_plain_lines(self) -> None:
        last_line = time.monotonic()
        limited = 0
        tick = min(1.0, self._plain_every)
        while not self._stop.wait(tick):
            now = time.monotonic()
            rate_limited = self._governor.status().rate_limited
            new_429 = rate_limited > limited and now - last_line >= PLAIN_AFTER_429
            if now - last_line >= self._plain_every or new_429:
                limited = rate_limited
                last_line = now
                print(self.line(), file=sys.stderr, flush=True)

    def __rich__(self) -> Text:
        return Text(self.line())

    def line(self) -> str:
        status = self._governor.status()
        with self._lock:
            records, pages, pending = self._records, self._pages, self._pending_known
            listing_done = self._listing_done
            active = list(self._active)
        parts = [
            f"Collecting: {records:,} records",
            f"{pages:,} pages",
            f"{self._counters.requests:,} requests ({status.started_last_minute}/min)",
        ]
        if status.budget is not None and status.remaining is not None:
            parts.append(f"budget {status.remaining}/{status.budget} left")
        rate_per_minute = status.allowed_per_window * 60 / status.window
        if pending or listing_done:
            seconds = int(pending * 60 / rate_per_minute)
            # While listings still run, only the known remainder can be timed.
            parts.append(f"ETA {'' if listing_done else '≥'}{seconds // 60}:{seconds % 60:02d}")
        if active:
            parts.append(f"now: {', '.join(active)}")
        contacts_active = any(name.startswith("contacts") for name in active)
        parts.extend(_waits(status, contacts_active=contacts_active))
        return " · ".join(parts)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started


def _waits(status: GovernorStatus, *, contacts_active: bool) -> list[str]:
    """What holds requests back: a 429 on the account, or the contacts listing's own."""
    shown = []
    if status.held_for > 0:
        shown.append(f"every request waits {status.held_for:.0f} s after a 429")
    if contacts_active and status.contacts_awaiting_plan:
        shown.append("contacts wait for the plan (/account)")
    elif contacts_active and status.contacts_sub_limit is not None:
        per_minute = status.contacts_sub_limit * 60 / status.window
        shown.append(f"contacts ≤{per_minute:.0f}/min ({status.contacts_sub_limit_source})")
    if status.contacts_held_for > 0:
        shown.append(f"contacts wait {status.contacts_held_for:.0f} s after a 429")
    return shown
