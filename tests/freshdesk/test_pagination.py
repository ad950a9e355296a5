"""The pagination routine with httpx.MockTransport: end signals, unproven ends, prefetch cost."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from auditor.errors import CollectError
from auditor.freshdesk.checkpoint import Checkpoint, StoredPage
from auditor.freshdesk.client import FreshdeskApi, RetryPolicy, build_http_client
from auditor.freshdesk.cost import Cost
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.listing_end import PagingEvidence, default_page_cap
from auditor.freshdesk.pagination import Listing, fetch_listing
from auditor.freshdesk.ratelimit import RateGovernor
from auditor.freshdesk.target import resolve_target

TARGET = resolve_target("acme", None)
BASE = "https://acme.freshdesk.com/api/v2"


class PagedServer:
    """Serves `count` records at /items, with or without next links; counts requests.

    The switches are the broken servers of issue 9: one that ignores `page`, one that
    answers page `repeat_page` with the records of the page before it, one that pages
    at `own_page_size` whatever `per_page` asks, and one whose records never end.
    """

    def __init__(
        self,
        count: int,
        *,
        links: bool,
        link_to: str | None = None,
        ignores_page: bool = False,
        links_forever: bool = False,
        repeat_page: int | None = None,
        own_page_size: int | None = None,
        endless: bool = False,
    ) -> None:
        self.records = [{"id": n} for n in range(1, count + 1)]
        self.links = links
        self.link_to = link_to
        self.ignores_page = ignores_page
        self.links_forever = links_forever
        self.repeat_page = repeat_page
        self.own_page_size = own_page_size
        self.endless = endless
        self.pages_asked: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        per_page = self.own_page_size or int(request.url.params["per_page"])
        self.pages_asked.append(page)
        served = 1 if self.ignores_page else page - 1 if page == self.repeat_page else page
        start = (served - 1) * per_page
        chunk = self.records[start : start + per_page]
        if self.endless:
            chunk = [{"id": n} for n in range(start + 1, start + per_page + 1)]
        headers = {}
        more = (page - 1) * per_page + per_page < len(self.records)
        if self.links and (self.links_forever or self.endless or more):
            target = self.link_to or f"{BASE}/items?page={page + 1}&per_page={per_page}"
            headers["Link"] = f'<{target}>;rel="next"'
        return httpx.Response(200, json=chunk, headers=headers)


def fetch(  # type: ignore[no-untyped-def]
    server: PagedServer,
    tmp_path: Path,
    per_page: int = 10,
    prefetch: bool = True,
    *,
    allow_partial: bool = True,
    max_pages: int | None = None,
    evidence: PagingEvidence | None = None,
):
    client = build_http_client(TARGET, ApiKey("k"), transport=httpx.MockTransport(server))
    api = FreshdeskApi(
        client,
        TARGET,
        RateGovernor(max_rpm=600_000, window=1.0),
        retry=RetryPolicy(attempts=2),
        sleep=lambda _: None,
    )
    checkpoint = Checkpoint(tmp_path)
    with ThreadPoolExecutor(2) as pool:
        return fetch_listing(
            api,
            checkpoint,
            Listing("items", "/items", prefetch=prefetch),
            per_page=per_page,
            allow_partial=allow_partial,
            prefetcher=pool,
            max_pages=max_pages,
            evidence=evidence,
        )


def ids(count: int) -> list[int]:
    return list(range(1, count + 1))


def seen_links() -> PagingEvidence:
    """What a run knows once any listing's page carried a next link."""
    evidence = PagingEvidence()
    linked = StoredPage([{"id": 1}], "https://x/?page=2", None, Cost(requests=1))
    evidence.record({1: linked}, 1, per_page=10)
    return evidence


@pytest.mark.parametrize(
    ("count", "links", "minimum"),
    [
        (0, True, 1),
        (7, True, 1),
        (10, True, 1),
        (35, True, 4),
        (40, True, 4),
        (35, False, 4),
        (40, False, 5),  # an exact multiple: only an empty page ends it
        (10, False, 2),
    ],
)
def test_every_record_once_with_at_most_one_request_past_the_end(
    tmp_path: Path, count: int, links: bool, minimum: int
) -> None:
    server = PagedServer(count, links=links)
    result = fetch(server, tmp_path)
    assert [r["id"] for r in result.records] == list(range(1, count + 1))
    assert (result.status, result.note) == ("complete", "")
    assert minimum <= result.cost.requests <= minimum + 1
    assert result.cost.requests == len(server.pages_asked)


