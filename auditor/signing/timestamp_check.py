"""Check an RFC 3161 token (`manifest.json.tsr`) against a manifest and a trusted TSA CA.

`rfc3161-client` does the CMS work: the signature over the token, the chain of the TSA
certificate to the CA (at the token's time), its critical timeStamping key usage, and
the message imprint. This module reads the files and says, in words, what it found.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from rfc3161_client import (
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from auditor.errors import SigningError

# A token is a few kilobytes; a larger file is not one, and is not read into memory.
MAX_TOKEN_BYTES = 1 << 20
# The message imprint algorithms `auditor timestamp` asks for (SHA-256) or accepts.
_IMPRINT_HASHES = {
    "2.16.840.1.101.3.4.2.1": hashlib.sha256,
    "2.16.840.1.101.3.4.2.3": hashlib.sha512,
}


@dataclass(frozen=True)
class TimestampFacts:
    """What a token claims: when, by which authority, under which serial number."""

    time: datetime
    authority: str
    serial: int


def read_token(path: Path) -> TimeStampResponse:
    """The token in `path`; one that is not a timestamp response is malformed (exit 2)."""
    try:
        if path.stat().st_size > MAX_TOKEN_BYTES:
            raise ValueError("too large for a token")
        return decode_timestamp_response(path.read_bytes())
    except ValueError:
        raise SigningError(
            f"{path} is not an RFC 3161 timestamp response (DER). It is damaged; obtain a new "
            "one with `auditor timestamp`, or restore the original."
        ) from None


def read_ca_certificates(path: Path) -> list[x509.Certificate]:
    """The trusted TSA root(s): one or more PEM certificates, or one DER certificate."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningError(f"Cannot read --tsa-ca {path} ({error.strerror}).") from None
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise SigningError(
            f"--tsa-ca {path} holds no X.509 certificate (PEM or DER). Give the CA certificate "
            "your time-stamping authority publishes."
        ) from None


def token_facts(response: TimeStampResponse) -> TimestampFacts:
    info = response.tst_info
    return TimestampFacts(info.gen_time, _authority(response), info.serial_number)


def token_problem(
    response: TimeStampResponse, manifest: bytes, roots: list[x509.Certificate] | None
) -> str | None:
    """Why the token does not vouch for `manifest` (None when it does).

    Without `roots` only the hash is compared: the token's signature then proves nothing
    about who issued it, which the caller says.
    """
    if roots is None:
        return _imprint_problem(response, manifest)
    builder = VerifierBuilder()
    for root in roots:
        builder = builder.add_root_certificate(root)
    try:
        builder.build().verify_message(response, manifest)
    except VerificationError as error:
        return _imprint_problem(response, manifest) or _verification_problem(str(error))
    return None


def _verification_problem(message: str) -> str:
    # The library's chain errors carry a whole OpenSSL error stack; say what it means.
    if message.startswith("Error while verifying certificates"):
        return (
            "the token's signature does not verify or its certificate does not chain to the "
            "--tsa-ca certificate (another TSA, or an altered token)"
        )
    return f"the token does not verify ({message.rstrip('.')})"


def _imprint_problem(response: TimeStampResponse, manifest: bytes) -> str | None:
    imprint = response.tst_info.message_imprint
    hash_function = _IMPRINT_HASHES.get(imprint.hash_algorithm.dotted_string)
    if hash_function is None:
        return f"the token uses hash {imprint.hash_algorithm.dotted_string}, not SHA-256/512"
    if imprint.message != hash_function(manifest).digest():
        return "the token is over another manifest (its message imprint differs)"
    return None


def _authority(response: TimeStampResponse) -> str:
    """The TSA's name from the token, else the subject of the certificate that signed it."""
    try:
        name = response.tst_info.name
    except (ValueError, AttributeError):
        name = None
    if name is not None and isinstance(name, x509.DirectoryName):
        return name.value.rfc4514_string()
    for der in response.signed_data.certificates:
        certificate = x509.load_der_x509_certificate(der)
        for signer in response.signed_data.signer_infos:
            if certificate.serial_number == signer.serial_number:
                return certificate.subject.rfc4514_string()
    return "unnamed (the token carries neither a TSA name nor its certificate)"
