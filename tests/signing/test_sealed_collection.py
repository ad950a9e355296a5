"""`collect --sign-key` and `audit --sign-key` against the fake Freshdesk: the snapshot is
signed where it is collected, and a bundle is checked through to its snapshot's signature."""

from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.fake.accounts import KEY, ServeFactory, cli_args
from tests.fake.fixtures import account_dir, serve
from tests.signing.conftest import SIGNER, write_allowed_signers
from tests.signing.tools import make_key, public_key, require_tools, ssh_keygen_verify

require_tools("ssh-keygen")

__all__ = ["account_dir", "serve"]
Capture = pytest.CaptureFixture[str]


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    return make_key(tmp_path, "alice")


@pytest.fixture
def allowed(tmp_path: Path, key: Path) -> Path:
    return write_allowed_signers(tmp_path / "allowed_signers", f"{SIGNER} {public_key(key)}")


def test_collect_signs_the_snapshot(
    serve: ServeFactory, key: Path, allowed: Path, tmp_path: Path, capsys: Capture
) -> None:
    server = serve()
    snapshot = tmp_path / "snap"
    result = run_cli(capsys, *cli_args("collect", server.url, snapshot, "--sign-key", str(key)))
    assert result.code == 0, result.err
    assert f"Signed {snapshot / 'manifest.json'}" in result.out
    assert ssh_keygen_verify(snapshot, allowed, SIGNER).returncode == 0
    checked = run_cli(capsys, "verify", str(snapshot), "--allowed-signers", str(allowed))
    assert checked.code == 0, checked.out
    assert f"manifest.json: signed by {SIGNER}" in checked.out


def test_audit_signs_snapshot_and_bundle_and_verify_checks_both(
    serve: ServeFactory, key: Path, allowed: Path, tmp_path: Path, capsys: Capture
) -> None:
    server = serve()
    out = tmp_path / "audit"
    result = run_cli(capsys, *cli_args("audit", server.url, out, "--sign-key", str(key)))
    assert result.code == 0, result.err
    for folder in (out, out / "snapshot"):
        assert ssh_keygen_verify(folder, allowed, SIGNER).returncode == 0, folder
    checked = run_cli(
        capsys, "verify", str(out), "--allowed-signers", str(allowed), "--require-signature"
    )
    assert checked.code == 0, checked.out
    assert f"manifest.json: signed by {SIGNER}" in checked.out
    assert f"snapshot/manifest.json: signed by {SIGNER}" in checked.out
    (out / "snapshot" / "manifest.json.sig").write_text(
        (out / "manifest.json.sig").read_text()  # a valid signature, but of another manifest
    )
    swapped = run_cli(capsys, "verify", str(out), "--allowed-signers", str(allowed))
    assert swapped.code == 1
    assert "snapshot/manifest.json.sig (ED25519 key" in swapped.out
