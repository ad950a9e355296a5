"""What every part of one collection run shares: the API, the checkpoint and the options."""

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from auditor.freshdesk.checkpoint import Checkpoint, StoredPage
from auditor.freshdesk.client import FreshdeskApi
from auditor.freshdesk.listing_end import PagingEvidence
from auditor.freshdesk.pagination import Listing, ListingResult, fetch_listing
from auditor.freshdesk.progress import CollectProgress
from auditor.freshdesk.ratelimit import BULK
from auditor.freshdesk.single import OneResult, fetch_one
from auditor.snapshot.manifest import CollectionStatus
from auditor.snapshot.writer import Collected


@dataclass(frozen=True)
class Session:
    api: FreshdeskApi
    checkpoint: Checkpoint
    per_page: int
    allow_partial: bool
    progress: CollectProgress
    prefetcher: Executor
    # Pages per listing before its end counts as unproven (None: `default_page_cap`).
    max_pages: int | None = None
    # What every listing of the run learns about how the server pages.
    evidence: PagingEvidence = field(default_factory=PagingEvidence)

    def listing(
        self,
        listing: Listing,
        *,
        missing_ok: bool = False,
        on_page: Callable[[StoredPage], None] | None = None,
    ) -> ListingResult:
        """A listing; `on_page` also sees each page fetched (not those resumed)."""

        def page(stored: StoredPage) -> None:
            self._on_page(stored)
            if on_page is not None:
                on_page(stored)

        with self.progress.working(listing.key):
            return fetch_listing(
                self.api,
                self.checkpoint,
                listing,
                per_page=self.per_page,
                allow_partial=self.allow_partial,
                missing_ok=missing_ok,
                prefetcher=self.prefetcher if listing.prefetch else None,
                on_page=page,
                max_pages=self.max_pages,
                evidence=self.evidence,
            )

    def one(
        self, key: str, path: str, *, priority: int = BULK, required: bool = False
    ) -> OneResult:
        """One record; `required` ones fail the run even with --allow-partial."""
        with self.progress.working(key):
            return fetch_one(
                self.api,
                self.checkpoint,
                key,
                path,
                allow_partial=self.allow_partial and not required,
                priority=priority,
                on_page=self._on_page,
            )

    def _on_page(self, stored: StoredPage) -> None:
        self.progress.page(stored)


def collected_from(
    result: ListingResult, records: list[dict[str, Any]], endpoint: str
) -> Collected:
    return Collected(
        records=records,
        status=result.status,
        requests=result.cost.requests,
        pages=result.pages,
        retries=result.cost.retries,
        rate_limited=result.cost.rate_limited,
        endpoint=endpoint,
        note=result.note,
    )


def add_cost(collected: Collected, part: ListingResult | OneResult) -> None:
    """Charge another listing or call to a collection."""
    # The snapshot records each collection's cost as flat manifest fields.
    collected.requests += part.cost.requests
    collected.retries += part.cost.retries
    collected.rate_limited += part.cost.rate_limited
    collected.pages += (
        part.pages if isinstance(part, ListingResult) else int(part.stored is not None)
    )


def worst_status(*statuses: CollectionStatus) -> CollectionStatus:
    order: tuple[CollectionStatus, ...] = ("complete", "partial", "denied")
    return max(statuses, key=order.index)


def add_note(collected: Collected, note: str) -> None:
    collected.note = f"{collected.note}; {note}" if collected.note else note
