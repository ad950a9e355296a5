"""Which Freshdesk the collector talks to: the domain, the base URL, and the links it may follow.

Plain `http://` is allowed only to loopback hosts (the fake server, a local proxy); a
next-page link is followed only to the very origin the run started on, so a response can
never send the key to another host or over an unencrypted connection.
"""

import ipaddress
import re
from dataclasses import dataclass

import httpx

from auditor.errors import CollectError, UsageError

API_PATH = "/api/v2"
LOOPBACK_NAMES = frozenset({"localhost"})
# A Freshdesk subdomain is one DNS label: letters, digits and inner hyphens.
_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_FRESHDESK_SUFFIX = ".freshdesk.com"


@dataclass(frozen=True)
class Target:
    """The account's domain (as the manifest names it) and the API base URL, `.../api/v2`."""

    domain: str
    base_url: str

    @property
    def origin(self) -> tuple[str, str, int | None]:
        url = httpx.URL(self.base_url)
        return url.scheme, url.host, url.port

    def url(self, path: str) -> str:
        return self.base_url + path


def resolve_target(domain: str, base_url: str | None) -> Target:
    name = normalise_domain(domain)
    if base_url is None:
        return Target(domain=name, base_url=f"https://{name}.freshdesk.com{API_PATH}")
    return Target(domain=name, base_url=checked_base_url(base_url))


def normalise_domain(domain: str) -> str:
    """`acme`, `ACME` or `acme.freshdesk.com` -> `acme`; anything else is a usage error."""
    name = domain.strip().lower()
    name = name.removeprefix("https://").rstrip("/")
    name = name.removesuffix(_FRESHDESK_SUFFIX)
    if not _SUBDOMAIN.match(name):
        raise UsageError(
            f"--domain {domain!r} is not a Freshdesk subdomain. Give the part before "
            "'.freshdesk.com' (for https://acme.freshdesk.com that is 'acme'): letters, digits "
            "and hyphens only. For a custom host, add --base-url."
        )
    return name


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def checked_base_url(value: str) -> str:
    """The base URL ending in `/api/v2`, or a usage error saying what is wrong with it."""
    try:
        url = httpx.URL(value.strip())
    except httpx.InvalidURL:
        raise UsageError(f"--base-url {value!r} is not a URL.") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise UsageError(
            f"--base-url {value!r} must be an https:// URL such as https://acme.freshdesk.com."
        )
    if url.scheme == "http" and not is_loopback(url.host):
        raise UsageError(
            f"--base-url {value!r} uses plain http:// to a host that is not loopback. The API "
            "key would cross the network unencrypted; use https:// (plain http is accepted "
            "only for 127.0.0.1, ::1 and localhost, such as the fake server)."
        )
    if url.userinfo:
        raise UsageError(
            "--base-url must not contain a user name or password; the key comes only from "
            "FRESHDESK_API_KEY or --api-key-file."
        )
    if url.query or url.fragment:
        raise UsageError(f"--base-url {value!r} must not carry a query or a fragment.")
    path = url.path.rstrip("/")
    if not path.endswith(API_PATH):
        path += API_PATH
    return str(url.copy_with(path=path)).rstrip("/")


def check_next_link(target: Target, link: str, endpoint: str) -> httpx.URL:
    """A `next` link as a URL, refused unless it stays on the run's origin and API path."""
    try:
        url = httpx.URL(link)
    except httpx.InvalidURL:
        raise CollectError(
            f"GET {endpoint} answered with a next-page link that is not a URL; stopped."
        ) from None
    scheme, host, port = target.origin
    if url.scheme != scheme:
        raise CollectError(
            f"GET {endpoint} answered with a next-page link that switches from {scheme}:// to "
            f"{url.scheme}://. The collector never follows such a link (the key would be sent "
            "over another kind of connection); stopped. Check --base-url and any proxy."
        )
    if url.host != host or url.port != port:
        elsewhere, origin = _host_port(url.host, url.port), _host_port(host, port)
        raise CollectError(
            f"GET {endpoint} answered with a next-page link to another host ({elsewhere}). The "
            f"collector only sends the key to {origin}; stopped. Check --base-url and any proxy."
        )
    base_path = httpx.URL(target.base_url).path
    if not url.path.startswith(base_path + "/"):
        raise CollectError(
            f"GET {endpoint} answered with a next-page link outside the API ({url.path}); stopped."
        )
    return url


def _host_port(host: str, port: int | None) -> str:
    return f"{host}:{port}" if port is not None else host
