"""Signing keys as users hold them: encrypted ones, wrong passphrases, the .pub by mistake.
Neither the key nor the passphrase may appear in any output."""

from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.signing.conftest import SIGNER, write_allowed_signers
from tests.signing.tools import make_key, public_key, require_tools, ssh_keygen_verify

require_tools("ssh-keygen")

Capture = pytest.CaptureFixture[str]
PASSPHRASE = "Corr3ct-H0rse-Qz8"  # distinctive, so any leak is found by a plain search
VARIABLE = "FRESHDESK_AUDITOR_KEY_PASSPHRASE"


@pytest.fixture
def encrypted_key(tmp_path: Path) -> Path:
    return make_key(tmp_path, "locked", passphrase=PASSPHRASE)


def _no_secret(output: str, key: Path) -> None:
    assert PASSPHRASE not in output
    body = key.read_text().splitlines()[1]
    assert body not in output


def test_an_encrypted_key_signs_with_the_passphrase_from_the_environment(
    bundle: Path,
    encrypted_key: Path,
    tmp_path: Path,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(VARIABLE, PASSPHRASE)
    result = run_cli(capsys, "sign", str(bundle), "--key", str(encrypted_key))
    assert result.code == 0, result.err
    _no_secret(result.out + result.err, encrypted_key)
    allowed = write_allowed_signers(tmp_path / "allowed", f"{SIGNER} {public_key(encrypted_key)}")
    assert ssh_keygen_verify(bundle, allowed, SIGNER).returncode == 0


def test_a_wrong_passphrase_exits_2_without_showing_it(
    bundle: Path, encrypted_key: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(VARIABLE, "not-" + PASSPHRASE)
    result = run_cli(capsys, "sign", str(bundle), "--key", str(encrypted_key))
    assert result.code == 2
    assert "passphrase for the signing key" in result.err
    assert "is wrong" in result.err
    _no_secret(result.out + result.err, encrypted_key)
    assert "not-" not in result.err
    assert not (bundle / "manifest.json.sig").exists()


def test_an_encrypted_key_without_a_passphrase_or_terminal_exits_2(
    bundle: Path, encrypted_key: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(VARIABLE, raising=False)
    result = run_cli(capsys, "sign", str(bundle), "--key", str(encrypted_key))
    assert result.code == 2
    assert f"is encrypted and no passphrase is available: set {VARIABLE}" in result.err


def test_the_public_key_by_mistake_exits_2(bundle: Path, tmp_path: Path, capsys: Capture) -> None:
    key = make_key(tmp_path, "alice")
    result = run_cli(capsys, "sign", str(bundle), "--key", f"{key}.pub")
    assert result.code == 2
    assert "is not a private key the auditor can read" in result.err
    assert "Traceback" not in result.err


def test_a_short_rsa_key_is_refused(bundle: Path, tmp_path: Path, capsys: Capture) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    path = tmp_path / "weak"
    path.write_bytes(
        weak.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.OpenSSH,
            serialization.NoEncryption(),
        )
    )
    result = run_cli(capsys, "sign", str(bundle), "--key", str(path))
    assert result.code == 2
    assert "has 1024 bits; OpenSSH needs at least 2048" in result.err


def test_analyze_signs_the_bundle_it_writes(bundle: Path, tmp_path: Path, capsys: Capture) -> None:
    key = make_key(tmp_path, "alice")
    allowed = write_allowed_signers(tmp_path / "allowed", f"{SIGNER} {public_key(key)}")
    out = tmp_path / "analyzed"
    result = run_cli(
        capsys, "analyze", str(bundle / "snapshot"), "--out", str(out), "--sign-key", str(key)
    )
    assert result.code == 0, result.err
    assert f"Signed {out / 'manifest.json'} with ED25519 key" in result.out
    assert ssh_keygen_verify(out, allowed, SIGNER).returncode == 0
    verified = run_cli(
        capsys, "verify", str(out), "--allowed-signers", str(allowed), "--require-signature"
    )
    assert verified.code == 0, verified.out


def test_analyze_with_a_bad_key_fails_before_writing_anything(
    bundle: Path, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "analyzed"
    missing = tmp_path / "no-such-key"
    result = run_cli(
        capsys, "analyze", str(bundle / "snapshot"), "--out", str(out), "--sign-key", str(missing)
    )
    assert result.code == 2
    assert f"Cannot read the signing key {missing}" in result.err
    assert not out.exists()


def test_writing_a_bundle_again_removes_the_old_signature(
    bundle: Path, tmp_path: Path, capsys: Capture
) -> None:
    key = make_key(tmp_path, "alice")
    assert run_cli(capsys, "sign", str(bundle), "--key", str(key)).code == 0
    rerun = run_cli(capsys, "analyze", str(bundle / "snapshot"), "--out", str(bundle))
    assert rerun.code == 0, rerun.err
    assert not (bundle / "manifest.json.sig").exists()
