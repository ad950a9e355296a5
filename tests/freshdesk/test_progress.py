"""The progress line: records, pages, requests per minute, budget left and ETA."""

import sys
import time

import pytest

from auditor.freshdesk.checkpoint import StoredPage
from auditor.freshdesk.client import RequestCounters
from auditor.freshdesk.cost import Cost
from auditor.freshdesk.progress import CollectProgress
from auditor.freshdesk.ratelimit import Clock, RateGovernor
from tests.freshdesk.test_ratelimit import FakeClock


def test_the_line_shows_what_a_user_needs() -> None:
    governor = RateGovernor()
    counters = RequestCounters()
    with governor.slot() as slot:
        counters.add(requests=1)
        slot.record(200, {"X-RateLimit-Total": "700", "X-RateLimit-Remaining": "699"})
    progress = CollectProgress(governor, counters, enabled=False)
    progress.page(StoredPage([{"id": n} for n in range(100)], None, None, Cost(requests=1)))
    progress.page(StoredPage([{"id": 1}], None, None, Cost(requests=1)))
    progress.expect(343)
    assert progress.line() == (
        "Collecting: 101 records · 2 pages · 1 requests (1/min) · budget 699/700 left · ETA ≥0:30"
    )
    progress.listings_done()
    # 343 requests still known, at 685 a minute: about half a minute.
    assert progress.line().endswith("budget 699/700 left · ETA 0:30")


def show_one_page(progress: CollectProgress) -> None:
    with progress:
        progress.page(StoredPage([{"id": n} for n in range(3)], None, None, Cost(requests=1)))
        # Long enough for a few of the display's four refreshes a second.
        time.sleep(0.6)


@pytest.fixture
def rich_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the display draw into a captured stream as into a terminal, once it is shown."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_INTERACTIVE", "1")


@pytest.mark.usefixtures("rich_draws")
def test_quiet_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    show_one_page(CollectProgress(RateGovernor(), RequestCounters()))
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("rich_draws")
def test_a_terminal_sees_the_line_while_pages_arrive(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show_one_page(CollectProgress(RateGovernor(), RequestCounters()))
    shown = capsys.readouterr().err
    assert "Collecting: 3 records · 1 pages · 0 requests (0/min)" in shown


def learned_governor(clock: Clock | None = None) -> RateGovernor:
    governor = RateGovernor(clock=clock)
    with governor.slot(path="/agents/me") as slot:
        slot.record(200, {"X-RateLimit-Total": "700", "X-RateLimit-Remaining": "699"})
    return governor


def test_the_line_names_what_is_collected_and_the_contacts_pace() -> None:
    governor = learned_governor()
    governor.set_contacts_plan("Forest")
    progress = CollectProgress(governor, RequestCounters(), enabled=False)
    with progress.working("contacts"), progress.working("contact.42"):
        assert progress.line().endswith(
            "now: contacts, contact details · contacts ≤200/min (plan Forest)"
        )
    assert "now:" not in progress.line()


def test_the_line_shows_429_waits() -> None:
    # On a clock that stands still: the waits shown are whole, however slow the machine.
    governor = learned_governor(FakeClock())
    governor.set_contacts_plan("Forest")
    with governor.slot(path="/contacts") as slot:
        slot.record(429, {"X-RateLimit-Remaining": "650", "Retry-After": "40"})
    progress = CollectProgress(governor, RequestCounters(), enabled=False)
    assert progress.line().endswith("contacts wait 40 s after a 429")
    with governor.slot(path="/roles") as slot:
        slot.record(429, {"X-RateLimit-Remaining": "0", "Retry-After": "20"})
    assert "every request waits 20 s after a 429" in progress.line()


def test_off_a_terminal_a_plain_line_now_and_then(capsys: pytest.CaptureFixture[str]) -> None:
    governor = learned_governor()
    governor.expect_contacts_plan()
    progress = CollectProgress(governor, RequestCounters(), plain_every=0.2)
    shown = ""
    started = time.monotonic()
    with progress, progress.working("contacts"):
        progress.page(StoredPage([{"id": n} for n in range(3)], None, None, Cost(requests=1)))
        # Until the first line, however late the printing thread runs.
        deadline = started + 30
        while not shown and time.monotonic() < deadline:
            time.sleep(0.05)
            shown += capsys.readouterr().err
    took = time.monotonic() - started
    lines = (shown + capsys.readouterr().err).splitlines()
    # A line now and then: one per 0.2 s at most, the first 0.2 s after the start.
    assert 1 <= len(lines) <= took / 0.2
    assert lines[0].startswith("Collecting: 3 records · 1 pages · 0 requests (1/min)")
    assert lines[0].endswith("now: contacts · contacts wait for the plan (/account)")
