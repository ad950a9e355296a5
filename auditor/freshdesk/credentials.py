"""The API key: read from the environment or a file, and never shown anywhere.

`ApiKey` hides its value from `repr` and `str`, so a key that ends up in a log line,
an exception or a traceback's locals prints as `***`.
"""

import os
from pathlib import Path

from auditor.errors import UsageError
from auditor.redaction import register_secret

ENVIRONMENT_VARIABLE = "FRESHDESK_API_KEY"


class Secret:
    """A credential; `reveal()` is the one way to read it (for the auth header)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        # From here on no message, note or log line can carry it, whoever echoes it.
        register_secret(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"{type(self).__name__}(***)"

    __str__ = __repr__


class ApiKey(Secret):
    """A Freshdesk API key, sent as the user name of HTTP Basic auth."""

    __slots__ = ()


def load_api_key(key_file: Path | None) -> ApiKey:
    """The key from `--api-key-file` when given, else from `FRESHDESK_API_KEY`."""
    if key_file is not None:
        text = read_secret_file(key_file, "API key", "--api-key-file", ENVIRONMENT_VARIABLE)
        return _checked(text, f"the API key file {key_file}")
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not value:
        raise UsageError(
            f"No API key: set the environment variable {ENVIRONMENT_VARIABLE} to an admin's "
            "Freshdesk API key (Profile settings > View API key), or pass --api-key-file FILE. "
            "The key is never accepted as a command-line value, so it stays out of shell history."
        )
    return _checked(value, f"the environment variable {ENVIRONMENT_VARIABLE}")


def read_secret_file(path: Path, what: str, option: str, variable: str) -> str:
    """The stripped text of a file that holds one secret (`what`: "API key", ...)."""
    try:
        # utf-8-sig: Windows editors start a UTF-8 file with an invisible byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise UsageError(
            f"Cannot read the {what} file {path} ({reason}). Pass a readable file with "
            f"{option}, or set {variable}."
        ) from None
    return text.strip()


def _checked(value: str, origin: str) -> ApiKey:
    # The key becomes the user name of HTTP Basic auth: a colon or a control character
    # would corrupt the header, so refuse it without echoing any of it.
    if not value:
        raise UsageError(f"{origin} is empty; it must hold the Freshdesk API key.")
    if ":" in value or any(not 32 < ord(char) < 127 for char in value):
        raise UsageError(
            f"{origin} does not look like a Freshdesk API key (it contains spaces, a colon, "
            "line breaks or non-ASCII characters). Put only the key itself there."
        )
    return ApiKey(value)
