"""The one pagination routine: every page of a listing, each checkpointed, none fetched twice.

Freshdesk pages by number (`page`, `per_page` up to 100) and marks a following page with
a `link: <...page=N+1...>;rel="next"` header; some servers send no such header, and then
only a short page ends the listing (an empty one when the total is a multiple of
`per_page`). Both are handled: an empty page, or a second page in a row that repeats
the one before, is always the last; any other page with a `next` link never is; a short
page always is; a full page without a link is the last only if earlier pages of the same
listing did carry links.

Once a listing has shown it runs past its first page, the routine asks for the following
page while the current one is still in flight (at most one page ahead, so at most one
request beyond the end), which keeps the rate budget busy despite network latency.
"""

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from auditor.errors import CollectError
from auditor.freshdesk.checkpoint import Checkpoint, Outcome, OutcomeStatus, StoredPage
from auditor.freshdesk.client import Attempts, FreshdeskApi, RequestCounters, describe_endpoint
from auditor.freshdesk.cost import Cost
from auditor.freshdesk.failures import Abandoned, AccessDenied, NotFound, RetriesExhausted
from auditor.freshdesk.ratelimit import LISTING
from auditor.freshdesk.target import check_next_link

Status = Literal["complete", "partial", "denied"]


@dataclass(frozen=True)
class Listing:
    """One paginated endpoint and the checkpoint key its pages are stored under."""

    key: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    priority: int = LISTING
    # Ask for the next page while the current one is in flight (long listings only).
    prefetch: bool = True

    @property
    def endpoint(self) -> str:
        return describe_endpoint(self.path, self.params)


@dataclass
class ListingResult:
    """The records of every page in order (duplicates kept) and what fetching them cost."""

    records: list[dict[str, Any]]
    status: Status
    pages: int
    cost: Cost
    first_page: StoredPage | None
    note: str = ""
    # The endpoint answered 404 on its first page (only when the caller allowed that).
    missing: bool = False


def fetch_listing(
    api: FreshdeskApi,
    checkpoint: Checkpoint,
    listing: Listing,
    *,
    per_page: int,
    allow_partial: bool,
    missing_ok: bool = False,
    prefetcher: Executor | None = None,
    on_page: Callable[[StoredPage], None] | None = None,
) -> ListingResult:
    """Fetch (or reuse from the checkpoint) pages 1, 2, ... until the listing's end.

    A 403 or a failure that outlasts every retry stops the run, or with `allow_partial`
    ends the listing as `denied` (nothing read) or `partial`. With `missing_ok` a 404 on
    the first page is an answer (`missing`), not an error.
    """
    run = _ListingRun(api, checkpoint, listing, per_page, prefetcher, on_page)
    prior = checkpoint.load_outcome(listing.key)
    if prior is not None and prior.status == "not_found":
        return run.result({}, "complete", prior.note, prior, missing=True)
    if prior is not None and not allow_partial:
        prior = None  # retry what an --allow-partial run gave up on
    pages: dict[int, StoredPage] = {}
    number = 1
    try:
        while True:
            stored = checkpoint.load_page(listing.key, number)
            if stored is None and prior is not None:
                return run.result(pages, *_ended_early(prior, number), prior)
            if stored is None:
                try:
                    stored = run.fetch(number, ahead=_continues(pages, number))
                except NotFound:
                    if not (missing_ok and number == 1):
                        raise
                    outcome = run.save_outcome("not_found", f"{listing.endpoint} answered 404")
                    return run.result({}, "complete", outcome.note, None, missing=True)
                except (AccessDenied, RetriesExhausted) as error:
                    if not allow_partial:
                        raise
                    outcome = run.gave_up(error, number)
                    return run.result(pages, *_ended_early(outcome, number), None)
            pages[number] = stored
            if _is_last(api, listing, per_page, number, pages):
                return run.result(pages, "complete", "", prior)
            number += 1
    finally:
        run.stop()