def test_single_page_listings_cost_nothing_extra_once_the_server_is_known(
    tmp_path: Path,
) -> None:
    server = PagedServer(7, links=True)
    result = fetch(server, tmp_path, evidence=seen_links())
    assert (result.status, result.cost.requests, result.note) == ("complete", 1, "")


def test_a_short_first_page_on_an_unknown_server_is_checked_once(tmp_path: Path) -> None:
    """7 of 10 asked and no link: the whole listing, or a server that pages at 7 whatever
    `per_page` says. One more page tells which."""
    server = PagedServer(7, links=True)
    result = fetch(server, tmp_path, evidence=PagingEvidence())
    assert (result.status, server.pages_asked) == ("complete", [1, 2])
    assert [r["id"] for r in result.records] == ids(7)


@pytest.mark.parametrize("links", [False, True], ids=["no-links", "links"])
def test_an_endpoint_that_ignores_page_is_partial(tmp_path: Path, links: bool) -> None:
    server = PagedServer(25, links=links, ignores_page=True)
    result = fetch(server, tmp_path, prefetch=False, max_pages=50)  # broken: fails fast
    assert result.status == "partial"
    assert result.note == "page 2 repeated 10 records of page 1"
    assert server.pages_asked == [1, 2]


def test_a_repeated_page_is_partial_where_it_was_sealed_complete_before(tmp_path: Path) -> None:
    """Page 2 answers page 1's records: 300 listed, 200 read (issue 9)."""
    server = PagedServer(300, links=True, repeat_page=2)
    result = fetch(server, tmp_path, per_page=100)
    assert result.status == "partial"
    assert result.note == "page 2 repeated 100 records of page 1"


def test_without_allow_partial_a_repeated_page_stops_the_run(tmp_path: Path) -> None:
    server = PagedServer(300, links=True, repeat_page=2)
    with pytest.raises(CollectError, match="page 2 repeated 100 records of page 1") as stopped:
        fetch(server, tmp_path, per_page=100, allow_partial=False)
    assert "--resume --allow-partial" in str(stopped.value)
    asked = len(server.pages_asked)
    resumed = fetch(server, tmp_path, per_page=100)  # judged again from the checkpoint
    assert (resumed.status, len(server.pages_asked)) == ("partial", asked)


def test_a_record_or_two_repeated_by_movement_is_left_to_the_reconciliation(
    tmp_path: Path,
) -> None:
    """A record inserted ahead of the reader pushes one record of page 1 onto page 2: the
    collector's second listing reconciles that; it is no repeated page."""

    class Shifted(PagedServer):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            response = super().__call__(request)
            if request.url.params["page"] == "2":
                body = [{"id": 10}, *response.json()[:9]]
                return httpx.Response(200, json=body, headers=response.headers)
            return response

    result = fetch(Shifted(25, links=True), tmp_path)
    assert result.status == "complete"
    assert [r["id"] for r in result.records].count(10) == 2


@pytest.mark.parametrize(
    ("count", "pages_needed"), [(10, 4), (9, 4), (2, 2)], ids=["short-last", "exact", "one-page"]
)
def test_a_server_that_ignores_per_page_is_paged_at_its_own_size(
    tmp_path: Path, count: int, pages_needed: int
) -> None:
    """10 asked, 3 served, no links: 300 contacts were sealed as 30 (issue 9)."""
    server = PagedServer(count, links=False, own_page_size=3)
    result = fetch(server, tmp_path)
    assert (result.status, [r["id"] for r in result.records]) == ("complete", ids(count))
    assert pages_needed <= len(server.pages_asked) <= pages_needed + 1
    if count > 3:
        assert "answered 3 records a page though 10 were asked" in result.note


def test_a_server_that_ignores_per_page_and_page_is_partial(tmp_path: Path) -> None:
    server = PagedServer(30, links=False, own_page_size=3, ignores_page=True)
    result = fetch(server, tmp_path, max_pages=50)
    assert (result.status, result.note) == ("partial", "page 2 repeated 3 records of page 1")


