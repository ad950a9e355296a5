"""The HTTP layer: one httpx client factory and `FreshdeskApi.get`, which every request uses.

`get` waits for the rate governor, retries server errors, timeouts, dropped connections
and broken bodies with capped exponential backoff and jitter, and turns every failure into
the project's own exception. httpx exceptions never leave this module: their text is
rebuilt here, so no request detail (and never the key) reaches a message.
"""

import contextlib
import json
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from auditor import TOOL_NAME, __version__
from auditor.errors import CollectError, UsageError
from auditor.freshdesk.cost import Cost
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.failures import (
    Abandoned,
    AccessDenied,
    NotFound,
    Rejected,
    RetriesExhausted,
    Unauthorized,
)
from auditor.freshdesk.network import (
    DIRECT,
    NetworkSettings,
    ProxySetting,
    describe_network_failure,
)
from auditor.freshdesk.ratelimit import LISTING, RateGovernor, retry_after_seconds
from auditor.freshdesk.scim_token import ScimToken
from auditor.freshdesk.target import API_PATH, Target
from auditor.redaction import redact, redact_logs

Params = Sequence[tuple[str, str]]
_HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


@dataclass(frozen=True)
class Timeouts:
    """Explicit timeouts (seconds): Freshdesk answers large pages slowly, never this slowly."""

    connect: float = 10.0
    read: float = 60.0
    write: float = 30.0
    pool: float = 600.0
    # The whole answer: `read` bounds each read only, so a server trickling a byte at a
    # time could otherwise hold a request forever.
    answer: float = 120.0


@dataclass(frozen=True)
class RetryPolicy:
    """How transient failures are retried: `attempts` tries in all, delays capped at `cap`."""

    attempts: int = 6
    base: float = 0.5
    cap: float = 30.0
    # 429s are waited out (the governor knows how long), but not forever.
    max_rate_limited: int = 20
    # A longer Retry-After stops the run (resumable) instead of leaving it silently asleep.
    max_retry_after: float = 600.0

    def delay(self, retry: int, rng: random.Random) -> float:
        """Equal jitter: half the exponential step fixed, half random, so clients spread out."""
        step: float = min(self.cap, self.base * 2.0**retry)
        return step / 2 + rng.uniform(0, step / 2)


class _BearerAuth(httpx.Auth):
    """`Authorization: Bearer` for the SCIM client; the token is read at each request only."""

    def __init__(self, token: ScimToken) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Any:
        request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        yield request


def build_http_client(
    target: Target,
    key: ApiKey | ScimToken,
    *,
    timeouts: Timeouts = Timeouts(),
    transport: httpx.BaseTransport | None = None,
    max_connections: int = 16,
    network: NetworkSettings = DIRECT,
) -> httpx.Client:
    """The one httpx client of a run: Basic auth `key:X`, explicit timeouts, no redirects.

    With a `ScimToken` instead of the key, the client of the SCIM base URL: the same, with
    `Authorization: Bearer` (the API key never travels to the SCIM host, nor the token to
    the API's).

    The proxy and the CA bundle come from `network` only (trust_env stays off: no .netrc).
    A plain http:// target (loopback only) is always reached directly: through a proxy the
    key would reach the proxy in clear, and a proxy's 127.0.0.1 is not this machine's.
    """
    # httpx logs each answer's status line (with the server's reason phrase) at INFO, and
    # httpcore every response header at DEBUG: an echoing proxy's text, should anyone log.
    redact_logs(*_HTTP_LOGGERS)
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=8)
    if transport is None:
        transport = network.transport_for(freshdesk_proxy(target, network), limits=limits)
    return httpx.Client(
        auth=_BearerAuth(key) if isinstance(key, ScimToken) else httpx.BasicAuth(key.reveal(), "X"),
        headers={"Accept": "application/json", "User-Agent": f"{TOOL_NAME}/{__version__}"},
        timeout=httpx.Timeout(
            connect=timeouts.connect, read=timeouts.read, write=timeouts.write, pool=timeouts.pool
        ),
        limits=limits,
        follow_redirects=False,
        transport=transport,
        trust_env=False,
    )


def freshdesk_proxy(target: Target, network: NetworkSettings) -> ProxySetting | None:
    """The proxy the key may travel through: only into a TLS tunnel, never in clear."""
    proxy = network.proxy_for(target.base_url)
    if proxy is None or target.origin[0] == "https":
        return proxy
    if proxy.source == "--proxy":
        raise UsageError(
            f"--proxy cannot be used with the plain http:// --base-url {target.base_url}: the "
            "proxy would receive the API key unencrypted. Plain http is only for loopback "
            "hosts, which are reached directly; use https:// to go through a proxy."
        )
    return None  # HTTP_PROXY from the environment: loopback is reached directly


