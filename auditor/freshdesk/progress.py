"""Progress of a collection on stderr: records, pages, requests per minute, budget, ETA.

Shown live only when stderr is a terminal; otherwise the run stays quiet and the command
prints one summary line at the end.
"""

import sys
import threading
import time
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.text import Text

from auditor.freshdesk.checkpoint import StoredPage
from auditor.freshdesk.client import RequestCounters
from auditor.freshdesk.ratelimit import RateGovernor


class CollectProgress:
    """Counts pages as they arrive; renders a one-line status a few times a second."""

    def __init__(
        self, governor: RateGovernor, counters: RequestCounters, *, enabled: bool | None = None
    ) -> None:
        self._governor = governor
        self._counters = counters
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._lock = threading.Lock()
        self._records = 0
        self._pages = 0
        self._pending_known = 0
        self._listing_done = False
        self._started = time.monotonic()
        self._live: Live | None = None

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

    def __enter__(self) -> "CollectProgress":
        if self._enabled:
            self._live = Live(
                self, console=Console(stderr=True), refresh_per_second=4, transient=True
            )
            self._live.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.__exit__(kind, error, trace)

    def __rich__(self) -> Text:
        return Text(self.line())

    def line(self) -> str:
        status = self._governor.status()
        with self._lock:
            records, pages, pending = self._records, self._pages, self._pending_known
            listing_done = self._listing_done
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
        return " · ".join(parts)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started
