"""How a run reaches the network: the proxy and the CA bundle, from flags or the environment.

Everything is read here, explicitly: `--proxy` or HTTPS_PROXY/HTTP_PROXY (NO_PROXY exempts
hosts), `--ca-bundle` or SSL_CERT_FILE. httpx's own `trust_env` stays off, so nothing else
in the environment (`.netrc` above all) is ever used. `describe_network_failure` turns a
proxy or TLS failure into a sentence that names the problem, without reusing httpx's text.

Any command that talks HTTP (collect, audit, a timestamp request) builds its settings with
`network_settings_from` and its transport with `NetworkSettings.transport_for`.
"""

import ipaddress
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import TypeVar

import certifi
import httpx

from auditor.errors import UsageError

# OpenSSL's verify codes (X509_V_ERR_*) that mean "the certificate is not for this host".
_NAME_MISMATCH = frozenset({62, 63, 64})  # host name, e-mail, IP address mismatch
# ...and those that mean "nobody we trust signed it".
_UNTRUSTED = frozenset({2, 18, 19, 20, 21})
_EXPIRED = 10
_NOT_YET_VALID = 9

E = TypeVar("E", bound=BaseException)


@dataclass(frozen=True)
class ProxySetting:
    """A forward proxy and where it was configured (`--proxy`, `HTTPS_PROXY`, ...)."""

    # May carry a user name and password: never printed (see `shown`).
    url: httpx.URL = field(repr=False)
    source: str

    @property
    def shown(self) -> str:
        """The proxy as messages name it: scheme, host and port, never the credentials."""
        port = f":{self.url.port}" if self.url.port is not None else ""
        return f"{self.url.scheme}://{self.url.host}{port}"

    @property
    def has_credentials(self) -> bool:
        return bool(self.url.userinfo)


@dataclass(frozen=True)
class CaBundle:
    """A PEM file of trusted CA certificates and where it was configured."""

    path: Path
    source: str


@dataclass(frozen=True)
class NetworkSettings:
    """The proxies and trust of a run; the default is direct, with certifi's public roots."""

    https_proxy: ProxySetting | None = None
    http_proxy: ProxySetting | None = None
    # NO_PROXY entries, lower case: host names, domain suffixes, IP addresses, networks, `*`.
    no_proxy: tuple[str, ...] = ()
    ca_bundle: CaBundle | None = None

    def proxy_for(self, url: str | httpx.URL) -> ProxySetting | None:
        """The proxy a request to `url` goes through (by its scheme), or None for direct."""
        target = httpx.URL(url)
        proxy = self.https_proxy if target.scheme == "https" else self.http_proxy
        if proxy is None or bypasses_proxy(target.host, self.no_proxy):
            return None
        return proxy

    def ssl_context(self) -> ssl.SSLContext:
        """Certificate and host name checks against the configured bundle (or certifi's)."""
        bundle = self.ca_bundle
        cafile = str(bundle.path) if bundle is not None else certifi.where()
        try:
            return ssl.create_default_context(cafile=cafile)
        except (ssl.SSLError, OSError) as error:
            if bundle is None:
                raise
            # ssl.SSLError is an OSError too, whose text is OpenSSL's; a file error's is kept.
            reason = None if isinstance(error, ssl.SSLError) else error.strerror
            problem = reason or "it holds no PEM certificate"
            raise UsageError(
                f"The CA bundle {bundle.path} (from {bundle.source}) cannot be used: {problem}. "
                "Give a PEM file with the certificate of the CA that signs your Freshdesk or "
                "proxy certificates (for example /etc/ssl/certs/ca-certificates.crt)."
            ) from None

    def transport_for(
        self, proxy: ProxySetting | None, *, limits: httpx.Limits | None = None
    ) -> httpx.HTTPTransport:
        """The transport of one client: TLS checked against the bundle, through `proxy`.

        An https:// request through a proxy travels inside a CONNECT tunnel: the proxy sees
        the host name, never the request's headers (nor the key in them).
        """
        context = self.ssl_context()
        via: httpx.Proxy | None = None
        if proxy is not None:
            # An https:// proxy's own certificate is checked against the same bundle.
            proxy_tls = context if proxy.url.scheme == "https" else None
            via = httpx.Proxy(proxy.url, ssl_context=proxy_tls)
        return httpx.HTTPTransport(
            verify=context, limits=limits or httpx.Limits(), trust_env=False, proxy=via
        )


