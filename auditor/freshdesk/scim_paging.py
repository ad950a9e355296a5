"""One SCIM 2.0 listing (RFC 7644 section 3.4.2.4): `startIndex`/`count` paging, read to
the end that `totalResults` announces and checked against what was read.

The same fail-closed rule as every Freshdesk listing: the listing is `complete` only when
the records read are exactly the `totalResults` the server announced, every page started
where it was asked to, said how many it held (`itemsPerPage`) truthfully, and brought
records not seen before. Anything else keeps what was read, marks it `partial` and says
why in the note, so no one mistakes a short read for the whole directory.
"""

from dataclasses import dataclass, field
from typing import Any

from auditor.errors import CollectError
from auditor.freshdesk.client import FreshdeskApi

LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PAGE_SIZE = 100


@dataclass
class ScimListing:
    """The resources read, in the order served, and whether they are the whole listing."""

    resources: list[dict[str, Any]] = field(default_factory=list)
    complete: bool = False
    total_results: int | None = None
    note: str = ""
    pages: int = 0


def read_listing(api: FreshdeskApi, path: str, page_size: int = PAGE_SIZE) -> ScimListing:
    """Every page of `path` (`/Users`, `/Groups`); a refusal of the first page propagates.

    A failure after the first page (retries exhausted, a refusal, a broken page) ends the
    listing `partial` with a note instead: what was read is kept as evidence.
    """
    listing = ScimListing()
    seen: set[str] = set()
    start = 1
    while True:
        params = (("startIndex", str(start)), ("count", str(page_size)))
        if listing.pages == 0:
            body = api.get(path, params).body
        else:
            try:
                body = api.get(path, params).body
            except CollectError as error:
                return _stopped(listing, f"the page at startIndex {start} failed ({error})")
        listing.pages += 1
        problem = _page_problem(body, start, listing.total_results)
        if problem:
            return _stopped(listing, f"the page at startIndex {start} {problem}")
        if listing.total_results is None:
            listing.total_results = body["totalResults"]
        resources: list[Any] = body["Resources"]
        for resource in resources:
            key = str(resource.get("id", "")) if isinstance(resource, dict) else ""
            if not isinstance(resource, dict) or not key:
                return _stopped(
                    listing, f"the page at startIndex {start} holds a record without id"
                )
            if key in seen:
                return _stopped(
                    listing,
                    f"the page at startIndex {start} repeats user {key} from an earlier page "
                    "(the server may ignore startIndex)",
                )
            seen.add(key)
            listing.resources.append(resource)
        total = listing.total_results
        assert total is not None
        if len(listing.resources) > total:
            return _stopped(
                listing,
                f"{len(listing.resources)} records were served, more than the totalResults "
                f"{total} the server announced",
            )
        if len(listing.resources) == total:
            listing.complete = True
            return listing
        if not resources:
            return _stopped(
                listing,
                f"the page at startIndex {start} was empty after {len(listing.resources)} of "
                f"the {total} records the server announced",
            )
        start += len(resources)


def _page_problem(body: Any, start: int, total: int | None) -> str:
    """What is wrong with one ListResponse page, or "" when nothing is."""
    if not isinstance(body, dict) or not isinstance(body.get("Resources", []), list):
        return "is not a SCIM ListResponse"
    schemas = body.get("schemas")
    if not isinstance(schemas, list) or LIST_RESPONSE not in schemas:
        return f"does not declare the {LIST_RESPONSE} schema"
    body.setdefault("Resources", [])  # RFC 7644 omits it from an empty answer
    announced = body.get("totalResults")
    if type(announced) is not int or announced < 0:
        return "does not say how many records there are (totalResults)"
    if total is not None and announced != total:
        return f"announces totalResults {announced}, where the first page announced {total}"
    served_start = body.get("startIndex", start)
    if served_start != start:
        return f"starts at {served_start!r}, not where it was asked to (the server ignores paging)"
    items = body.get("itemsPerPage", len(body["Resources"]))
    if items != len(body["Resources"]):
        return f"says itemsPerPage {items!r} but holds {len(body['Resources'])} records"
    return ""


def _stopped(listing: ScimListing, why: str) -> ScimListing:
    listing.complete = False
    read = len(listing.resources)
    of = f" of {listing.total_results}" if listing.total_results is not None else ""
    listing.note = f"{why}; {read}{of} records kept"
    return listing