@dataclass
class Attempts:
    """What one logical call cost: HTTP requests sent, retries, 429s."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0

    @property
    def cost(self) -> Cost:
        return Cost(self.requests, self.retries, self.rate_limited)


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: Any
    next_link: str | None
    date: datetime | None
    attempts: Attempts


@dataclass
class RequestCounters:
    """Run-wide totals for the progress display; updated from many threads."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, requests: int = 0, retries: int = 0, rate_limited: int = 0) -> None:
        with self._lock:
            self.requests += requests
            self.retries += retries
            self.rate_limited += rate_limited

    @property
    def cost(self) -> Cost:
        with self._lock:
            return Cost(self.requests, self.retries, self.rate_limited)


class _TooSlow(Exception):
    """The answer did not arrive whole within `Timeouts.answer`."""


class FreshdeskApi:
    """GET requests to one account, through the governor, with retries and clear errors."""

    def __init__(
        self,
        client: httpx.Client,
        target: Target,
        governor: RateGovernor,
        *,
        retry: RetryPolicy = RetryPolicy(),
        timeouts: Timeouts = Timeouts(),
        counters: RequestCounters | None = None,
        sleep: Callable[[float], object] | None = None,
        rng: random.Random | None = None,
        network: NetworkSettings = DIRECT,
        endpoint_prefix: str = API_PATH,
    ) -> None:
        self._client = client
        # How messages name an endpoint: `/api/v2/agents`, or `/scim/v2/Users`.
        self._prefix = endpoint_prefix
        self._network = network
        self.target = target
        self.governor = governor
        self._retry = retry
        self._timeouts = timeouts
        self.counters = counters or RequestCounters()
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrecy
        self._reached = threading.Event()
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Make every pending and future call give up (another part of the run failed)."""
        self._stopped.set()
        self.governor.close()

    def get(
        self,
        path: str,
        params: Params = (),
        *,
        priority: int = LISTING,
        cancelled: threading.Event | None = None,
        attempts: Attempts | None = None,
    ) -> ApiResponse:
        """GET `path` (relative to the base URL); the parsed JSON body and how it was fetched.

        `attempts` (when given) counts the requests even when the call ends in an exception.
        """
        endpoint = describe_endpoint(path, params, self._prefix)
        attempts = attempts if attempts is not None else Attempts()
        failures = 0
        limited_in_a_row = 0
        while True:
            if self._stopped.is_set() or (cancelled is not None and cancelled.is_set()):
                raise Abandoned(endpoint)
            outcome = self._attempt(path, params, endpoint, priority, attempts)
            if isinstance(outcome, ApiResponse):
                return outcome
            if outcome == "rate_limited":
                limited_in_a_row += 1
                if limited_in_a_row > self._retry.max_rate_limited:
                    raise CollectError(
                        f"GET {endpoint} was refused for exceeding the rate limit (429) "
                        f"{limited_in_a_row} times in a row, even after waiting as told. Other "
                        "integrations may be using the whole budget; try again later or with "
                        "a lower --budget-share."
                    )
                continue
            failures += 1
            if failures >= self._retry.attempts:
                raise RetriesExhausted(endpoint, outcome, failures)
            attempts.retries += 1
            self.counters.add(retries=1)
            delay = self._retry.delay(failures - 1, self._rng)
            # Waiting on the stop event lets a stopping run skip the rest of a backoff.
            (self._sleep or self._stopped.wait)(delay)

    def _attempt(
        self, path: str, params: Params, endpoint: str, priority: int, attempts: Attempts
    ) -> "ApiResponse | str":
        """One HTTP request: a response, "rate_limited", or a description of a transient failure."""
        with self.governor.slot(priority, path=path) as slot:
            attempts.requests += 1
            self.counters.add(requests=1)
            try:
                with self._client.stream(
                    "GET", self.target.url(path), params=list(params)
                ) as response:
                    # Headers arrived: the host answers, whatever becomes of the body.
                    self._reached.set()
                    slot.record(response.status_code, response.headers)
                    content = self._read_body(response)
            except httpx.HTTPError as error:
                self._raise_if_network_setup(error)
                problem = _describe_transport_error(error)
                if not self._reached.is_set() and isinstance(
                    error, httpx.ConnectError | httpx.TimeoutException
                ):
                    # Nothing has ever answered: a wrong host or port, or a proxy or firewall
                    # that swallows requests. Retrying for minutes would not help.
                    raise CollectError(
                        f"Cannot reach Freshdesk at {self.target.base_url} ({problem}). Check "
                        "--domain (the part before .freshdesk.com), --base-url, the network and "
                        "any proxy."
                    ) from None
                return problem
            except _TooSlow:
                return f"the answer took longer than {self._timeouts.answer:g} s"
        return self._interpret(response, content, endpoint, attempts)

    def _raise_if_network_setup(self, error: httpx.HTTPError) -> None:
        """A proxy or certificate problem stops the run at once: no retry can fix it."""
        proxy = freshdesk_proxy(self.target, self._network)
        host = self.target.origin[1]
        problem = describe_network_failure(
            error, proxy, self._network, host, first_contact=not self._reached.is_set()
        )
        if problem is not None:
            raise CollectError(
                f"Cannot reach Freshdesk at {self.target.base_url}: {problem}"
            ) from None

    def _read_body(self, response: httpx.Response) -> bytes:
        deadline = time.monotonic() + self._timeouts.answer
        chunks = []
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise _TooSlow
        return b"".join(chunks)

    def _interpret(
        self, response: httpx.Response, content: bytes, endpoint: str, attempts: Attempts
    ) -> "ApiResponse | str":
        status = response.status_code
        if status == 429:
            attempts.rate_limited += 1
            self.counters.add(rate_limited=1)
            wait = retry_after_seconds(response.headers)
            if wait is not None and wait > self._retry.max_retry_after:
                raise CollectError(
                    f"GET {endpoint} was refused for exceeding the rate limit (429), and "
                    f"Freshdesk asked to wait {wait:.0f} s before the next request. Other "
                    "integrations may be using the whole budget; run the same command with "
                    "--resume later to continue where it stopped."
                )
            return "rate_limited"
        if status >= 500:
            # The reason phrase is the server's own text, like an error body.
            return redact(f"{status} {response.reason_phrase}")
        if status == 401:
            raise Unauthorized(
                endpoint,
                f"Freshdesk refused the API key (401 Unauthorized) for GET {endpoint} at "
                f"{self.target.base_url}. Check that FRESHDESK_API_KEY (or --api-key-file) "
                f"holds a current key of an administrator of '{self.target.domain}'.",
            )
        if status == 403:
            raise AccessDenied(endpoint, _api_message(content, prefix=": "))
        if status == 404:
            raise NotFound(endpoint)
        if 300 <= status < 400:
            raise CollectError(
                f"GET {endpoint} answered with a redirect ({status}); the collector does not "
                "follow redirects, so the key is only ever sent to the configured host. Check "
                "--domain and --base-url."
            )
        if status == 400:
            raise Rejected(endpoint, _api_message(content, ": "), _error_fields(content))
        if status != 200:
            raise CollectError(
                f"Freshdesk rejected GET {endpoint} ({status}{_api_message(content, ': ')})."
            )
        try:
            body = json.loads(content)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return "the answer was not valid JSON"
        next_link = response.links.get("next", {}).get("url")
        if next_link is not None:
            # A relative link (RFC 8288) is relative to the page it came with; one that is
            # no URL at all is refused where links are checked.
            with contextlib.suppress(httpx.InvalidURL):
                next_link = str(response.url.join(next_link))
        return ApiResponse(
            status=status,
            body=body,
            next_link=next_link,
            date=_response_date(response),
            attempts=attempts,
        )


def describe_endpoint(path: str, params: Params = (), prefix: str = API_PATH) -> str:
    query = "&".join(f"{name}={value}" for name, value in params)
    return f"{prefix}{path}" + (f"?{query}" if query else "")


def _response_date(response: httpx.Response) -> datetime | None:
    value = response.headers.get("date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def _api_message(content: bytes, prefix: str) -> str:
    """The API's own error text (`message`, `description`, field errors), kept short."""
    try:
        body = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ""
    if not isinstance(body, dict):
        return ""
    parts = [str(body[key]) for key in ("description", "message", "code") if body.get(key)]
    for error in body.get("errors") or []:
        if isinstance(error, dict):
            parts.append(f"{error.get('field', '?')}: {error.get('message', '')}".strip())
    # Redacted before it is shortened, so no cut can leave part of an echoed key behind.
    text = redact("; ".join(parts))[:300]
    return f"{prefix}{text}" if text else ""


def _error_fields(content: bytes) -> tuple[str, ...]:
    """The `field` of each entry of a 400 answer's `errors` list."""
    try:
        body = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ()
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return ()
    return tuple(str(e["field"]) for e in errors if isinstance(e, dict) and "field" in e)


def _describe_transport_error(error: httpx.HTTPError) -> str:
    """A short description built from the error's kind; httpx's own text is not reused."""
    if isinstance(error, httpx.ConnectTimeout):
        return "timed out while connecting"
    if isinstance(error, httpx.ReadTimeout):
        return "timed out waiting for the answer"
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.ConnectError):
        reason = str(error).lower()
        if any(
            sign in reason
            for sign in (
                "name or service",
                "nodename nor servname",
                "name resolution",
                "getaddrinfo",
            )
        ):
            return "the host name does not resolve"
        if "refused" in reason:
            return "connection refused"
        if "certificate" in reason or "ssl" in reason:
            return "the TLS certificate was not accepted"
        return "could not connect"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the connection closed before the answer was complete"
    if isinstance(error, httpx.ReadError | httpx.WriteError):
        return "the connection broke"
    return "the request failed in transport"
