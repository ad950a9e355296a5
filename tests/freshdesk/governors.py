"""A rate governor that shows what it did, for tests of whole collections (`governors`)."""

from typing import Any

import pytest

from auditor.freshdesk import collector
from auditor.freshdesk.ratelimit import RateGovernor


class WatchedGovernor(RateGovernor):
    """A rate governor that keeps the moment of every start it grants (its own clock)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.starts: list[float] = []

    def _grant(self, now: float, contacts: bool) -> tuple[bool, Any]:
        self.starts.append(now)
        return super()._grant(now, contacts)


@pytest.fixture
def governors(monkeypatch: pytest.MonkeyPatch) -> list[WatchedGovernor]:
    """Every rate governor a collection makes, to ask afterwards what it learned and did."""
    made: list[WatchedGovernor] = []

    class Watched(WatchedGovernor):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            made.append(self)

    monkeypatch.setattr(collector, "RateGovernor", Watched)
    return made


def most_starts_in_a_window(starts: list[float], window: float) -> int:
    """The most starts any window of `window` seconds holds (as the server's window counts:
    two starts exactly a window apart are in different windows)."""
    ordered = sorted(starts)
    most, first = 0, 0
    for last, moment in enumerate(ordered):
        while ordered[first] <= moment - window:
            first += 1
        most = max(most, last - first + 1)
    return most
