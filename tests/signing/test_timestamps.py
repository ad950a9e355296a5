"""RFC 3161 timestamps against a TSA on 127.0.0.1 (`openssl ts -reply` with a test CA).

A token is obtained, kept only when it answers our request, checked by `auditor verify`
and by stock `openssl ts -verify`; a token over another manifest, or from another
authority, is refused.
"""

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.freshdesk.forward_proxy import ForwardProxy
from tests.signing.authority import Authority, make_authority, serve
from tests.signing.tools import require_tools

require_tools("openssl")

Capture = pytest.CaptureFixture[str]


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return make_authority(tmp_path_factory.mktemp("tsa"))


@pytest.fixture
def tsa_url(authority: Authority) -> Iterator[str]:
    with serve(lambda query: (200, authority.reply(query))) as url:
        yield url


def openssl_verify(folder: Path, ca: Path) -> subprocess.CompletedProcess[str]:
    """The auditor's check with stock OpenSSL, exactly as the README gives it."""
    files = ["-data", str(folder / "manifest.json"), "-in", str(folder / "manifest.json.tsr")]
    return subprocess.run(
        ["openssl", "ts", "-verify", *files, "-CAfile", str(ca)],
        capture_output=True,
        text=True,
        check=False,
    )


def timestamp(capsys: Capture, folder: Path, url: str, *extra: str) -> tuple[int, str]:
    result = run_cli(capsys, "timestamp", str(folder), "--tsa", url, *extra)
    return result.code, result.out + result.err


def test_a_token_is_obtained_and_verifies_with_openssl_and_the_tool(
    bundle: Path, authority: Authority, tsa_url: str, capsys: Capture
) -> None:
    code, out = timestamp(capsys, bundle, tsa_url, "--tsa-ca", str(authority.ca))
    assert code == 0, out
    assert "by CN=Test TSA (checked against --tsa-ca)" in out
    checked = openssl_verify(bundle, authority.ca)
    assert checked.returncode == 0, checked.stderr
    assert "Verification: OK" in checked.stdout
    result = run_cli(capsys, "verify", str(bundle), "--tsa-ca", str(authority.ca))
    assert result.code == 0, result.out
    assert "manifest.json: timestamped 20" in result.out
    assert "by CN=Test TSA (token serial" in result.out
    assert "not checked" not in result.out


def test_the_request_asks_for_the_certificate_with_a_nonce_over_sha256(
    bundle: Path, authority: Authority, tmp_path: Path, capsys: Capture
) -> None:
    queries: list[bytes] = []

    def record(query: bytes) -> tuple[int, bytes]:
        queries.append(query)
        return 200, authority.reply(query)

    with serve(record) as url:
        assert timestamp(capsys, bundle, url)[0] == 0
    (tmp_path / "query.tsq").write_bytes(queries[0])
    text = subprocess.run(
        ["openssl", "ts", "-query", "-in", str(tmp_path / "query.tsq"), "-text"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Hash Algorithm: sha256" in text
    assert "Certificate required: yes" in text
    assert "Nonce: 0x" in text
    # The message imprint is the manifest's SHA-256, as raw bytes inside the DER query.
    assert hashlib.sha256((bundle / "manifest.json").read_bytes()).digest() in queries[0]


def test_a_token_over_another_manifest_is_refused(
    bundle: Path, authority: Authority, tsa_url: str, tmp_path: Path, capsys: Capture
) -> None:
    assert timestamp(capsys, bundle, tsa_url)[0] == 0
    other = tmp_path / "other"
    shutil.copytree(bundle, other)
    manifest = other / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"kind"', '"kind" ', 1))
    result = run_cli(capsys, "verify", str(other), "--tsa-ca", str(authority.ca))
    assert result.code == 1
    assert "manifest.json.tsr: the token is over another manifest" in result.out
    assert openssl_verify(other, authority.ca).returncode != 0


def test_a_token_of_another_authority_is_refused(
    bundle: Path, tsa_url: str, tmp_path: Path, capsys: Capture
) -> None:
    assert timestamp(capsys, bundle, tsa_url)[0] == 0
    stranger = make_authority(tmp_path / "stranger", name="Other TSA")
    result = run_cli(capsys, "verify", str(bundle), "--tsa-ca", str(stranger.ca))
    assert result.code == 1
    assert "does not chain to the --tsa-ca certificate" in result.out
    assert openssl_verify(bundle, stranger.ca).returncode != 0
    code, out = timestamp(capsys, bundle, tsa_url, "--tsa-ca", str(stranger.ca))
    assert code == 2
    assert "was not kept" in out


def test_without_a_ca_the_time_is_reported_as_unchecked(
    bundle: Path, tsa_url: str, capsys: Capture
) -> None:
    code, out = timestamp(capsys, bundle, tsa_url)
    assert code == 0
    assert "not checked: no --tsa-ca given" in out
    result = run_cli(capsys, "verify", str(bundle))
    assert result.code == 0
    assert "but the token's issuer was not checked: give --tsa-ca FILE." in result.out


@pytest.mark.parametrize("data", ["report.html", "manifest.json"])
def test_an_answer_to_another_request_is_not_kept(
    data: str, bundle: Path, authority: Authority, tmp_path: Path, capsys: Capture
) -> None:
    """A reply over other data, or over this manifest but to an earlier request (its nonce)."""
    stale = tmp_path / "stale.tsq"
    other_data = str(bundle / data)
    subprocess.run(
        ["openssl", "ts", "-query", "-data", other_data, "-sha256", "-cert", "-out", str(stale)],
        check=True,
        capture_output=True,
    )
    replayed = authority.reply(stale.read_bytes())
    with serve(lambda _query: (200, replayed)) as url:
        code, out = timestamp(capsys, bundle, url)
    assert code == 2
    assert "does not answer this request" in out
    assert not (bundle / "manifest.json.tsr").exists()


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b"oops", "answered HTTP 500"),
        (200, b"<html>not a token</html>", "is not an RFC 3161 timestamp response"),
    ],
)
def test_a_failing_tsa_exits_2_and_writes_nothing(
    status: int, body: bytes, message: str, bundle: Path, capsys: Capture
) -> None:
    with serve(lambda _query: (status, body)) as url:
        code, out = timestamp(capsys, bundle, url)
    assert code == 2
    assert message in out
    assert "Traceback" not in out
    assert not (bundle / "manifest.json.tsr").exists()


