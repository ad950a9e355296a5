"""The switches of the fake server: each documented variant of the real API, and faults."""

from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["status", "drop", "truncate", "malformed"]
Shape = Literal["real", "seed"]
ContactAccess = Literal["listing", "detail"]
ActiveFilter = Literal["honoured", "rejected", "ignored"]
AccountEndpoint = Literal["served", "forbidden", "missing"]
ScimEndpoint = Literal["served", "unauthorized", "forbidden", "missing"]


@dataclass(frozen=True)
class Fault:
    """A failure on chosen requests: by request number, by path (and page), or both.

    `status` answers with that HTTP status; `drop` closes the connection without an
    answer; `truncate` sends half of the body it announced; `malformed` sends a 200 whose
    body is not JSON. It hits the first `times` matching requests (0: every one).
    """

    kind: FaultKind
    status: int = 503
    request: int | None = None
    path: str | None = None
    page: int | None = None
    times: int = 1


@dataclass(frozen=True)
class MoveRecord:
    """Rename a record so it sorts elsewhere (and bump `updated_at`) mid-listing.

    The move happens right after page `after_page` of the collection's listing is served
    for the first time, as if someone edited the record while the collector paged.
    """

    collection: str
    record_id: int
    after_page: int
    new_name: str


@dataclass(frozen=True)
class DeactivateAgent:
    """Deactivate an active agent mid-collection, as an admin offboarding someone would.

    Right after page `after_page` of the `/agents` listing is served for the first time, the
    agent leaves that listing and joins `/agents?active=false` (`deactivated: true`).
    """

    agent_id: int
    after_page: int


@dataclass(frozen=True)
class PagingFaults:
    """How broken servers and proxies page (issue 9); the defaults page as asked.

    `repeat_page` N answers page N with the records of page N-1 (the pages after it are
    right); `ignore_page` answers page 1 whatever `page` asks, with next links as usual;
    `own_page_size` serves that many records a page whatever `per_page` asks (Freshdesk's
    default is 30; combine with `link_header=False` for the server that sealed 30 of 300);
    `endless` links every page to a next one and, past the last record, serves full pages
    of new records (copies of the last one with fresh ids) for ever.
    """

    repeat_page: int | None = None
    ignore_page: bool = False
    own_page_size: int | None = None
    endless: bool = False


@dataclass(frozen=True)
class Quirks:
    """Defaults serve the snapshot as stored, on a current Enterprise account's API.

    `REAL_API` switches to what a real account's listings look like: the real record
    shape, without `role_ids`/`group_ids` in agent listings or `agent_ids` in `/groups`,
    contacts without `view_all_tickets`, invitations in the default agent listing.
    """

    # Agent record shape; None serves records in the shape the snapshot stores them.
    shape: Shape | None = None
    # `/agents` listings with role_ids, group_ids and skill_ids (real ones leave them out);
    # None: as the snapshot's listing records have them.
    listing_memberships: bool | None = None
    # `agent_ids` in the old `/groups` list (`/groups/{id}` always has them); None: as stored.
    group_list_agent_ids: bool | None = None
    # `/admin/groups` and `/admin/groups/{id}/agents` exist (404 on older accounts).
    admin_groups: bool = True
    # `link: <...>;rel="next"` on every page but the last; off: only a short page ends it.
    link_header: bool = True
    # Where next links point (scheme://host:port); None: this server; "": relative links.
    link_base: str | None = None
    paging: PagingFaults = PagingFaults()
    # 429 answers carry `Retry-After`.
    retry_after: bool = True
    # Requests per window (None: unlimited, and no rate-limit headers), window in seconds.
    rate_limit: int | None = 700
    rate_window: float = 60.0
    # Contacts list calls (`GET /contacts`, not `/contacts/{id}`) per window, the listing's
    # own sub-limit (Enterprise: 200); over it, 429 with Retry-After while the account's
    # budget has room. None: no sub-limit.
    contacts_sub_limit: int | None = None
    # Send the X-RateLimit-* headers (a server may not announce its budget).
    announce_budget: bool = True
    rate_header_case: Literal["canonical", "lower", "upper"] = "canonical"
    # Requests per window that "other integrations" of the account use up.
    background_usage: int = 0
    # Seconds added before every answer.
    latency: float = 0.0
    faults: tuple[Fault, ...] = ()
    move: MoveRecord | None = None
    deactivate: DeactivateAgent | None = None
    # Where contacts carry `view_all_tickets`: "detail" is the real API (only
    # `/contacts/{id}`, with `other_companies` as objects; bare IDs in the listing);
    # None: as stored.
    contact_access: ContactAccess | None = None
    # How `/agents?active=false` is treated: honoured, rejected (400 invalid_field) or
    # ignored (the default listing is answered).
    active_filter: ActiveFilter = "honoured"
    # Unaccepted invitations appear in the default `/agents` listing (as real accounts
    # list them), not under `active=false`.
    invitations_in_default_listing: bool = False
    # `/agents?only=availability` is served (off: 400, as if the parameter were unknown).
    availability: bool = True
    # `/api/v2/account`: served, 403 or 404; `total_agents` counts active agents and
    # pending invitations, plus deactivated ones with `account_counts_deactivated`, plus
    # `account_count_offset` full-time agents the data does not hold.
    account_endpoint: AccountEndpoint = "served"
    account_counts_deactivated: bool = False
    # The plan `/account` names (`tier_type`): Forest = Enterprise, Estate = Pro,
    # Garden/Blossom = Growth, Sprout = free.
    tier_type: str = "Forest"
    account_count_offset: int = 0
    # `/scim/v2/Users` and `/Groups`: served, refused (401 or 403) or absent (404, an
    # account without SCIM); `scim_token` is the bearer token it takes (None: any token
    # that is not the API key). `/Groups` answers 404 without `scim_groups`.
    scim_endpoint: ScimEndpoint = "served"
    scim_token: str | None = None
    scim_groups: bool = True
    # Answer as the served snapshot's manifest says: 403 for a `denied` collection; a
    # `partial` one serves its records, then fails the next page with 503 for good.
    replay_manifest: bool = True


REAL_API = Quirks(
    shape="real",
    listing_memberships=False,
    group_list_agent_ids=False,
    contact_access="detail",
    invitations_in_default_listing=True,
)