class _ListingRun:
    """One listing's requests: the page asked for, the page fetched ahead, what they cost."""

    def __init__(
        self,
        api: FreshdeskApi,
        checkpoint: Checkpoint,
        listing: Listing,
        per_page: int,
        prefetcher: Executor | None,
        on_page: Callable[[StoredPage], None] | None,
    ) -> None:
        self.api = api
        self.checkpoint = checkpoint
        self.listing = listing
        self.per_page = per_page
        self.prefetcher = prefetcher if listing.prefetch else None
        self.on_page = on_page
        self.cancelled = threading.Event()
        self.ahead: dict[int, Future[StoredPage]] = {}
        self.costs = RequestCounters()  # requests that produced no stored page

    def fetch(self, number: int, *, ahead: bool) -> StoredPage:
        """Page `number` (already in flight, or asked now), asking for the next one too."""
        if ahead and self.prefetcher is not None:
            following = number + 1
            if (
                following not in self.ahead
                and self.checkpoint.load_page(self.listing.key, following) is None
            ):
                self.ahead[following] = self.prefetcher.submit(self._page, following)
        future = self.ahead.pop(number, None)
        return future.result() if future is not None else self._page(number)

    def _page(self, number: int) -> StoredPage:
        listing = self.listing
        attempts = Attempts()
        params = (*listing.params, ("page", str(number)), ("per_page", str(self.per_page)))
        try:
            response = self.api.get(
                listing.path,
                params,
                priority=listing.priority,
                cancelled=self.cancelled,
                attempts=attempts,
            )
        except BaseException:
            self.costs.add(attempts.requests, attempts.retries, attempts.rate_limited)
            raise
        if not _is_record_list(response.body):
            raise CollectError(
                f"GET {describe_endpoint(listing.path, params)} answered with something other "
                "than a list of records with numeric ids; the account's API may have changed. "
                "Stopped."
            )
        stored = StoredPage(
            records=response.body,
            next_link=response.next_link,
            date=response.date,
            cost=attempts.cost,
        )
        self.checkpoint.save_page(listing.key, number, stored)
        if self.on_page is not None:
            self.on_page(stored)
        return stored

    def stop(self) -> None:
        """Give up pages fetched ahead that are no longer needed, and wait for them."""
        self.cancelled.set()
        for future in self.ahead.values():
            with contextlib.suppress(Abandoned, CollectError):
                future.result()
        self.ahead.clear()

    def gave_up(self, error: AccessDenied | RetriesExhausted, number: int) -> Outcome:
        where = f"page {number} of {self.listing.endpoint}"
        if isinstance(error, AccessDenied):
            return self.save_outcome("denied", f"403 Forbidden on {where}")
        return self.save_outcome("partial", f"{where} {error.summary}")

    def save_outcome(self, status: OutcomeStatus, note: str) -> Outcome:
        outcome = Outcome(status, self.costs.cost, note)
        self.checkpoint.save_outcome(self.listing.key, outcome)
        return outcome

    def result(
        self,
        pages: dict[int, StoredPage],
        status: Status,
        note: str,
        prior: Outcome | None,
        *,
        missing: bool = False,
    ) -> ListingResult:
        """Sum the cost of every stored page (pages fetched ahead past the end included)."""
        self.stop()  # a page still in flight ahead is a request made, and counts
        key = self.listing.key
        stored = [self.checkpoint.load_page(key, n) for n in sorted(self.checkpoint.pages_of(key))]
        spent = [page for page in stored if page is not None]
        earlier = prior or Outcome("partial", Cost(), "")
        return ListingResult(
            records=[record for n in sorted(pages) for record in pages[n].records],
            status=status,
            pages=len(pages),
            cost=Cost.total(p.cost for p in spent) + self.costs.cost + earlier.cost,
            first_page=pages.get(1),
            note=note,
            missing=missing,
        )


def _is_record_list(body: Any) -> bool:
    """A list of JSON objects, each with an integer `id`: records are merged and de-duplicated
    by id, so records without one would silently collapse into one."""
    return isinstance(body, list) and all(
        isinstance(record, dict)
        and isinstance(record.get("id"), int)
        and not isinstance(record.get("id"), bool)
        for record in body
    )


def _continues(pages: dict[int, StoredPage], number: int) -> bool:
    """Whether the listing has shown it runs on, so asking for a page ahead costs at most
    one request past its end: the previous page linked to this one, or (on a server that
    sends no links) two full pages already came without one."""
    if number < 2:
        return False
    if pages[number - 1].next_link is not None:
        return True
    return number >= 3 and not any(page.next_link for page in pages.values())


def _is_last(
    api: FreshdeskApi, listing: Listing, per_page: int, number: int, pages: dict[int, StoredPage]
) -> bool:
    page = pages[number]
    if not page.records or _repeats_twice(pages, number):
        # The end, whatever a link says: a server that links on past its end, or answers
        # the same page whatever `page` asks, would otherwise be paged forever.
        return True
    if page.next_link is not None:
        _check_link(api, listing, page.next_link, number)
        return False
    if len(page.records) != per_page:
        # Short: the end. Longer than asked: the endpoint does not paginate.
        return True
    if any(pages[n].next_link for n in range(1, number)):
        return True
    # A full page without a link on a server that never sends links: one more page, unless
    # the endpoint ignored `page` and answered an earlier page again.
    return number > 1 and _nothing_new(pages, number)


def _repeats_twice(pages: dict[int, StoredPage], number: int) -> bool:
    """Two pages in a row held only records of the page before them. One such page is a
    record inserted ahead of the reader at `per_page` 1; two in a row is a server ignoring
    `page` (records that shift are caught by the listing's movement check either way)."""
    return number > 2 and all(
        {record.get("id") for record in pages[n].records}
        <= {record.get("id") for record in pages[n - 1].records}
        for n in (number, number - 1)
    )


def _nothing_new(pages: dict[int, StoredPage], number: int) -> bool:
    seen = {record.get("id") for n in range(1, number) for record in pages[n].records}
    return all(record.get("id") in seen for record in pages[number].records)


def _check_link(api: FreshdeskApi, listing: Listing, link: str, number: int) -> None:
    url = check_next_link(api.target, link, listing.endpoint)
    base_path = httpx.URL(api.target.base_url).path
    expected_page = str(number + 1)
    if url.path != base_path + listing.path or url.params.get("page") != expected_page:
        raise CollectError(
            f"GET {listing.endpoint} (page {number}) answered with a next-page link to "
            f"{url.path}?{url.query.decode()}, not to page {expected_page} of the same "
            "listing. The collector cannot page this listing reliably; stopped."
        )


def _ended_early(outcome: Outcome, number: int) -> tuple[Status, str]:
    if outcome.status == "denied" and number == 1:
        return "denied", outcome.note
    return "partial", outcome.note
