"""The one pagination routine: every page of a listing, each checkpointed, none fetched twice.

Freshdesk pages by number (`page`, `per_page` up to 100) and marks a following page with
a `link: <...page=N+1...>;rel="next"` header; some servers send no such header, and then
only a short page ends the listing (an empty one when the total is a multiple of
`per_page`). Whether a page is the last, or the listing's end cannot be proven (a
repeated page, a page size of the server's own, the page cap), is `listing_end`'s call;
an unproven end makes the listing `partial`, or stops the run without --allow-partial.

Once a listing has shown it runs past its first page, the routine asks for the following
page while the current one is still in flight (at most one page ahead, so at most one
request beyond the end), which keeps the rate budget busy despite network latency.
"""

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from auditor.errors import CollectError
from auditor.freshdesk.checkpoint import Checkpoint, Outcome, OutcomeStatus, StoredPage
from auditor.freshdesk.client import Attempts, FreshdeskApi, RequestCounters, describe_endpoint
from auditor.freshdesk.cost import Cost
from auditor.freshdesk.failures import Abandoned, AccessDenied, NotFound, RetriesExhausted
from auditor.freshdesk.listing_end import (
    PagingEvidence,
    default_page_cap,
    judge_page,
    may_tell,
    remember_ids,
    unproven_end_error,
)
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
    max_pages: int | None = None,
    evidence: PagingEvidence | None = None,
) -> ListingResult:
    """Fetch (or reuse from the checkpoint) pages 1, 2, ... until the listing's proven end.

    A 403 or a failure that outlasts every retry stops the run, or with `allow_partial`
    ends the listing as `denied` (nothing read) or `partial`; so does an end that cannot
    be proven (`judge_page`), such as a repeated page or more than `max_pages` pages
    (default: `default_page_cap`). With `missing_ok` a 404 on the first page is an answer
    (`missing`), not an error. `evidence` is shared by the listings of one run.
    """
    cap = max_pages if max_pages is not None else default_page_cap(per_page)
    evidence = evidence if evidence is not None else PagingEvidence()
    run = _ListingRun(api, checkpoint, listing, per_page, prefetcher, on_page)
    prior = checkpoint.load_outcome(listing.key)
    if prior is not None and prior.status == "not_found":
        return run.result({}, "complete", prior.note, prior, missing=True)
    if prior is not None and not allow_partial:
        prior = None  # retry what an --allow-partial run gave up on
    pages: dict[int, StoredPage] = {}
    first_seen: dict[Any, int] = {}
    number = 1
    telling = evidence.telling()
    try:
        while True:
            # A page asked ahead comes from its request, even when it has been stored by
            # now: taking it from there also asks for the page after it, which keeps the
            # listing one page ahead (and reads no page back from disk).
            stored = None if run.asked_ahead(number) else checkpoint.load_page(listing.key, number)
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
            run.kept_so_far()
            evidence.record(pages, number, per_page)
            if not may_tell(pages, number + 1, per_page):
                telling.release()  # before judging: judging may wait for other listings
            verdict = judge_page(
                pages,
                number,
                per_page=per_page,
                max_pages=cap,
                evidence=evidence,
                first_seen=first_seen,
            )
            # Pages 1..number for the next page's check, one page at a time: rebuilt from
            # every page read, a million-contact listing would cost quadratic time.
            remember_ids(first_seen, stored, number)
            if verdict.kind == "unproven":
                if not allow_partial:
                    raise unproven_end_error(listing.endpoint, verdict.note)
                return run.result(pages, "partial", verdict.note, prior)
            if verdict.kind == "end":
                return run.result(pages, "complete", verdict.note, prior)
            if stored.next_link is not None:
                _check_link(api, listing, stored.next_link, number)
            number += 1
    finally:
        telling.release()
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
        # One thread keeps the pages, in order (see `_keep`).
        self.keeper = ThreadPoolExecutor(1, thread_name_prefix=f"keep-{listing.key}")
        self.keeping = threading.Lock()
        self.kept: list[Future[None]] = []
        self.costs = RequestCounters()  # requests that produced no stored page

    def asked_ahead(self, number: int) -> bool:
        return number in self.ahead

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
        with self.keeping:
            self.kept.append(self.keeper.submit(self._keep, number, stored))
        return stored

    def _keep(self, number: int, stored: StoredPage) -> None:
        """Checkpoint a page and show it to `on_page`, in the order pages came, beside
        the listing: a page's request never waits for the disk (an fsync can take a
        tenth of a second on a busy one) or for what `on_page` does with the one before."""
        self.checkpoint.save_page(self.listing.key, number, stored)
        if self.on_page is not None:
            self.on_page(stored)

    def stop(self) -> None:
        """Give up pages fetched ahead that are no longer needed, and wait for them and
        for every page being kept (a failure to keep one is raised by `kept_all`)."""
        self.cancelled.set()
        for future in self.ahead.values():
            with contextlib.suppress(Abandoned, CollectError):
                future.result()
        self.ahead.clear()
        self.keeper.shutdown(wait=True)

    def kept_so_far(self) -> None:
        """Raise the first failure to keep a page (to checkpoint it, or of `on_page`)
        among the pages kept by now, so that the listing stops soon after one."""
        with self.keeping:
            while self.kept and self.kept[0].done():
                self.kept.pop(0).result()

    def kept_all(self) -> None:
        """Raise the first failure to keep a page, once every page is kept."""
        with self.keeping:
            kept, self.kept = self.kept, []
        for future in kept:
            future.result()

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
        self.kept_all()
        key = self.listing.key
        # Only the pages not held here (fetched ahead past the end) are read back: reading
        # every page again would parse a million-contact listing twice at the run's end.
        elsewhere = sorted(self.checkpoint.pages_of(key) - pages.keys())
        stored = [*pages.values(), *(self.checkpoint.load_page(key, n) for n in elsewhere)]
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