def test_a_page_size_that_cannot_be_established_is_partial(tmp_path: Path) -> None:
    class Growing(PagedServer):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            page = int(request.url.params["page"])
            self.pages_asked.append(page)
            start = sum(range(3, 3 + page - 1))
            return httpx.Response(200, json=self.records[start : start + page + 2])

    result = fetch(Growing(40, links=False), tmp_path)
    assert result.status == "partial"
    assert result.note.startswith("page 2 held 4 records, more than the 3 of page 1")


def test_a_listing_that_never_ends_stops_at_the_page_cap(tmp_path: Path) -> None:
    server = PagedServer(0, links=True, endless=True)
    result = fetch(server, tmp_path, max_pages=30)
    assert result.status == "partial"
    assert result.note.startswith("stopped at the page cap of 30 pages (--max-pages)")
    assert (result.pages, len(result.records)) == (30, 300)
    assert len(server.pages_asked) <= 31


def test_a_listing_of_exactly_the_page_cap_is_complete(tmp_path: Path) -> None:
    server = PagedServer(300, links=True)
    assert fetch(server, tmp_path, max_pages=30).status == "complete"


def test_the_default_page_cap_fits_two_million_records() -> None:
    assert default_page_cap(100) == 20_000
    assert default_page_cap(30) * 30 >= 2_000_000


def test_an_empty_page_ends_the_listing_even_with_a_next_link(tmp_path: Path) -> None:
    server = PagedServer(25, links=True, links_forever=True)
    result = fetch(server, tmp_path)
    assert [r["id"] for r in result.records] == ids(25)
    assert result.status == "complete"
    assert max(server.pages_asked) <= 5


def test_a_link_to_another_host_stops_the_listing(tmp_path: Path) -> None:
    server = PagedServer(25, links=True, link_to="https://evil.example/api/v2/items?page=2")
    with pytest.raises(CollectError, match="another host"):
        fetch(server, tmp_path)


def test_a_link_that_is_no_url_stops_the_listing(tmp_path: Path) -> None:
    server = PagedServer(25, links=True, link_to="https://[::1")
    with pytest.raises(CollectError, match="next-page link that is not a URL"):
        fetch(server, tmp_path)


def test_a_link_to_an_unexpected_page_stops_the_listing(tmp_path: Path) -> None:
    server = PagedServer(25, links=True, link_to=f"{BASE}/items?page=9&per_page=10")
    with pytest.raises(CollectError, match="not to page 2"):
        fetch(server, tmp_path)


def test_checkpointed_pages_are_not_fetched_again(tmp_path: Path) -> None:
    first = PagedServer(35, links=True)
    fetch(first, tmp_path)
    for page_file in sorted((tmp_path / ".partial").glob("items.p*.json"))[2:]:
        page_file.unlink()  # as if the run was killed after two pages
    again = PagedServer(35, links=True)
    result = fetch(again, tmp_path)
    assert [r["id"] for r in result.records] == list(range(1, 36))
    assert min(again.pages_asked) == 3


class AnswersWith(PagedServer):
    """Serves these records as page 1, whatever they are."""

    def __init__(self, records: list[object]) -> None:
        super().__init__(0, links=False)
        self.page_one = records

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=self.page_one)


@pytest.mark.parametrize(
    "records",
    [
        [{"id": 1}, {"name": "no id"}, {"name": "no id either"}],
        [{"id": "7"}],
        [{"id": True}],
        [{"id": 1}, 2],
        {"records": []},
    ],
    ids=["without-id", "text-id", "boolean-id", "not-an-object", "object-not-list"],
)
def test_records_without_a_numeric_id_stop_the_listing(
    tmp_path: Path, records: list[object]
) -> None:
    # Records are told apart by id: without one they would silently merge into one.
    with pytest.raises(CollectError, match="other than a list of records with numeric ids"):
        fetch(AnswersWith(records), tmp_path)


@pytest.mark.parametrize(("count", "proves"), [(10, False), (25, True)], ids=["whole", "cut"])
def test_only_a_page_cut_at_per_page_proves_the_server_honours_it(
    tmp_path: Path, count: int, proves: bool
) -> None:
    """A listing that happens to hold `per_page` records says nothing about the server; one
    that went on after a page of `per_page` records does."""
    evidence = PagingEvidence()
    fetch(PagedServer(count, links=False), tmp_path, evidence=evidence)
    assert evidence.proves_short_pages() is proves


