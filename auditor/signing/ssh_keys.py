"""SSH keys for SSHSIG: load a private key (asking for its passphrase), and sign or verify raw data.

The primitives are `cryptography`'s; this module only picks, per key type, the signature
algorithm and hash OpenSSH uses and encodes the result as OpenSSH does (RFC 4253, 5656,
8332, 8709). Ed25519, RSA (always `rsa-sha2-512`) and ECDSA on the NIST curves.
"""

import base64
import getpass
import hashlib
import os
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from auditor.errors import SigningError
from auditor.signing.wire import WireReader, mpint, string

PASSPHRASE_VARIABLE = "FRESHDESK_AUDITOR_KEY_PASSPHRASE"  # noqa: S105 (a name, not a secret)
RSA_ALGORITHM = "rsa-sha2-512"
# OpenSSH refuses shorter RSA keys for signing; so does the auditor.
MIN_RSA_BITS = 2048
_CURVES: dict[str, tuple[type[ec.EllipticCurve], hashes.HashAlgorithm]] = {
    "nistp256": (ec.SECP256R1, hashes.SHA256()),
    "nistp384": (ec.SECP384R1, hashes.SHA384()),
    "nistp521": (ec.SECP521R1, hashes.SHA512()),
}

SigningKey = ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
PublicKey = ed25519.Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def load_signing_key(path: Path) -> SigningKey:
    """The private key in `path` (OpenSSH or PEM format), decrypted when it is encrypted.

    The passphrase comes from FRESHDESK_AUDITOR_KEY_PASSPHRASE, else from a prompt when
    standard input is a terminal. Neither the key nor the passphrase appears in any message.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningError(
            f"Cannot read the signing key {path} ({error.strerror}). Give the private key "
            "file (for example ~/.ssh/id_ed25519) with --key or --sign-key."
        ) from None
    try:
        key = _load(data, None)
    except TypeError:
        key = _load_encrypted(data, path)
    except (ValueError, UnsupportedAlgorithm):
        raise SigningError(
            f"{path} is not a private key the auditor can read (an OpenSSH or PEM private key, "
            "such as one `ssh-keygen -t ed25519` makes). Is it the .pub file?"
        ) from None
    return _checked(key, path)


def _load_encrypted(data: bytes, path: Path) -> object:
    passphrase = _passphrase(path)
    try:
        return _load(data, passphrase.encode())
    except (ValueError, TypeError):
        raise SigningError(
            f"The passphrase for the signing key {path} is wrong (from {PASSPHRASE_VARIABLE} "
            "or the prompt). Check it and try again."
        ) from None


def _load(data: bytes, passphrase: bytes | None) -> object:
    if data.lstrip().startswith(b"-----BEGIN OPENSSH PRIVATE KEY-----"):
        return serialization.load_ssh_private_key(data, passphrase)
    return serialization.load_pem_private_key(data, passphrase)


def _passphrase(path: Path) -> str:
    from_environment = os.environ.get(PASSPHRASE_VARIABLE)
    if from_environment:
        return from_environment
    if sys.stdin.isatty():
        return getpass.getpass(f"Passphrase for {path}: ")
    raise SigningError(
        f"The signing key {path} is encrypted and no passphrase is available: set "
        f"{PASSPHRASE_VARIABLE}, or run the command in a terminal to be asked for it."
    )


def _checked(key: object, path: Path) -> SigningKey:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise SigningError(
                f"The RSA key {path} has {key.key_size} bits; OpenSSH needs at least "
                f"{MIN_RSA_BITS}. Use an Ed25519 key (`ssh-keygen -t ed25519`)."
            )
        return key
    if isinstance(key, ec.EllipticCurvePrivateKey) and _curve_name(key.curve) is not None:
        return key
    raise SigningError(
        f"{path} holds a kind of key OpenSSH cannot sign files with here; use an Ed25519, "
        "RSA or ECDSA (NIST P-256, P-384, P-521) key."
    )


def public_key_blob(key: PublicKey) -> bytes:
    """The key in the SSH wire format, as `authorized_keys` and SSHSIG carry it."""
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return base64.b64decode(line.split()[1])


def public_key_from_blob(blob: bytes) -> PublicKey:
    """The key a wire-format blob names; a `SigningError` for anything else."""
    key_type = WireReader(blob, "The public key in the signature").text()
    line = key_type.encode() + b" " + base64.b64encode(blob)
    try:
        key = serialization.load_ssh_public_key(line)
    except (ValueError, UnsupportedAlgorithm):
        raise SigningError(
            f"The signature carries a {key_type!r} public key the auditor cannot check (Ed25519, "
            "RSA and ECDSA are supported; hardware-backed sk- keys and certificates are not)."
        ) from None
    if not isinstance(key, ed25519.Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise SigningError(f"The signature carries a {key_type!r} key the auditor cannot check.")
    return key


def fingerprint(blob: bytes) -> str:
    """`SHA256:...`, as `ssh-keygen -l` and `ssh-keygen -Y verify` print a key."""
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


def key_type_label(key: PublicKey) -> str:
    """ED25519, RSA or ECDSA, the word `ssh-keygen` uses in its messages."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "ED25519"
    return "RSA" if isinstance(key, rsa.RSAPublicKey) else "ECDSA"


def sign_raw(key: SigningKey, data: bytes) -> bytes:
    """An SSH signature blob (`string algorithm, string signature`) over `data`."""
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return string(b"ssh-ed25519") + string(key.sign(data))
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(data, padding.PKCS1v15(), hashes.SHA512())
        return string(RSA_ALGORITHM.encode()) + string(signature)
    name, digest = _ecdsa_parameters(key.curve)
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(digest)))
    return string(f"ecdsa-sha2-{name}".encode()) + string(mpint(r) + mpint(s))


def verify_raw(key: PublicKey, signature_blob: bytes, data: bytes) -> bool:
    """Whether `signature_blob` is `key`'s signature over `data`, in the algorithm the key allows.

    A blob that cannot be decoded at all is a `SigningError` (malformed); one that decodes
    but does not verify is `False` (a bad signature).
    """
    reader = WireReader(signature_blob, "The signature inside manifest.json.sig")
    algorithm = reader.text()
    signature = reader.string()
    reader.finish()
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            if algorithm != "ssh-ed25519":
                return False
            key.verify(signature, data)
        elif isinstance(key, rsa.RSAPublicKey):
            # OpenSSH verifies the older SHA-1 `ssh-rsa` too; SHA-1 is not evidence-grade.
            rsa_hashes = {"rsa-sha2-512": hashes.SHA512(), "rsa-sha2-256": hashes.SHA256()}
            if algorithm not in rsa_hashes:
                return False
            key.verify(signature, data, padding.PKCS1v15(), rsa_hashes[algorithm])
        else:
            name, digest = _ecdsa_parameters(key.curve)
            if algorithm != f"ecdsa-sha2-{name}":
                return False
            numbers = WireReader(signature, "The ECDSA signature")
            r, s = numbers.mpint(), numbers.mpint()
            numbers.finish()
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(digest))
    except InvalidSignature:
        return False
    return True


def _ecdsa_parameters(curve: ec.EllipticCurve) -> tuple[str, hashes.HashAlgorithm]:
    name = _curve_name(curve)
    if name is None:
        raise SigningError(f"ECDSA on {curve.name} is not a curve OpenSSH signs with.")
    return name, _CURVES[name][1]


def _curve_name(curve: ec.EllipticCurve) -> str | None:
    for name, (curve_type, _) in _CURVES.items():
        if isinstance(curve, curve_type):
            return name
    return None
