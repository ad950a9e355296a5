"""Signatures: the tool's verify with stock `ssh-keygen -Y verify`, ssh-keygen's with `auditor
verify`, and every way an attacker could rewrite the evidence is caught."""

import json
import shutil
from pathlib import Path

import pytest

from auditor.integrity.seal import sha256_of
from auditor.signing.verify import verify_directory
from tests.cli import run_cli
from tests.signing.conftest import SIGNER, write_allowed_signers
from tests.signing.tools import (
    fingerprint,
    make_key,
    public_key,
    require_tools,
    ssh_keygen_sign,
    ssh_keygen_verify,
)

require_tools("ssh-keygen")

Capture = pytest.CaptureFixture[str]
KINDS = ["ed25519", "rsa", "ecdsa", "ecdsa384"]


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return make_key(tmp_path, "alice")


@pytest.fixture
def allowed(tmp_path: Path, key: Path) -> Path:
    return write_allowed_signers(tmp_path / "allowed_signers", f"{SIGNER} {public_key(key)}")


def verify(capsys: Capture, folder: Path, allowed: Path, *extra: str) -> tuple[int, str]:
    result = run_cli(capsys, "verify", str(folder), "--allowed-signers", str(allowed), *extra)
    return result.code, result.out + result.err


@pytest.mark.parametrize("kind", KINDS)
def test_a_signature_by_the_tool_verifies_with_stock_ssh_keygen(
    kind: str, bundle: Path, tmp_path: Path, capsys: Capture
) -> None:
    key = make_key(tmp_path, f"signer-{kind}", kind)
    allowed = write_allowed_signers(tmp_path / "allowed", f"{SIGNER} {public_key(key)}")
    result = run_cli(capsys, "sign", str(bundle), "--key", str(key))
    assert result.code == 0, result.err
    assert (bundle / "manifest.json.sig").read_text().startswith("-----BEGIN SSH SIGNATURE-----")
    checked = ssh_keygen_verify(bundle, allowed, SIGNER)
    assert checked.returncode == 0, checked.stderr
    assert f'Good "freshdesk-access-auditor" signature for {SIGNER}' in checked.stdout
    assert fingerprint(key) in result.out


@pytest.mark.parametrize("kind", KINDS)
def test_a_signature_by_ssh_keygen_verifies_with_the_tool(
    kind: str, bundle: Path, tmp_path: Path, capsys: Capture
) -> None:
    key = make_key(tmp_path, f"signer-{kind}", kind)
    allowed = write_allowed_signers(tmp_path / "allowed", f"{SIGNER} {public_key(key)}")
    ssh_keygen_sign(bundle, key)
    code, out = verify(capsys, bundle, allowed, "--require-signature")
    assert code == 0, out
    label = {"ed25519": "ED25519", "rsa": "RSA"}.get(kind, "ECDSA")
    assert (
        f"manifest.json: signed by {SIGNER} with {label} key {fingerprint(key)}, "
        "namespace freshdesk-access-auditor."
    ) in out
    assert "OK: bundle" in out


def test_the_signature_files_are_not_extra_files_but_anything_else_is(
    bundle: Path, key: Path, allowed: Path, capsys: Capture
) -> None:
    assert run_cli(capsys, "sign", str(bundle), "--key", str(key)).code == 0
    assert run_cli(capsys, "sign", str(bundle / "snapshot"), "--key", str(key)).code == 0
    code, out = verify(capsys, bundle, allowed)
    assert code == 0, out
    assert "snapshot/manifest.json: signed by" in out
    (bundle / "manifest.json.bak").write_text("x")
    (bundle / "snapshot" / "notes.sig").write_text("x")
    code, out = verify(capsys, bundle, allowed)
    assert code == 1
    assert "manifest.json.bak: present but not listed in the manifest" in out
    assert "snapshot/notes.sig: present but not listed in the manifest" in out


def _every_file(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.endswith(".sig")
    )


def test_any_edit_of_any_file_fails(
    bundle: Path, key: Path, allowed: Path, tmp_path: Path, capsys: Capture
) -> None:
    assert run_cli(capsys, "sign", str(bundle), "--key", str(key)).code == 0
    names = _every_file(bundle)
    assert "manifest.json" in names
    assert "snapshot/agents.jsonl" in names
    for name in names:
        copy = tmp_path / "copy"
        shutil.copytree(bundle, copy)
        with (copy / name).open("ab") as handle:
            handle.write(b" ")
        code, out = verify(capsys, copy, allowed)
        assert code == 1, (name, out)
        shutil.rmtree(copy)


def _rebuild_manifests(bundle: Path) -> None:
    """What an attacker does: edit a finding and a snapshot record, then rehash everything."""
    findings = bundle / "findings.json"
    findings.write_text(findings.read_text().replace('"open"', '"accepted"'))
    agents = bundle / "snapshot" / "agents.jsonl"
    agents.write_text(agents.read_text().replace("acme.example", "evil.example"))
    for folder in (bundle / "snapshot", bundle):
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["files"] = {name: sha256_of(folder / name) for name in manifest["files"]}
        if folder == bundle:
            snapshot_manifest = bundle / "snapshot" / "manifest.json"
            manifest["snapshot"]["manifest_sha256"] = sha256_of(snapshot_manifest)
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))


