"""Network settings: which proxy and CA a run uses, from flags or the environment, and how
proxy URLs are shown (never with their password)."""

from pathlib import Path

import httpx
import pytest
import trustme

from auditor.errors import UsageError
from auditor.freshdesk.client import build_http_client, freshdesk_proxy
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.network import (
    DIRECT,
    bypasses_proxy,
    describe_network_failure,
    network_settings_from,
    parse_proxy,
)
from auditor.freshdesk.target import Target

HTTPS = Target("acme", "https://acme.freshdesk.com/api/v2")
LOOPBACK_HTTP = Target("acme", "http://127.0.0.1:8080/api/v2")


def test_the_flag_wins_over_the_environment_and_serves_both_schemes() -> None:
    env = {"HTTPS_PROXY": "http://env-proxy:3128", "HTTP_PROXY": "http://env-proxy:3128"}
    settings = network_settings_from(proxy="http://flag-proxy:8080", environ=env)
    for url in ("https://acme.freshdesk.com/", "http://tsa.example/"):
        chosen = settings.proxy_for(url)
        assert chosen is not None
        assert (chosen.shown, chosen.source) == ("http://flag-proxy:8080", "--proxy")


def test_each_scheme_takes_its_own_variable_lower_case_first() -> None:
    env = {
        "https_proxy": "http://lower:1",
        "HTTPS_PROXY": "http://upper:2",
        "HTTP_PROXY": "plain-proxy:3",
    }
    settings = network_settings_from(environ=env)
    https, http = settings.proxy_for("https://a.example/"), settings.proxy_for("http://a.example/")
    assert https is not None
    assert http is not None
    assert (https.shown, https.source) == ("http://lower:1", "HTTPS_PROXY")
    # A bare HOST:PORT, as many environments spell it, is an http:// proxy.
    assert (http.shown, http.source) == ("http://plain-proxy:3", "HTTP_PROXY")
    assert network_settings_from(environ={}).proxy_for("https://a.example/") is None


@pytest.mark.parametrize(
    ("host", "no_proxy", "bypassed"),
    [
        ("acme.freshdesk.com", ("freshdesk.com",), True),
        ("acme.freshdesk.com", (".freshdesk.com",), True),
        ("acme.freshdesk.com", ("*.freshdesk.com",), True),
        ("acme.freshdesk.com", ("acme.freshdesk.com:443",), True),
        ("notfreshdesk.com", ("freshdesk.com",), False),
        ("acme.freshdesk.com", ("example.com", "*"), True),
        ("10.1.2.3", ("10.0.0.0/8",), True),
        ("10.1.2.3", ("10.1.2.4",), False),
        ("::1", ("::1",), True),
        ("acme.freshdesk.com", (), False),
    ],
)
def test_no_proxy_entries(host: str, no_proxy: tuple[str, ...], bypassed: bool) -> None:
    assert bypasses_proxy(host, no_proxy) is bypassed


def test_no_proxy_from_the_environment_applies_to_the_flag_too() -> None:
    env = {"NO_PROXY": " Freshdesk.com , 127.0.0.1"}
    settings = network_settings_from(proxy="http://proxy:3128", environ=env)
    assert settings.proxy_for("https://acme.freshdesk.com/api/v2") is None
    assert settings.proxy_for("https://other.example/") is not None


def test_proxy_credentials_are_never_shown() -> None:
    proxy = parse_proxy("http://auditor:Pa55-w0rd@proxy.corp:3128", "HTTPS_PROXY")
    assert proxy.shown == "http://proxy.corp:3128"
    assert proxy.has_credentials
    assert "Pa55-w0rd" not in repr(proxy)
    assert "Pa55-w0rd" not in repr(network_settings_from(proxy=proxy.url.__str__(), environ={}))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("socks5://proxy:1080", "only http:// and https:// proxies"),
        ("http://", "is not a URL"),
    ],
)
def test_unsupported_proxies_are_usage_errors(value: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        network_settings_from(proxy=value, environ={})


def test_ssl_cert_file_is_used_unless_the_flag_names_another(tmp_path: Path) -> None:
    ca_file = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(ca_file))
    from_env = network_settings_from(environ={"SSL_CERT_FILE": str(ca_file)})
    assert from_env.ca_bundle is not None
    assert (from_env.ca_bundle.path, from_env.ca_bundle.source) == (ca_file, "SSL_CERT_FILE")
    with pytest.raises(UsageError, match=r"\(from --ca-bundle\) cannot be used"):
        network_settings_from(ca_bundle=tmp_path / "missing.pem", environ={})
    with pytest.raises(UsageError, match=r"\(from SSL_CERT_FILE\) cannot be used"):
        network_settings_from(environ={"SSL_CERT_FILE": str(tmp_path / "missing.pem")})


def test_plain_http_never_goes_through_a_proxy() -> None:
    from_env = network_settings_from(environ={"HTTP_PROXY": "http://proxy:3128"})
    assert freshdesk_proxy(LOOPBACK_HTTP, from_env) is None
    flagged = network_settings_from(proxy="http://proxy:3128", environ={})
    with pytest.raises(UsageError, match="receive the API key unencrypted"):
        freshdesk_proxy(LOOPBACK_HTTP, flagged)
    chosen = freshdesk_proxy(HTTPS, flagged)
    assert chosen is not None
    assert chosen.shown == "http://proxy:3128"


def test_the_client_reads_nothing_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTPS_PROXY reaches the client only through NetworkSettings (and .netrc never)."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    client = build_http_client(HTTPS, ApiKey("k"), transport=httpx.MockTransport(answer))
    assert client.trust_env is False
    client.get(HTTPS.url("/agents"))
    assert len(seen) == 1
    assert DIRECT.proxy_for(HTTPS.base_url) is None


def test_a_proxy_that_stops_answering_mid_run_is_retried_not_final() -> None:
    settings = network_settings_from(proxy="http://127.0.0.1:9", environ={})
    proxy = settings.proxy_for(HTTPS.base_url)
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    first = describe_network_failure(refused, proxy, settings, "acme.freshdesk.com")
    assert first is not None
    assert "refused the connection" in first
    later = describe_network_failure(
        refused, proxy, settings, "acme.freshdesk.com", first_contact=False
    )
    assert later is None
