"""When a listing has ended: a listing is `complete` only when its end is proven.

Given the pages read so far, `judge_page` says whether to read on, whether the listing
ended (a page the server marks as last), or whether its end cannot be proven (a page
repeating records already read, a page size that cannot be established, the page cap).
It depends only on the stored pages and on what the run's listings showed about the
server (`PagingEvidence`, which a short first page may briefly wait for), so a resumed
run judges its stored pages the same way.

The end signals (see FRESHDESK_API.md, "Listing and pagination"):
- an empty page ends any listing, whatever a `next` link says;
- a page without a `next` link ends a listing whose earlier pages carried one;
- a page shorter than the page size the server uses ends a listing without links. That
  size is `per_page` unless the first page says otherwise: a first page shorter (or
  longer) than asked, without a link, on a server not yet seen to send links or to honour
  `per_page`, may come from a server that ignores `per_page`; the listing then pages on,
  with the first page's size as the server's, until a page shorter than that.
"""

import threading
from dataclasses import dataclass
from typing import Any, Literal

from auditor.errors import CollectError
from auditor.freshdesk.checkpoint import StoredPage

# The largest account the default page cap must fit: twice the one million contacts of a
# large B2C help desk. At 100 a page that is 20,000 pages (about 100 minutes at the
# Enterprise contacts sub-limit of 200/min); a listing past it is a server that never
# ends (one ran 1,698 pages, 80 MB, before it was killed), not an account.
MAX_PLAUSIBLE_RECORDS = 2_000_000

# How long a short first page waits for other listings' pages to show how the server
# pages (a long answer takes a few seconds); past it, one request finds out.
FIRST_PAGES_WAIT = 10.0

VerdictKind = Literal["more", "end", "unproven"]


@dataclass(frozen=True)
class Verdict:
    """Read the next page (`more`), stop with the listing complete (`end`), or stop with
    its end unproven (`unproven`, the listing is partial). `note` says what was seen."""

    kind: VerdictKind
    note: str = ""


MORE = Verdict("more")
END = Verdict("end")


