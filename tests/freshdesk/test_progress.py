"""The progress line: records, pages, requests per minute, budget left and ETA."""

from auditor.freshdesk.checkpoint import StoredPage
from auditor.freshdesk.client import RequestCounters
from auditor.freshdesk.progress import CollectProgress
from auditor.freshdesk.ratelimit import RateGovernor


def test_the_line_shows_what_a_user_needs() -> None:
    governor = RateGovernor()
    counters = RequestCounters()
    with governor.slot() as slot:
        counters.add(requests=1)
        slot.record(200, {"X-RateLimit-Total": "700", "X-RateLimit-Remaining": "699"})
    progress = CollectProgress(governor, counters, enabled=False)
    progress.page(StoredPage([{"id": n} for n in range(100)], None, None, 1, 0, 0))
    progress.page(StoredPage([{"id": 1}], None, None, 1, 0, 0))
    progress.expect(343)
    assert progress.line() == (
        "Collecting: 101 records · 2 pages · 1 requests (1/min) · budget 699/700 left · ETA ≥0:30"
    )
    progress.listings_done()
    # 343 requests still known, at 685 a minute: about half a minute.
    assert progress.line().endswith("budget 699/700 left · ETA 0:30")


def test_quiet_when_stderr_is_not_a_terminal() -> None:
    progress = CollectProgress(RateGovernor(), RequestCounters())
    with progress:
        assert progress._live is None  # pytest's captured stderr is no terminal