@pytest.mark.parametrize("links", [True, False], ids=["links", "no-links"])
def test_a_short_listing_waits_for_a_long_one_instead_of_asking_again(
    tmp_path: Path, links: bool
) -> None:
    """Listings start together; the short one's page arrives first. Once the long one
    shows a next link, or a page cut at `per_page` (its second page), the short page is a
    proven end: no second request."""
    asked: list[str] = []
    long_asked = threading.Event()

    def server(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        asked.append(f"{request.url.path} {page}")
        if request.url.path.endswith("/warm-up"):
            return httpx.Response(200, json=[])
        if request.url.path.endswith("/short"):
            assert long_asked.wait(30), "the long listing never began"
            return httpx.Response(200, json=[{"id": n} for n in range(1, 8)])
        long_asked.set()
        time.sleep(0.5)
        link = {"Link": f'<{BASE}/long?page={page + 1}&per_page=10>;rel="next"'}
        records = [{"id": n} for n in range((page - 1) * 10 + 1, page * 10 + 1)]
        return httpx.Response(
            200, json=records if page < 4 else [], headers=link if links and page < 3 else {}
        )

    client = build_http_client(TARGET, ApiKey("k"), transport=httpx.MockTransport(server))
    api = FreshdeskApi(client, TARGET, RateGovernor(max_rpm=600_000, window=1.0))
    checkpoint = Checkpoint(tmp_path)
    # The governor holds requests until a first answer shows the budget (`/agents/me`).
    fetch_listing(api, checkpoint, Listing("warm-up", "/warm-up"), per_page=10, allow_partial=False)
    evidence = PagingEvidence()
    with ThreadPoolExecutor(4) as pool:
        results = [
            pool.submit(
                fetch_listing,
                api,
                checkpoint,
                Listing(name, f"/{name}", prefetch=False),
                per_page=10,
                allow_partial=False,
                evidence=evidence,
            )
            for name in ("long", "short")
        ]
        long, short = (future.result() for future in results)
    assert (long.status, len(long.records)) == ("complete", 30)
    assert (short.status, short.cost.requests) == ("complete", 1)
    assert "/api/v2/short 2" not in asked


def test_the_end_reads_back_only_the_page_fetched_ahead_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Summing the cost does not parse the listing's pages a second time (a million
    contacts' worth at a large account's end), yet counts the request past the end."""
    read_back: list[int] = []
    load_page = Checkpoint.load_page

    def counted(self: Checkpoint, key: str, page: int) -> StoredPage | None:
        stored = load_page(self, key, page)
        if stored is not None:
            read_back.append(page)
        return stored

    monkeypatch.setattr(Checkpoint, "load_page", counted)
    server = PagedServer(35, links=False)  # no links: page 5 is asked ahead, past the end
    result = fetch(server, tmp_path)
    assert [r["id"] for r in result.records] == ids(35)
    assert result.cost.requests == len(server.pages_asked)
    # (Page 5 is not asked when the listing's end beats its prefetch to the governor.)
    assert read_back == [page for page in server.pages_asked if page > 4]


def test_pages_are_asked_for_while_an_earlier_one_is_still_being_checkpointed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow disk (an fsync of a tenth of a second) does not hold the listing up: page 2
    stays unsaved until page 4 has been asked for."""
    asked: set[int] = set()
    page_four_asked = threading.Event()
    save_page = Checkpoint.save_page

    def slow_save(self: Checkpoint, key: str, page: int, stored: StoredPage) -> None:
        if page == 2:
            # Held by an event, not a sleep: a loaded machine may take long to ask for page 4.
            assert page_four_asked.wait(30), "page 4 was not asked while page 2 was saved"
        save_page(self, key, page, stored)

    class Watched(PagedServer):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            page = int(request.url.params["page"])
            asked.add(page)
            if page == 4:
                page_four_asked.set()
            return super().__call__(request)

    monkeypatch.setattr(Checkpoint, "save_page", slow_save)
    result = fetch(Watched(60, links=True), tmp_path)
    assert [r["id"] for r in result.records] == ids(60)
    # Every page is in the checkpoint by the time the listing has ended.
    assert Checkpoint(tmp_path).pages_of("items") == asked


def test_a_page_that_cannot_be_checkpointed_stops_the_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: Checkpoint, key: str, page: int, stored: StoredPage) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Checkpoint, "save_page", full_disk)
    server = PagedServer(300, links=True)
    with pytest.raises(OSError, match="No space left"):
        fetch(server, tmp_path)
    assert len(server.pages_asked) < 30
