"""The fake server's rate limit: a sliding window per account, like a per-minute budget.

Every answered request counts except 429s (a client that waits as told must then get
through); `background` stands for other integrations of the account using part of it.
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
        with self._lock:
            now = time.monotonic()
            while self._times and self._times[0] <= now - self._window:
                self._times.popleft()
            used = len(self._times) + self._background
            if used >= self._limit:
                oldest = self._times[0] if self._times else now
                wait = max(1, math.ceil(oldest + self._window - now))
                return Verdict(False, self._limit, 0, wait)
            self._times.append(now)
            return Verdict(True, self._limit, self._limit - used - 1, 0)
