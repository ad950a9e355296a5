"""OpenSSH's SSHSIG signature format (PROTOCOL.sshsig), as `ssh-keygen -Y sign` writes it.

The blob is `"SSHSIG", uint32 1, string publickey, string namespace, string reserved,
string hash_algorithm, string signature`, armored in base64 between `-----BEGIN SSH
SIGNATURE-----` lines. What is signed is not the message itself but `"SSHSIG", string
namespace, string reserved, string hash_algorithm, string H(message)`: the namespace
keeps a signature made for one purpose (here, sealing evidence) from being replayed
for another.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass

from auditor.errors import SigningError
from auditor.signing.ssh_keys import (
    PublicKey,
    SigningKey,
    public_key_blob,
    public_key_from_blob,
    sign_raw,
    verify_raw,
)
from auditor.signing.wire import WireReader, string, uint32

NAMESPACE = "freshdesk-access-auditor"
MAGIC = b"SSHSIG"
VERSION = 1
HASH_ALGORITHM = "sha512"
_HASHES = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
# ssh-keygen wraps the base64 at 70 columns.
_LINE = 70


@dataclass(frozen=True)
class Sshsig:
    """A decoded signature: who claims to have signed, for what namespace, and the signature."""

    public_key: bytes
    namespace: str
    hash_algorithm: str
    signature: bytes

    def key(self) -> PublicKey:
        return public_key_from_blob(self.public_key)

    def signs(self, message: bytes) -> bool:
        """Whether the signature is the embedded key's, over `message` in its own namespace."""
        data = _signed_data(self.namespace, self.hash_algorithm, message)
        return verify_raw(self.key(), self.signature, data)


def sign_message(key: SigningKey, message: bytes, namespace: str = NAMESPACE) -> str:
    """The armored SSHSIG signature of `message`, as `ssh-keygen -Y sign -n NAMESPACE` makes."""
    signature = sign_raw(key, _signed_data(namespace, HASH_ALGORITHM, message))
    blob = (
        MAGIC
        + uint32(VERSION)
        + string(public_key_blob(key.public_key()))
        + string(namespace.encode())
        + string(b"")
        + string(HASH_ALGORITHM.encode())
        + string(signature)
    )
    encoded = base64.b64encode(blob).decode()
    lines = [encoded[start : start + _LINE] for start in range(0, len(encoded), _LINE)]
    return "\n".join([BEGIN, *lines, END]) + "\n"


def parse_signature(text: str) -> Sshsig:
    """Decode an armored signature; anything that is not one is a `SigningError` (malformed)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        raise SigningError(
            f"manifest.json.sig is not an SSH signature (it must start with {BEGIN})."
        )
    try:
        blob = base64.b64decode("".join(lines[1:-1]), validate=True)
    except binascii.Error:
        raise SigningError(
            "manifest.json.sig is not valid base64 between its armor lines."
        ) from None
    reader = WireReader(blob, "manifest.json.sig")
    if reader.raw(len(MAGIC)) != MAGIC:
        raise SigningError("manifest.json.sig is not an SSHSIG blob (wrong magic bytes).")
    version = reader.uint32()
    if version != VERSION:
        raise SigningError(f"manifest.json.sig has SSHSIG version {version}; only 1 exists.")
    public_key = reader.string()
    namespace = reader.text()
    reader.string()  # reserved
    hash_algorithm = reader.text()
    signature = reader.string()
    reader.finish()
    if hash_algorithm not in _HASHES:
        raise SigningError(
            f"manifest.json.sig uses hash {hash_algorithm!r}; SSHSIG allows sha256 or sha512."
        )
    return Sshsig(public_key, namespace, hash_algorithm, signature)


def _signed_data(namespace: str, hash_algorithm: str, message: bytes) -> bytes:
    digest = _HASHES[hash_algorithm](message).digest()
    return (
        MAGIC
        + string(namespace.encode())
        + string(b"")
        + string(hash_algorithm.encode())
        + string(digest)
    )