# No proxy, certifi's public roots: what a run uses unless told otherwise.
DIRECT = NetworkSettings()


def network_settings_from(
    *,
    proxy: str | None = None,
    ca_bundle: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> NetworkSettings:
    """The settings of a run: `--proxy`/`--ca-bundle` when given, else the environment.

    `--proxy` serves both schemes, like HTTPS_PROXY and HTTP_PROXY together; NO_PROXY
    applies to it too. The bundle is loaded once here, so a bad file fails before any request.
    """
    env = os.environ if environ is None else environ
    https_proxy: ProxySetting | None
    http_proxy: ProxySetting | None
    if proxy is not None:
        https_proxy = http_proxy = parse_proxy(proxy, "--proxy")
    else:
        https_proxy = _proxy_from_env(env, "https_proxy")
        http_proxy = _proxy_from_env(env, "http_proxy")
    bundle: CaBundle | None = None
    if ca_bundle is not None:
        bundle = CaBundle(ca_bundle, "--ca-bundle")
    elif _env(env, "ssl_cert_file"):
        bundle = CaBundle(Path(_env(env, "ssl_cert_file")), "SSL_CERT_FILE")
    no_proxy = tuple(
        entry.strip().lower() for entry in _env(env, "no_proxy").split(",") if entry.strip()
    )
    settings = NetworkSettings(https_proxy, http_proxy, no_proxy, bundle)
    settings.ssl_context()
    return settings


def parse_proxy(value: str, source: str) -> ProxySetting:
    """`http://[USER:PASSWORD@]HOST[:PORT]` (or https://); a bare HOST:PORT means http://."""
    text = value.strip()
    if "://" not in text:
        text = f"http://{text}"
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL:
        url = None
    if url is None or not url.host:
        raise UsageError(
            f"The proxy from {source} is not a URL. Give it as http://HOST:PORT (with "
            "USER:PASSWORD@ before the host if the proxy needs a login)."
        )
    if url.scheme not in ("http", "https"):
        raise UsageError(
            f"The proxy from {source} uses {url.scheme}://; only http:// and https:// "
            "proxies (HTTP CONNECT) are supported."
        )
    return ProxySetting(url, source)


def bypasses_proxy(host: str, no_proxy: tuple[str, ...]) -> bool:
    """Whether NO_PROXY exempts `host`: `*`, the host, a parent domain, an address or network."""
    host = host.lower().strip("[]")
    for entry in no_proxy:
        if entry == "*":
            return True
        name = entry.removeprefix("*").removeprefix(".")
        try:
            network = ipaddress.ip_network(name.strip("[]"), strict=False)
        except ValueError:
            network = None
        if network is not None:
            try:
                if ipaddress.ip_address(host) in network:
                    return True
            except ValueError:
                pass
            continue
        name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
        if host == name or host.endswith(f".{name}"):
            return True
    return False


def describe_network_failure(
    error: BaseException,
    proxy: ProxySetting | None,
    settings: NetworkSettings,
    host: str,
    *,
    first_contact: bool = True,
) -> str | None:
    """What went wrong, when it is a proxy or TLS problem that no retry can fix; else None.

    A proxy that cannot be reached is final only on `first_contact`: once the run has
    been answered, a proxy that stops answering is a transient failure, retried as any.
    """
    verification = _find_cause(error, ssl.SSLCertVerificationError)
    if verification is not None:
        return _certificate_problem(verification, proxy, settings, host)
    if isinstance(error, httpx.ProxyError) and proxy is not None:
        return _proxy_refusal(str(error), proxy, host)
    handshake = _find_cause(error, ssl.SSLError)
    if handshake is not None:
        reason = handshake.reason or "no reason given"
        return (
            f"the TLS handshake failed ({reason}). Check that the URL is https:// to a TLS "
            "server, and that the proxy URL's scheme matches the proxy (usually http://)."
        )
    if proxy is not None and first_contact and isinstance(error, httpx.ConnectError):
        text = str(error).lower()
        if "refused" in text:
            return (
                f"the proxy {proxy.shown} (from {proxy.source}) refused the connection. Check "
                "the proxy's host and port."
            )
        if "name or service" in text or "name resolution" in text or "getaddrinfo" in text:
            return f"the proxy's host name {proxy.shown} (from {proxy.source}) does not resolve."
    return None


def _certificate_problem(
    error: ssl.SSLCertVerificationError,
    proxy: ProxySetting | None,
    settings: NetworkSettings,
    host: str,
) -> str:
    code = error.verify_code
    via = f" (reached through the proxy {proxy.shown})" if proxy is not None else ""
    if code in _NAME_MISMATCH:
        return (
            f"the TLS certificate presented for {host}{via} is not valid for that host name "
            "(host name mismatch). Check --domain and --base-url; a proxy that inspects TLS "
            "must re-sign for the name it was asked for."
        )
    bundle = settings.ca_bundle
    trust = (
        f"the CA bundle {bundle.path} (from {bundle.source})"
        if bundle is not None
        else "the public CAs the tool trusts by default"
    )
    if code == _EXPIRED:
        return f"the TLS certificate presented for {host}{via} has expired."
    if code == _NOT_YET_VALID:
        return (
            f"the TLS certificate presented for {host}{via} is not valid yet; check this "
            "machine's clock."
        )
    kind = "is not signed by a trusted CA" if code in _UNTRUSTED else "was refused"
    detail = error.verify_message or "no reason given"
    return (
        f"the TLS certificate presented for {host}{via} {kind} (certificate not trusted: "
        f"{detail}; checked against {trust}). If your network inspects TLS with its own CA, "
        "give that CA's certificate with --ca-bundle FILE or SSL_CERT_FILE."
    )


def _proxy_refusal(text: str, proxy: ProxySetting, host: str) -> str:
    """httpcore says `407 Proxy Authentication Required`; only the status code is reused."""
    code_text = text.split(" ", 1)[0]
    code = int(code_text) if code_text.isdigit() else None
    where = f"the proxy {proxy.shown} (from {proxy.source})"
    if code == 407:
        fix = (
            "the user name and password in the proxy URL were refused; check them"
            if proxy.has_credentials
            else "give them in the proxy URL, http://USER:PASSWORD@HOST:PORT"
        )
        return f"{where} requires authentication (407 Proxy Authentication Required): {fix}."
    try:
        status = f"{code} {HTTPStatus(code).phrase}" if code is not None else "no status"
    except ValueError:
        status = str(code)
    if code is not None and code >= 500:
        return (
            f"{where} could not open a tunnel to {host} ({status}): the proxy cannot reach "
            "it. Check --domain and --base-url, or ask whoever runs the proxy."
        )
    return (
        f"{where} refused to open a tunnel to {host} ({status}). Ask whoever runs the proxy "
        "to allow it."
    )


def _find_cause(error: BaseException, kind: type[E]) -> E | None:
    """The first exception of `kind` in the chain httpx and httpcore wrap around a failure."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _proxy_from_env(env: Mapping[str, str], name: str) -> ProxySetting | None:
    value = _env(env, name)
    return parse_proxy(value, name.upper()) if value else None


def _env(env: Mapping[str, str], name: str) -> str:
    """A variable in lower case (the usual spelling for proxies) or upper case."""
    return (env.get(name) or env.get(name.upper()) or "").strip()
