"""The pagination routine with httpx.MockTransport: end signals, prefetch cost, checkpoints."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from auditor.errors import CollectError
from auditor.freshdesk.checkpoint import Checkpoint
from auditor.freshdesk.client import FreshdeskApi, RetryPolicy, build_http_client
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.pagination import Listing, fetch_listing
from auditor.freshdesk.ratelimit import RateGovernor
from auditor.freshdesk.target import resolve_target

TARGET = resolve_target("acme", None)
BASE = "https://acme.freshdesk.com/api/v2"


class PagedServer:
    """Serves `count` records at /items, with or without next links; counts requests."""

    def __init__(
        self,
        count: int,
        *,
        links: bool,
        link_to: str | None = None,
        ignores_page: bool = False,
        links_forever: bool = False,
    ) -> None:
        self.records = [{"id": n} for n in range(1, count + 1)]
        self.links = links
        self.link_to = link_to
        self.ignores_page = ignores_page
        self.links_forever = links_forever
        self.pages_asked: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        per_page = int(request.url.params["per_page"])
        self.pages_asked.append(page)
        start = 0 if self.ignores_page else (page - 1) * per_page
        chunk = self.records[start : start + per_page]
        headers = {}
        if self.links and (self.links_forever or start + per_page < len(self.records)):
            target = self.link_to or f"{BASE}/items?page={page + 1}&per_page={per_page}"
            headers["Link"] = f'<{target}>;rel="next"'
        return httpx.Response(200, json=chunk, headers=headers)


def fetch(server: PagedServer, tmp_path: Path, per_page: int = 10, prefetch: bool = True):  # type: ignore[no-untyped-def]
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
            allow_partial=False,
            prefetcher=pool,
        )


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
    assert minimum <= result.cost.requests <= minimum + 1
    assert result.cost.requests == len(server.pages_asked)


def test_single_page_listings_cost_nothing_extra(tmp_path: Path) -> None:
    server = PagedServer(7, links=True)
    assert fetch(server, tmp_path).cost.requests == 1


def test_an_endpoint_that_ignores_page_is_read_once(tmp_path: Path) -> None:
    server = PagedServer(10, links=False, ignores_page=True)
    result = fetch(server, tmp_path, prefetch=False)
    assert [r["id"] for r in result.records] == list(range(1, 11)) * 2
    assert server.pages_asked == [1, 2]


def test_an_empty_page_ends_the_listing_even_with_a_next_link(tmp_path: Path) -> None:
    server = PagedServer(25, links=True, links_forever=True)
    result = fetch(server, tmp_path)
    assert [r["id"] for r in result.records] == list(range(1, 26))
    assert max(server.pages_asked) <= 5


def test_an_endpoint_that_ignores_page_but_links_on_is_read_once(tmp_path: Path) -> None:
    server = PagedServer(25, links=True, ignores_page=True)
    result = fetch(server, tmp_path)
    assert [r["id"] for r in result.records] == list(range(1, 11)) * 3
    assert max(server.pages_asked) <= 4


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
