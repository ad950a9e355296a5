"""`auditor collect` over https:// as a company network runs it: a private CA, a CONNECT proxy.

The fake server serves TLS with a certificate from a throwaway `trustme` CA; the proxy is
tests/freshdesk/forward_proxy.py on loopback. Every failure must exit 2 naming the problem.
"""

import base64
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from auditor.fake import FakeFreshdesk
from tests.cli import CliResult, run_cli
from tests.fake.accounts import TEST_QUIRKS, cli_args
from tests.freshdesk.forward_proxy import ForwardProxy

SECRET = "Sekr1t-Tls-Pq4Zr8Hk"
PROXY_PASSWORD = "Pr0xy-Pw-Jd3"
NETWORK_VARIABLES = (
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "SSL_CERT_FILE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own proxy and CA settings must not decide these tests."""
    for name in NETWORK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FRESHDESK_API_KEY", SECRET)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "company-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def tls_server(account_dir: Path, ca: trustme.CA, *names: str) -> FakeFreshdesk:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return FakeFreshdesk(account_dir, api_key=SECRET, quirks=TEST_QUIRKS, tls=context)


@pytest.fixture
def https_server(account_dir: Path, ca: trustme.CA) -> Iterator[FakeFreshdesk]:
    with tls_server(account_dir, ca, "127.0.0.1", "localhost") as server:
        yield server


def collect(
    capsys: pytest.CaptureFixture[str], server: FakeFreshdesk, out: Path, *extra: str
) -> CliResult:
    return run_cli(capsys, *cli_args("collect", server.url, out, *extra))


def assert_no_secret(result: CliResult, *secrets: str) -> None:
    for secret in (SECRET, *secrets):
        assert secret not in result.out + result.err


def test_collects_over_https_with_the_private_ca(
    https_server: FakeFreshdesk, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert https_server.url.startswith("https://127.0.0.1:")
    result = collect(capsys, https_server, tmp_path / "snap", "--ca-bundle", str(ca_file))
    assert result.code == 0, result.err
    assert "(complete)" in result.out
    assert https_server.count("/agents", status=200) >= 1


def test_ssl_cert_file_is_honoured(
    https_server: FakeFreshdesk,
    ca_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    result = collect(capsys, https_server, tmp_path / "snap")
    assert result.code == 0, result.err


def test_collects_through_a_connect_proxy_that_never_sees_the_key(
    https_server: FakeFreshdesk, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ForwardProxy() as proxy:
        result = collect(
            capsys,
            https_server,
            tmp_path / "snap",
            "--ca-bundle",
            str(ca_file),
            "--proxy",
            proxy.url,
        )
    assert result.code == 0, result.err
    assert proxy.log.connects, "the run did not go through the proxy"
    assert set(proxy.log.connects) == {f"127.0.0.1:{https_server.port}"}
    assert all(line.startswith("CONNECT ") for line in proxy.log.request_lines)
    basic = base64.b64encode(f"{SECRET}:X".encode())
    assert SECRET.encode() not in proxy.log.received
    assert basic not in proxy.log.received
    # The bytes went through the tunnel: the server answered what the proxy carried.
    assert https_server.count("/agents", status=200) >= 1


def test_https_proxy_from_the_environment_and_no_proxy(
    https_server: FakeFreshdesk,
    ca_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with ForwardProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        through = collect(capsys, https_server, tmp_path / "a", "--ca-bundle", str(ca_file))
        assert through.code == 0, through.err
        tunnels = len(proxy.log.connects)
        assert tunnels >= 1
        monkeypatch.setenv("NO_PROXY", "example.com, 127.0.0.0/8")
        direct = collect(capsys, https_server, tmp_path / "b", "--ca-bundle", str(ca_file))
        assert direct.code == 0, direct.err
        assert len(proxy.log.connects) == tunnels


def test_an_untrusted_certificate_is_refused_with_exit_2(
    https_server: FakeFreshdesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    result = collect(capsys, https_server, tmp_path / "snap", "--ca-bundle", str(other_ca))
    assert result.code == 2
    assert "certificate not trusted" in result.err
    assert f"checked against the CA bundle {other_ca} (from --ca-bundle)" in result.err
    assert "Traceback" not in result.err
    assert https_server.count() == 0
    assert_no_secret(result)


def test_the_public_roots_do_not_trust_a_private_ca(
    https_server: FakeFreshdesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = collect(capsys, https_server, tmp_path / "snap")
    assert result.code == 2
    assert "certificate not trusted" in result.err
    assert "--ca-bundle FILE or SSL_CERT_FILE" in result.err


def test_a_wrong_host_name_is_refused_with_exit_2(
    account_dir: Path,
    ca: trustme.CA,
    ca_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with tls_server(account_dir, ca, "freshdesk.example") as server, ForwardProxy() as proxy:
        result = collect(
            capsys, server, tmp_path / "snap", "--ca-bundle", str(ca_file), "--proxy", proxy.url
        )
    assert result.code == 2
    assert "host name mismatch" in result.err
    assert f"through the proxy {proxy.url}" in result.err
    assert server.count() == 0
    assert_no_secret(result)


def test_a_proxy_asking_for_a_login_is_named_and_its_password_hidden(
    https_server: FakeFreshdesk, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ForwardProxy(credentials=f"auditor:{PROXY_PASSWORD}") as proxy:
        port = proxy.url.rsplit(":", 1)[1]
        without = collect(
            capsys, https_server, tmp_path / "a", "--ca-bundle", str(ca_file), "--proxy", proxy.url
        )
        wrong = f"http://auditor:not-{PROXY_PASSWORD}@127.0.0.1:{port}"
        refused = collect(
            capsys, https_server, tmp_path / "b", "--ca-bundle", str(ca_file), "--proxy", wrong
        )
        right = f"http://auditor:{PROXY_PASSWORD}@127.0.0.1:{port}"
        accepted = collect(
            capsys, https_server, tmp_path / "c", "--ca-bundle", str(ca_file), "--proxy", right
        )
    assert without.code == 2
    assert "requires authentication (407 Proxy Authentication Required)" in without.err
    assert "http://USER:PASSWORD@HOST:PORT" in without.err
    assert refused.code == 2
    assert "user name and password in the proxy URL were refused" in refused.err
    assert f"the proxy http://127.0.0.1:{port} (from --proxy)" in refused.err
    assert_no_secret(refused, PROXY_PASSWORD)
    assert accepted.code == 0, accepted.err
    assert_no_secret(accepted, PROXY_PASSWORD)


def test_a_proxy_that_refuses_connections_is_named(
    https_server: FakeFreshdesk, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ForwardProxy() as proxy:
        closed = proxy.url  # nothing listens there once the proxy has stopped
    result = collect(
        capsys, https_server, tmp_path / "snap", "--ca-bundle", str(ca_file), "--proxy", closed
    )
    assert result.code == 2
    assert f"the proxy {closed} (from --proxy) refused the connection" in result.err


def test_a_proxy_that_will_not_tunnel_is_named(
    https_server: FakeFreshdesk, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A name the test proxy never tunnels to (only loopback addresses): it answers 403.
    with ForwardProxy() as proxy:
        result = run_cli(
            capsys,
            *cli_args("collect", "https://freshdesk.example", tmp_path / "snap"),
            "--ca-bundle",
            str(ca_file),
            "--proxy",
            proxy.url,
        )
    assert result.code == 2
    assert "refused to open a tunnel to freshdesk.example (403 Forbidden)" in result.err
    assert proxy.log.connects == []


def test_a_proxy_for_plain_http_is_refused_and_the_environment_proxy_skipped(
    account_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with (
        FakeFreshdesk(account_dir, api_key=SECRET, quirks=TEST_QUIRKS) as server,
        ForwardProxy() as proxy,
    ):
        refused = collect(capsys, server, tmp_path / "a", "--proxy", proxy.url)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        direct = collect(capsys, server, tmp_path / "b")
    assert refused.code == 2
    assert "the proxy would receive the API key unencrypted" in refused.err
    assert not (tmp_path / "a").exists()
    assert direct.code == 0, direct.err
    assert proxy.log.request_lines == []


def test_a_ca_bundle_that_holds_no_certificate_exits_2(
    https_server: FakeFreshdesk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate\n", encoding="utf-8")
    result = collect(capsys, https_server, tmp_path / "snap", "--ca-bundle", str(junk))
    assert result.code == 2
    assert f"The CA bundle {junk} (from --ca-bundle) cannot be used: it holds no PEM" in result.err
    missing = collect(capsys, https_server, tmp_path / "snap", "--ca-bundle", str(tmp_path / "no"))
    assert missing.code == 2
    assert "No such file or directory" in missing.err
    assert https_server.count() == 0


def test_a_proxy_that_cannot_reach_the_host_says_so(
    https_server: FakeFreshdesk, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = https_server.port
    https_server.stop()  # the proxy's CONNECT now finds nothing listening: 502
    with ForwardProxy() as proxy:
        result = run_cli(
            capsys,
            *cli_args("collect", f"https://127.0.0.1:{port}", tmp_path / "snap"),
            "--ca-bundle",
            str(ca_file),
            "--proxy",
            proxy.url,
        )
    assert result.code == 2
    assert "could not open a tunnel to 127.0.0.1 (502 Bad Gateway)" in result.err


def test_audit_takes_the_same_network_options(
    https_server: FakeFreshdesk, ca_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ForwardProxy() as proxy:
        result = run_cli(
            capsys,
            *cli_args("audit", https_server.url, tmp_path / "bundle"),
            "--ca-bundle",
            str(ca_file),
            "--proxy",
            proxy.url,
        )
    assert result.code == 0, result.err
    assert (tmp_path / "bundle" / "report.html").is_file()
    assert proxy.log.connects
    assert SECRET.encode() not in proxy.log.received
