"""The fake server's rate limits: sliding windows, like Freshdesk's per-minute budgets.

One window per account, and optionally one for contacts list calls (the listing's own
sub-limit, below the account's). Every answered request counts except 429s (a client that
waits as told must then get through); `background` stands for other integrations of the
account using part of it.
"""

import math
import threading
import time
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    total: int
    remaining: int
    retry_after: int


class SlidingWindow:
    def __init__(self, limit: int, window: float, background: int = 0) -> None:
        self._limit = limit
        self._window = window
        self._background = background
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def admit(self) -> Verdict:
        """Count one request if the window has room; the verdict either way."""
        return self._judge(count=True)

    def peek(self) -> Verdict:
        """The verdict a request would get now, without counting one (for the headers of
        an answer another window refused)."""
        return self._judge(count=False)

    def _judge(self, *, count: bool) -> Verdict:
        with self._lock:
            now = time.monotonic()
            while self._times and self._times[0] <= now - self._window:
                self._times.popleft()
            used = len(self._times) + self._background
            if used >= self._limit:
                oldest = self._times[0] if self._times else now
                wait = max(1, math.ceil(oldest + self._window - now))
                return Verdict(False, self._limit, 0, wait)
            if not count:
                return Verdict(True, self._limit, self._limit - used, 0)
            self._times.append(now)
            return Verdict(True, self._limit, self._limit - used - 1, 0)
