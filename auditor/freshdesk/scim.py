"""The optional SCIM 2.0 collection: the identity provider's own view of who has an account.

With a SCIM token (`--scim-token-file` or `FRESHDESK_SCIM_TOKEN`), the collector reads
`GET {scim_base_url}/Users` and, if the server offers it, `/Groups`, through the run's one
HTTP layer (its own client, for the bearer token, sharing the run's rate governor and
counters). Its absence or refusal is a recorded fact, never a failure of the audit: 401
and 403 are `denied`, 404 `unavailable`, and the run goes on. Public sources do not
confirm Freshdesk's SCIM path or attributes, so the base URL is configurable and the
records are kept exactly as served.
"""

from dataclasses import dataclass

import httpx

from auditor.errors import CollectError, UsageError
from auditor.freshdesk.client import (
    FreshdeskApi,
    RequestCounters,
    RetryPolicy,
    Timeouts,
    build_http_client,
)
from auditor.freshdesk.failures import AccessDenied, NotFound, Unauthorized
from auditor.freshdesk.network import DIRECT, NetworkSettings
from auditor.freshdesk.ratelimit import RateGovernor
from auditor.freshdesk.scim_paging import ScimListing, read_listing
from auditor.freshdesk.scim_token import ScimToken
from auditor.freshdesk.target import API_PATH, Target, is_loopback
from auditor.snapshot.manifest import ScimGroupsStatus, ScimRecord, ScimStatus
from auditor.snapshot.writer import ScimCollected

SCIM_PATH = "/scim/v2"
# A `/Groups` that answers 404 is simply not offered (RFC 7644 makes it optional).
_GROUPS_STATUS: dict[ScimStatus, ScimGroupsStatus] = {
    "complete": "complete",
    "partial": "partial",
    "denied": "denied",
    "unavailable": "not_offered",
    "not_requested": "not_read",
}


@dataclass(frozen=True)
class ScimOptions:
    """Where SCIM is and the token it takes; no `ScimOptions` means SCIM is not requested."""

    token: ScimToken
    target: Target


def scim_target(api: Target, scim_base_url: str | None) -> Target:
    """The SCIM base URL: `--scim-base-url`, else the seed's `https://NAME.freshdesk.com/scim/v2`,
    or, for a loopback `--base-url` (the fake server), the same origin's `/scim/v2`."""
    if scim_base_url is None:
        if is_loopback(api.origin[1]):
            origin = httpx.URL(api.base_url).copy_with(path="")
            return Target(api.domain, str(origin).rstrip("/") + SCIM_PATH)
        return Target(api.domain, f"https://{api.domain}.freshdesk.com{SCIM_PATH}")
    return Target(api.domain, _checked(scim_base_url))


def _checked(value: str) -> str:
    try:
        url = httpx.URL(value.strip())
    except httpx.InvalidURL:
        raise UsageError(f"--scim-base-url {value!r} is not a URL.") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise UsageError(
            f"--scim-base-url {value!r} must be an https:// URL such as "
            "https://acme.freshdesk.com/scim/v2."
        )
    if url.scheme == "http" and not is_loopback(url.host):
        raise UsageError(
            f"--scim-base-url {value!r} uses plain http:// to a host that is not loopback; the "
            "SCIM token would cross the network unencrypted. Use https://."
        )
    if url.userinfo or url.query or url.fragment:
        raise UsageError(
            f"--scim-base-url {value!r} must not carry a user name, password, query or fragment."
        )
    return str(url).rstrip("/")


def collect_scim(
    options: ScimOptions,
    governor: RateGovernor,
    counters: RequestCounters,
    *,
    retry: RetryPolicy,
    timeouts: Timeouts,
    network: NetworkSettings = DIRECT,
    transport: httpx.BaseTransport | None = None,
) -> ScimCollected:
    """`/Users`, then `/Groups`; every refusal or failure becomes the record's status and note."""
    client = build_http_client(
        options.target, options.token, timeouts=timeouts, transport=transport, network=network
    )
    before = counters.cost
    with client:
        api = FreshdeskApi(
            client,
            options.target,
            governor,
            retry=retry,
            timeouts=timeouts,
            counters=counters,
            network=network,
            endpoint_prefix=httpx.URL(options.target.base_url).path.rstrip("/") or API_PATH,
        )
        users, status, note = _read(api, "/Users")
        groups: ScimListing | None = None
        groups_status: ScimGroupsStatus = "not_read"
        if status in ("complete", "partial"):
            groups, read_status, groups_note = _read(api, "/Groups")
            groups_status = _GROUPS_STATUS[read_status]
            if groups_note and read_status != "unavailable":
                note = "; ".join(n for n in (note, f"/Groups: {groups_note}") if n)
    cost = counters.cost
    record = ScimRecord(
        status=status,
        base_url=options.target.base_url,
        note=note,
        total_results=users.total_results if users else None,
        users=len(users.resources) if users else 0,
        groups_status=groups_status,
        groups=len(groups.resources) if groups and groups_status != "not_offered" else 0,
        requests=cost.requests - before.requests,
        retries=cost.retries - before.retries,
        rate_limited=cost.rate_limited - before.rate_limited,
    )
    return ScimCollected(
        record, users.resources if users else [], groups.resources if groups else []
    )


def not_requested() -> ScimCollected:
    """The record of a run without a SCIM token: nothing was asked, nothing is missing."""
    record = ScimRecord(
        status="not_requested", base_url="", note="no SCIM token was given (--scim-token-file)"
    )
    return ScimCollected(record, [], [])


def _read(api: FreshdeskApi, path: str) -> tuple[ScimListing | None, ScimStatus, str]:
    """One listing and its status; the first page's refusal says denied or unavailable."""
    where = f"{api.target.base_url}{path}"
    try:
        listing = read_listing(api, path)
    except Unauthorized:
        return None, "denied", f"{where} refused the SCIM token (401 Unauthorized)"
    except AccessDenied as error:
        return None, "denied", f"{where} refused the SCIM token (403 Forbidden{error.detail})"
    except NotFound:
        return (
            None,
            "unavailable",
            f"{where} answered 404: the account offers no SCIM there (SCIM needs the "
            "Enterprise plan and SAML SSO; check --scim-base-url)",
        )
    except CollectError as error:
        return None, "unavailable", f"{where} could not be read ({error})"
    return listing, "complete" if listing.complete else "partial", listing.note