def test_a_rebuilt_manifest_passes_the_hashes_but_not_the_signature(
    bundle: Path, key: Path, allowed: Path, capsys: Capture
) -> None:
    assert run_cli(capsys, "sign", str(bundle), "--key", str(key)).code == 0
    _rebuild_manifests(bundle)
    assert verify_directory(bundle).intact  # the hashes alone are fooled
    code, out = verify(capsys, bundle, allowed)
    assert code == 1
    assert "does not match its manifest" not in out
    assert "NOT TRUSTED" in out
    assert "manifest.json.sig (ED25519 key" in out
    assert "the manifest was changed or rebuilt after it was signed" in out
    assert ssh_keygen_verify(bundle, allowed, SIGNER).returncode != 0


def test_a_snapshot_signed_at_collection_is_checked_through_the_bundle(
    bundle: Path, key: Path, allowed: Path, capsys: Capture
) -> None:
    assert run_cli(capsys, "sign", str(bundle / "snapshot"), "--key", str(key)).code == 0
    _rebuild_manifests(bundle)
    code, out = verify(capsys, bundle, allowed)
    assert code == 1
    assert "snapshot/manifest.json.sig (ED25519 key" in out
    assert "manifest.json: not signed." in out


def test_a_wrong_namespace_fails(bundle: Path, key: Path, allowed: Path, capsys: Capture) -> None:
    ssh_keygen_sign(bundle, key, namespace="git")
    code, out = verify(capsys, bundle, allowed)
    assert code == 1
    assert "is signed in namespace 'git', not 'freshdesk-access-auditor'" in out


def test_a_key_allowed_only_for_another_namespace_fails(
    bundle: Path, key: Path, tmp_path: Path, capsys: Capture
) -> None:
    allowed = write_allowed_signers(
        tmp_path / "allowed", f'{SIGNER} namespaces="git,file" {public_key(key)}'
    )
    assert run_cli(capsys, "sign", str(bundle), "--key", str(key)).code == 0
    code, out = verify(capsys, bundle, allowed)
    assert code == 1
    assert 'line 2 allows the key only for namespaces="git,file"' in out
    assert ssh_keygen_verify(bundle, allowed, SIGNER).returncode != 0


def test_a_key_not_in_allowed_signers_fails(
    bundle: Path, allowed: Path, tmp_path: Path, capsys: Capture
) -> None:
    stranger = make_key(tmp_path, "mallory")
    assert run_cli(capsys, "sign", str(bundle), "--key", str(stranger)).code == 0
    code, out = verify(capsys, bundle, allowed)
    assert code == 1
    assert f"signed with ED25519 key {fingerprint(stranger)}, which the allowed-signers" in out
    assert ssh_keygen_verify(bundle, allowed, SIGNER).returncode != 0


def test_require_signature_makes_a_missing_signature_a_failure(
    bundle: Path, allowed: Path, capsys: Capture
) -> None:
    code, out = verify(capsys, bundle, allowed)
    assert code == 0
    assert "manifest.json: not signed." in out
    code, out = verify(capsys, bundle, allowed, "--require-signature")
    assert code == 1
    assert "manifest.json is not signed (no manifest.json.sig)" in out
    without = run_cli(capsys, "verify", str(bundle), "--require-signature")
    assert without.code == 2
    assert "--require-signature needs --allowed-signers" in without.err


@pytest.mark.parametrize(
    "content",
    [
        "not a signature\n",
        "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n",
        "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n",
        "-----BEGIN SSH SIGNATURE-----\n" + "QUFB\n" * 20_000 + "-----END SSH SIGNATURE-----\n",
    ],
)
def test_a_malformed_signature_exits_2(
    content: str, bundle: Path, allowed: Path, capsys: Capture
) -> None:
    (bundle / "manifest.json.sig").write_text(content)
    code, out = verify(capsys, bundle, allowed)
    assert code == 2, out
    assert "manifest.json.sig" in out
    assert "Traceback" not in out


def test_a_malformed_allowed_signers_file_exits_2(
    bundle: Path, tmp_path: Path, capsys: Capture
) -> None:
    broken = write_allowed_signers(tmp_path / "allowed", "alice@example.com ssh-ed25519 !!!")
    code, out = verify(capsys, bundle, broken)
    assert code == 2
    assert "line 2 has a key that is not valid base64" in out


def test_sign_refuses_a_folder_that_no_longer_matches_its_manifest(
    bundle: Path, key: Path, capsys: Capture
) -> None:
    (bundle / "findings.csv").write_text("edited")
    result = run_cli(capsys, "sign", str(bundle), "--key", str(key))
    assert result.code == 2
    assert "does not match its manifest" in result.err
    assert not (bundle / "manifest.json.sig").exists()