def default_page_cap(per_page: int) -> int:
    """Pages enough for `MAX_PLAUSIBLE_RECORDS` at `per_page` records a page."""
    return -(-MAX_PLAUSIBLE_RECORDS // per_page)


class PagingEvidence:
    """What pages of any listing in this run showed about the server: that it sends `next`
    links, or that it honours `per_page` (a page of exactly `per_page` records that more
    records followed; a listing that happens to hold `per_page` records proves nothing).
    Either proves that a short first page without a link is the end, so only a server that
    has shown neither pays one request to find out whether it ignores `per_page`.

    The run's listings start together, and a short listing's first page often arrives
    before a long one's shows a link or a cut at `per_page`: the question waits for the
    pages in flight that may tell (`may_tell`; at most `wait` seconds) instead of paying
    that request on a normal account.
    """

    def __init__(self, wait: float = FIRST_PAGES_WAIT) -> None:
        self._changed = threading.Condition()
        self._links = False
        self._honours_per_page = False
        self._telling_listings = 0
        self._wait = wait

    def telling(self) -> "TellingListing":
        """A listing that has yet to fetch the pages that `may_tell`: short pages of other
        listings wait until it releases this (after those pages are recorded)."""
        with self._changed:
            self._telling_listings += 1
        return TellingListing(self)

    def _told(self) -> None:
        with self._changed:
            self._telling_listings -= 1
            self._changed.notify_all()

    def record(self, pages: dict[int, StoredPage], number: int, per_page: int) -> None:
        """Learn from page `number` of a listing (and the page before it)."""
        page = pages[number]
        cut_at_per_page = (
            number > 1 and bool(page.records) and len(pages[number - 1].records) == per_page
        )
        with self._changed:
            self._links = self._links or page.next_link is not None
            self._honours_per_page = self._honours_per_page or cut_at_per_page
            self._changed.notify_all()

    def proves_short_pages(self) -> bool:
        """Whether a short page ends a listing without links, once the other listings'
        pages that may tell are in."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._proven() or self._telling_listings == 0, self._wait
            )
            return self._proven()

    def _proven(self) -> bool:
        return self._links or self._honours_per_page


class TellingListing:
    """One listing's part in `PagingEvidence.telling`; `release` it once (more is harmless)."""

    def __init__(self, evidence: PagingEvidence) -> None:
        self._evidence = evidence
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._evidence._told()


def may_tell(pages: dict[int, StoredPage], number: int, per_page: int) -> bool:
    """Whether page `number`, about to be fetched, may show how the server pages: any first
    page (a link), or the page after a full first page without one (a cut at `per_page`)."""
    if number == 1:
        return True
    first = pages[1]
    return number == 2 and first.next_link is None and len(first.records) == per_page


def judge_page(
    pages: dict[int, StoredPage],
    number: int,
    *,
    per_page: int,
    max_pages: int,
    evidence: PagingEvidence,
    first_seen: dict[Any, int] | None = None,
) -> Verdict:
    """What page `number` (the last one read; pages 1..number are in `pages`) means.
    `evidence` already holds what that page showed (`PagingEvidence.record`).
    `first_seen` (kept by the caller across pages: the page each id of pages 1..number-1
    was first read on) saves rebuilding it from every page read, for each page."""
    size = _server_page_size(pages, per_page)
    if number > 1 and (repeated := _repetition(pages, number, size, first_seen)):
        return Verdict("unproven", repeated)
    verdict = _end_signal(pages, number, per_page, size, evidence)
    if verdict.kind == "more" and number >= max_pages:
        return Verdict(
            "unproven",
            f"stopped at the page cap of {max_pages:,} pages (--max-pages), and the listing "
            "went on",
        )
    return verdict


def _end_signal(
    pages: dict[int, StoredPage],
    number: int,
    per_page: int,
    size: int,
    evidence: PagingEvidence,
) -> Verdict:
    page = pages[number]
    count = len(page.records)
    if page.next_link is not None and count:
        return MORE
    if any(pages[n].next_link for n in range(1, number)):
        return END  # the server links, and this page links nowhere (or is empty)
    if count == 0:
        return _ended_at_own_size(pages, number, per_page, size)
    if number == 1:
        if count >= per_page or not evidence.proves_short_pages():
            # Full: only the next page can tell; longer than asked: the server pages at a
            # size of its own, or not at all. Short on a server that has shown neither links
            # nor an honoured `per_page`: it may page at a size of its own too.
            return MORE
        return END
    if count == size:
        return MORE
    if count > size:
        return Verdict(
            "unproven",
            f"page {number} held {count} records, more than the {size} of page 1 (asked: "
            f"{per_page} a page, no next links): the page size the server uses could not be "
            "established",
        )
    return _ended_at_own_size(pages, number, per_page, size)


def _ended_at_own_size(
    pages: dict[int, StoredPage], number: int, per_page: int, size: int
) -> Verdict:
    """The end of a listing without links; noted when the server ignored `per_page` (a page
    after a first page of another size still held records)."""
    if size == per_page or not any(pages[n].records for n in range(2, number + 1)):
        return END
    count = len(pages[number].records)
    return Verdict(
        "end",
        f"the server answered {size} records a page though {per_page} were asked, and sent no "
        f"next links: paged on at {size} a page until page {number} held {count}",
    )


def _server_page_size(pages: dict[int, StoredPage], per_page: int) -> int:
    """The page size the server uses: once a listing went on past page 1, page 1's size
    (`per_page`, unless the server ignored it), else `per_page`."""
    first = pages[1]
    return len(first.records) if len(pages) > 1 and first.records else per_page


def _repetition(
    pages: dict[int, StoredPage], number: int, size: int, first_seen: dict[Any, int] | None
) -> str:
    """Why page `number` repeats earlier pages beyond what movement explains ("" if not).

    Records that move while a listing runs (renamed, added, deleted) shift a record or
    two across a page boundary; the collector's second listing reconciles those. A page
    of which more than half the page size was already read is a server answering the
    wrong page (or ignoring `page`), not movement: its listing's end is unproven.
    """
    if first_seen is None:
        first_seen = {}
        for n in range(1, number):
            remember_ids(first_seen, pages[n], n)
    records = pages[number].records
    sources = [first_seen[r.get("id")] for r in records if r.get("id") in first_seen]
    if not sources or 2 * len(sources) <= size:
        return ""
    where = sorted(set(sources))
    of_pages = f"page {where[0]}" if len(where) == 1 else f"pages {', '.join(map(str, where))}"
    if len(sources) == len(records):
        return f"page {number} repeated {len(sources)} records of {of_pages}"
    return f"page {number} repeated {len(sources)} of its {len(records)} records from {of_pages}"


def remember_ids(first_seen: dict[Any, int], page: StoredPage, number: int) -> None:
    """Add page `number`'s ids to `first_seen` (the page each id was first read on)."""
    for record in page.records:
        first_seen.setdefault(record.get("id"), number)


def unproven_end_error(endpoint: str, note: str) -> CollectError:
    """The run stops (without --allow-partial) on a listing whose end could not be proven."""
    return CollectError(
        f"GET {endpoint}: {note}. The listing's end is unproven, so records may be missing; "
        "stopped. Every page read is kept: run the same command with --resume --allow-partial "
        "to seal the snapshot as partial (FD-EVID-001 reports it), raise --max-pages if the "
        "page cap was reached, or collect into a new folder later."
    )
