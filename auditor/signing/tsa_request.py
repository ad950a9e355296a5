"""`auditor timestamp`: ask an RFC 3161 time-stamping authority to countersign a manifest's hash.

The request carries only the SHA-256 of `manifest.json`, a fresh nonce and `certReq`
(so the token holds the TSA certificate `openssl ts -verify` needs); nothing of the
evidence leaves the machine. The answer is kept byte for byte as the TSA sent it, once
it is known to answer this very request (status granted, our nonce, our hash).
"""

import hashlib

import httpx
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    TimeStampResponse,
    decode_timestamp_response,
)

from auditor.errors import SigningError
from auditor.freshdesk.client import build_http_client
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.network import DIRECT, NetworkSettings, describe_network_failure
from auditor.freshdesk.target import Target

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
# A token is a few kilobytes; more is not a TSA answering.
MAX_REPLY_BYTES = 1 << 20


def request_timestamp(
    manifest: bytes,
    tsa_url: str,
    *,
    network: NetworkSettings = DIRECT,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """The TSA's DER-encoded TimeStampResp over SHA-256(`manifest`), checked to answer us.

    `network` is the run's proxy and CA settings (`--proxy`, `--ca-bundle`, HTTPS_PROXY ...).
    """
    url = _checked_url(tsa_url)
    request = (
        TimestampRequestBuilder()
        .data(manifest)
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    reply = _post(url, request.as_bytes(), network, transport)
    response = _decode(reply, url)
    _check_answers(response, request.nonce, hashlib.sha256(manifest).digest(), url)
    return reply


def _post(
    url: httpx.URL,
    query: bytes,
    network: NetworkSettings,
    transport: httpx.BaseTransport | None,
) -> bytes:
    # The project's one HTTP client factory, so that the timeouts, the proxy and the CA
    # bundle apply to the TSA too. It is made for the Freshdesk API: the TSA gets no
    # credentials (`auth=None` below and an empty key), and a redirect is refused like any
    # other. Unlike the Freshdesk host, a plain http:// TSA may go through a proxy: only a
    # hash is sent, and the token is signed.
    proxy = network.proxy_for(url)
    if transport is None:
        transport = network.transport_for(proxy)
    target = Target(domain=url.host, base_url=str(url))
    client = build_http_client(
        target, ApiKey(""), transport=transport, max_connections=1, network=network
    )
    headers = {"Content-Type": QUERY_TYPE, "Accept": REPLY_TYPE}
    try:
        with (
            client,
            client.stream("POST", url, content=query, headers=headers, auth=None) as answer,
        ):
            if answer.status_code == httpx.codes.PROXY_AUTHENTICATION_REQUIRED:
                shown = proxy.shown if proxy else "on the way"
                raise SigningError(
                    f"The proxy {shown} in front of the time-stamping authority {url} asks for "
                    "a login (HTTP 407): give it in the proxy URL, "
                    "http://USER:PASSWORD@HOST:PORT, in HTTP_PROXY/HTTPS_PROXY or --proxy."
                )
            if answer.status_code != httpx.codes.OK:
                raise SigningError(
                    f"The time-stamping authority {url} answered HTTP {answer.status_code} "
                    "instead of a timestamp. Check --tsa (the TSA's RFC 3161 URL)."
                )
            return _bounded_body(answer, url)
    except httpx.HTTPError as error:
        problem = describe_network_failure(error, proxy, network, url.host)
        if problem:
            raise SigningError(f"The time-stamping authority {url}: {problem}") from None
        raise SigningError(
            f"The time-stamping authority {url} could not be reached "
            f"({type(error).__name__}). Check --tsa and the network, then run "
            "`auditor timestamp` again; the bundle itself is unchanged."
        ) from None


def _bounded_body(answer: httpx.Response, url: httpx.URL) -> bytes:
    body = b""
    for chunk in answer.iter_bytes():
        body += chunk
        if len(body) > MAX_REPLY_BYTES:
            raise SigningError(f"The time-stamping authority {url} sent more than 1 MiB; refused.")
    return body


def _decode(reply: bytes, url: httpx.URL) -> TimeStampResponse:
    try:
        return decode_timestamp_response(reply)
    except ValueError:
        raise SigningError(
            f"The answer of {url} is not an RFC 3161 timestamp response. Check that --tsa is a "
            "time-stamping authority's URL."
        ) from None


def _check_answers(
    response: TimeStampResponse, nonce: int | None, digest: bytes, url: httpx.URL
) -> None:
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        detail = "; ".join(response.status_string) or "no reason given"
        raise SigningError(
            f"The time-stamping authority {url} refused the request (status "
            f"{response.status}: {detail})."
        )
    info = response.tst_info
    if info.nonce != nonce or info.message_imprint.message != digest:
        raise SigningError(
            f"The token from {url} does not answer this request (another nonce or hash): a "
            "replayed or misdirected answer. Nothing was written."
        )


def _checked_url(value: str) -> httpx.URL:
    try:
        url = httpx.URL(value.strip())
    except httpx.InvalidURL:
        raise SigningError(f"--tsa {value!r} is not a URL.") from None
    # Plain http is the norm for TSAs: the token is signed, and only a hash is sent.
    if url.scheme not in ("http", "https") or not url.host or url.userinfo:
        raise SigningError(
            f"--tsa {value!r} must be an http:// or https:// URL without a user name, such as "
            "the RFC 3161 URL your time-stamping authority publishes."
        )
    return url