def test_an_unreachable_tsa_exits_2(bundle: Path, capsys: Capture) -> None:
    with serve(lambda _query: (200, b"")) as url:
        pass  # the server is gone once the block ends
    code, out = timestamp(capsys, bundle, url)
    assert code == 2
    assert "could not be reached" in out


def test_a_malformed_token_exits_2(bundle: Path, authority: Authority, capsys: Capture) -> None:
    (bundle / "manifest.json.tsr").write_bytes(b"\x30\x03garbage")
    result = run_cli(capsys, "verify", str(bundle), "--tsa-ca", str(authority.ca))
    assert result.code == 2
    assert "is not an RFC 3161 timestamp response" in result.err


def test_an_altered_folder_is_not_timestamped(bundle: Path, tsa_url: str, capsys: Capture) -> None:
    (bundle / "findings.csv").write_text("edited")
    code, out = timestamp(capsys, bundle, tsa_url)
    assert code == 2
    assert "was not timestamped: that would vouch for altered evidence" in out
    assert not (bundle / "manifest.json.tsr").exists()


def test_the_request_goes_through_the_proxy_of_the_network_settings(
    bundle: Path, authority: Authority, tsa_url: str, capsys: Capture
) -> None:
    with ForwardProxy() as proxy:
        code, out = timestamp(capsys, bundle, tsa_url, "--proxy", proxy.url)
    assert code == 0, out
    assert any(line.startswith(f"POST {tsa_url}") for line in proxy.log.request_lines)
    assert openssl_verify(bundle, authority.ca).returncode == 0


def test_the_environment_proxy_is_honoured_and_no_proxy_bypasses_it(
    bundle: Path, tsa_url: str, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ForwardProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        code, out = timestamp(capsys, bundle, tsa_url)
        assert code == 0, out
        assert len(proxy.log.request_lines) == 1
        (bundle / "manifest.json.tsr").unlink()
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        code, out = timestamp(capsys, bundle, tsa_url)
        assert code == 0, out
        assert len(proxy.log.request_lines) == 1  # reached directly this time


def test_a_proxy_asking_for_a_login_is_named(bundle: Path, tsa_url: str, capsys: Capture) -> None:
    with ForwardProxy(credentials="user:secret") as proxy:
        code, out = timestamp(capsys, bundle, tsa_url, "--proxy", proxy.url)
    assert code == 2
    assert "asks for a login (HTTP 407)" in out
    assert "secret" not in out
    assert not (bundle / "manifest.json.tsr").exists()
