"""The fake server over https://: `--tls-cert/--tls-key` files, and what bad ones do."""

import ssl
from pathlib import Path

import httpx
import pytest
import trustme

from auditor.errors import UsageError
from auditor.fake import FakeFreshdesk
from auditor.fake.tls import server_tls_context
from tests.cli import run_cli
from tests.fake.accounts import KEY, TEST_QUIRKS


def test_serves_https_with_the_given_certificate(tmp_path: Path, account_dir: Path) -> None:
    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1")
    cert, key, ca_file = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    issued.cert_chain_pems[0].write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(ca_file))
    context = server_tls_context(cert, key)
    with FakeFreshdesk(account_dir, api_key=KEY, quirks=TEST_QUIRKS, tls=context) as server:
        assert server.base_url.startswith("https://127.0.0.1:")
        answer = httpx.get(
            f"{server.base_url}/roles",
            auth=(KEY, "X"),
            verify=ssl.create_default_context(cafile=ca_file),
            trust_env=False,
        )
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.base_url}/roles", auth=(KEY, "X"), trust_env=False)
    assert answer.status_code == 200
    assert server.count("/roles", status=200) == 1


def test_files_that_are_no_certificate_and_key_are_a_usage_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("junk\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not a PEM certificate and its matching private key"):
        server_tls_context(junk, junk)
    with pytest.raises(UsageError, match="No such file"):
        server_tls_context(tmp_path / "missing.pem", junk)


def test_a_certificate_without_its_key_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    cert = tmp_path / "cert.pem"
    cert.write_text("x\n", encoding="utf-8")
    result = run_cli(capsys, "fake-freshdesk", "--port", "0", "--tls-cert", str(cert))
    assert result.code == 2
    assert "--tls-cert and --tls-key go together" in result.err
