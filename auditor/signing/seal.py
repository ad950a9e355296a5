"""`auditor sign` and `auditor timestamp`: write `manifest.json.sig` or `.tsr` beside a manifest."""

from pathlib import Path

from cryptography import x509
from rfc3161_client import decode_timestamp_response

from auditor.errors import SigningError
from auditor.freshdesk.network import DIRECT, NetworkSettings
from auditor.integrity.names import MANIFEST_NAME, MANIFEST_SIGNATURE, MANIFEST_TIMESTAMP
from auditor.integrity.seal import write_atomic
from auditor.signing.ssh_keys import SigningKey, fingerprint, key_type_label, public_key_blob
from auditor.signing.sshsig import sign_message
from auditor.signing.timestamp_check import TimestampFacts, token_facts, token_problem
from auditor.signing.tsa_request import request_timestamp


def sign_manifest(directory: Path, key: SigningKey) -> str:
    """Sign `directory`'s manifest; returns the key's description (type and fingerprint)."""
    manifest = _manifest_bytes(directory)
    write_atomic(directory / MANIFEST_SIGNATURE, sign_message(key, manifest).encode())
    public = key.public_key()
    return f"{key_type_label(public)} key {fingerprint(public_key_blob(public))}"


def timestamp_manifest(
    directory: Path,
    tsa_url: str,
    roots: list[x509.Certificate] | None,
    network: NetworkSettings = DIRECT,
) -> TimestampFacts:
    """Obtain a token for `directory`'s manifest and keep it, checked against `roots` if given."""
    manifest = _manifest_bytes(directory)
    reply = request_timestamp(manifest, tsa_url, network=network)
    response = decode_timestamp_response(reply)
    if roots is not None:
        problem = token_problem(response, manifest, roots)
        if problem:
            raise SigningError(
                f"The token from {tsa_url} was not kept: {problem}. Check --tsa and --tsa-ca."
            )
    write_atomic(directory / MANIFEST_TIMESTAMP, reply)
    return token_facts(response)


def _manifest_bytes(directory: Path) -> bytes:
    path = directory / MANIFEST_NAME
    if not directory.is_dir() or not path.is_file() or path.is_symlink():
        raise SigningError(
            f"{directory} has no manifest.json to seal: give a snapshot or report bundle folder "
            "that a finished `auditor collect`, `analyze` or `audit` wrote."
        )
    return path.read_bytes()
