"""Secrets removed from text that reaches a message, a note or a log.

The API key is sent in every request; a proxy or WAF that echoes the request in its error
body (the key itself, or the `Authorization: Basic base64(key:X)` header) would otherwise
carry it into an error message or a manifest note. Every secret the run holds is
registered here when it is loaded, and `redact` replaces each form in which a server can
echo it: raw, URL-encoded, and base64 (standard and URL-safe, padded or not) of both the
key alone and the `key:X` Basic credentials.
"""

import base64
import threading
import urllib.parse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

REDACTED = "[redacted]"
# Freshdesk keys are 20 characters. A value this short is no real key (tests use them),
# and replacing it everywhere would blank out ordinary words of every message.
_SHORTEST_SECRET = 8

_lock = threading.Lock()
_forms: list[str] = []


def register_secret(secret: str) -> None:
    """Remember `secret` so that `redact` removes it from any text from now on."""
    if len(secret) < _SHORTEST_SECRET:
        return
    with _lock:
        known = set(_forms)
        for form in _echoed_forms(secret):
            if form and form not in known:
                _forms.append(form)
                known.add(form)
        # Longest first: a base64 form can contain a shorter form of another secret.
        _forms.sort(key=len, reverse=True)


def redact(text: str) -> str:
    """`text` with every registered secret, in every echoed form, replaced by `[redacted]`."""
    with _lock:
        forms = list(_forms)
    for form in forms:
        if form in text:
            text = text.replace(form, REDACTED)
    return text


def _echoed_forms(secret: str) -> list[str]:
    forms = [secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)]
    for plain in (f"{secret}:X", secret):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(plain.encode()).decode("ascii")
            # Padded first, so the `=` goes with the rest; the unpadded form catches a
            # proxy that trims it.
            forms += [encoded, encoded.rstrip("=")]
    return forms


class _RedactingFilter:
    """Rewrites each record's message with `redact` before any handler formats it.

    A filter is any object with this `filter` method (logging calls it, it need not be a
    `logging.Filter`): so only the commands that log (`collect`, `audit`) import logging,
    not every command that may print an error through `redact`."""

    def filter(self, record: "logging.LogRecord") -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


_FILTER = _RedactingFilter()


def redact_logs(*logger_names: str) -> None:
    """Redact what these loggers record (a logger's filter does not see its children's
    records, so each logger that writes is named). Adding the filter twice is harmless."""
    import logging

    for name in logger_names:
        logging.getLogger(name).addFilter(_FILTER)
