"""The fake server's TLS: a server context from a PEM certificate (chain) and its key."""

import ssl
from pathlib import Path

from auditor.errors import UsageError


def server_tls_context(certificate: Path, key: Path) -> ssl.SSLContext:
    """A TLS 1.2+ server context; bad or mismatched files are a usage error naming them."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile=certificate, keyfile=key)
    except (ssl.SSLError, OSError) as error:
        # ssl.SSLError is an OSError too, whose text is OpenSSL's; only a file error's is kept.
        reason = None if isinstance(error, ssl.SSLError) else error.strerror
        raise UsageError(
            f"Cannot serve TLS with --tls-cert {certificate} and --tls-key {key}: "
            f"{reason or 'they are not a PEM certificate and its matching private key'}."
        ) from None
    return context
