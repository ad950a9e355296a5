"""`auditor verify`'s second half: is a manifest signed by an allowed signer, and timestamped?

Hashes show that files match `manifest.json`; only a signature by a key the team trusts
shows the manifest is the one the auditor wrote, since anyone can rebuild a manifest.
Each check here ends in what was established (signer, key, namespace, time, authority)
or in a failure naming what did not hold (exit 1). A signature or token that cannot even
be decoded is a `SigningError` (exit 2).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509

from auditor.integrity.names import MANIFEST_NAME, MANIFEST_SIGNATURE, MANIFEST_TIMESTAMP
from auditor.signing.allowed_signers import AllowedSigner, find_signers, read_allowed_signers
from auditor.signing.ssh_keys import fingerprint, key_type_label
from auditor.signing.sshsig import NAMESPACE, parse_signature
from auditor.signing.timestamp_check import (
    read_ca_certificates,
    read_token,
    token_facts,
    token_problem,
)
from auditor.terminal import printable

# Beyond this a file is not a signature (and is not read into memory).
MAX_SIGNATURE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Trust:
    """What `verify` trusts: the allowed signers and the TSA roots, each None when not given."""

    signers: list[AllowedSigner] | None = None
    tsa_roots: list[x509.Certificate] | None = None
    require_signature: bool = False


def load_trust(allowed_signers: Path | None, tsa_ca: Path | None, require_signature: bool) -> Trust:
    return Trust(
        read_allowed_signers(allowed_signers) if allowed_signers else None,
        read_ca_certificates(tsa_ca) if tsa_ca else None,
        require_signature,
    )


@dataclass
class SealCheck:
    """The signature and timestamp of one manifest (`manifest.json`, `snapshot/manifest.json`);
    filled in by the checks below."""

    manifest: str
    established: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def check_seal(directory: Path, folder: str, trust: Trust) -> SealCheck:
    """Check `folder`'s (relative to `directory`, "" for itself) manifest signature and token."""
    base = directory / folder if folder else directory
    label = f"{folder}/{MANIFEST_NAME}" if folder else MANIFEST_NAME
    manifest = (base / MANIFEST_NAME).read_bytes()
    check = SealCheck(label)
    # A bundle's signature covers its snapshot too (the bundle manifest holds the snapshot
    # manifest's hash), so a nested snapshot's own signature is checked only when present.
    _check_signature(base / MANIFEST_SIGNATURE, manifest, trust, check, top=not folder)
    _check_timestamp(base / MANIFEST_TIMESTAMP, manifest, trust, check, top=not folder)
    return check


def _check_signature(
    path: Path, manifest: bytes, trust: Trust, check: SealCheck, *, top: bool
) -> None:
    if path.is_symlink():
        check.failures.append(f"{check.manifest}.sig is a symbolic link, not a signature file")
        return
    if not path.is_file():
        if top and trust.require_signature:
            check.failures.append(f"{check.manifest} is not signed (no {MANIFEST_SIGNATURE})")
        elif top:
            check.established.append(f"{check.manifest}: not signed.")
        return
    signature = parse_signature(_text(path))
    key_blob = signature.public_key
    key = f"{key_type_label(signature.key())} key {fingerprint(key_blob)}"
    if signature.namespace != NAMESPACE:
        check.failures.append(
            f"{check.manifest}.sig is signed in namespace {printable(signature.namespace)!r}, "
            f"not {NAMESPACE!r}: it was made for another purpose"
        )
    elif not signature.signs(manifest):
        check.failures.append(
            f"{check.manifest}.sig ({key}) does not match {check.manifest}: the manifest was "
            "changed or rebuilt after it was signed"
        )
    elif trust.signers is None:
        check.established.append(
            f"{check.manifest}: signature by {key} is valid, but who holds that key was not "
            "checked: give --allowed-signers FILE."
        )
    else:
        _check_signer(key_blob, key, trust.signers, check)


def _check_signer(
    key_blob: bytes, key: str, signers: list[AllowedSigner], check: SealCheck
) -> None:
    lookup = find_signers(signers, key_blob, NAMESPACE, datetime.now(UTC))
    if lookup.principals:
        who = ", ".join(printable(principal) for principal in lookup.principals)
        check.established.append(
            f"{check.manifest}: signed by {who} with {key}, namespace {NAMESPACE}."
        )
        return
    why = f" ({'; '.join(lookup.refusals)})" if lookup.refusals else ""
    check.failures.append(
        f"{check.manifest}.sig is signed with {key}, which the allowed-signers file does not "
        f"allow{why}"
    )


def _check_timestamp(
    path: Path, manifest: bytes, trust: Trust, check: SealCheck, *, top: bool
) -> None:
    if path.is_symlink():
        check.failures.append(f"{check.manifest}.tsr is a symbolic link, not a timestamp file")
        return
    if not path.is_file():
        if top and trust.tsa_roots is not None:
            check.established.append(f"{check.manifest}: not timestamped.")
        return
    token = read_token(path)
    problem = token_problem(token, manifest, trust.tsa_roots)
    if problem:
        check.failures.append(f"{check.manifest}.tsr: {problem}")
        return
    facts = token_facts(token)
    claimed = (
        f"{check.manifest}: timestamped {facts.time.isoformat()} by "
        f"{printable(facts.authority)} (token serial {facts.serial})"
    )
    if trust.tsa_roots is None:
        claimed += ", but the token's issuer was not checked: give --tsa-ca FILE"
    check.established.append(claimed + ".")


def _text(path: Path) -> str:
    if path.stat().st_size > MAX_SIGNATURE_BYTES:
        return ""
    try:
        return path.read_text(encoding="ascii")
    except UnicodeDecodeError:
        # Not decodable at all: the parser's "not an SSH signature" is the right message.
        return ""
