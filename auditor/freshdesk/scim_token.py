"""The SCIM bearer token (`--scim-token-file` or `FRESHDESK_SCIM_TOKEN`): a secret like the
API key, and a separate one (Freshdesk generates it in Admin > Security for the identity
provider). It is sent as `Authorization: Bearer` to the SCIM base URL only.
"""

import os
from pathlib import Path

from auditor.errors import UsageError
from auditor.freshdesk.credentials import Secret, read_secret_file

SCIM_TOKEN_VARIABLE = "FRESHDESK_SCIM_TOKEN"  # noqa: S105 - the variable's name, not a token


class ScimToken(Secret):
    """A SCIM bearer token, sent as `Authorization: Bearer` to the SCIM base URL only."""

    __slots__ = ()


def load_scim_token(token_file: Path | None) -> ScimToken | None:
    """The token from `--scim-token-file`, else `FRESHDESK_SCIM_TOKEN`; None without either
    (SCIM is then not requested, and the account is audited without it)."""
    if token_file is not None:
        text = read_secret_file(token_file, "SCIM token", "--scim-token-file", SCIM_TOKEN_VARIABLE)
        return _checked(text, f"the SCIM token file {token_file}")
    value = os.environ.get(SCIM_TOKEN_VARIABLE, "").strip()
    return _checked(value, f"the environment variable {SCIM_TOKEN_VARIABLE}") if value else None


def _checked(value: str, origin: str) -> ScimToken:
    # A space, control character or non-ASCII byte would corrupt the header; refuse it
    # without echoing any of it.
    if not value:
        raise UsageError(f"{origin} is empty; it must hold the SCIM bearer token.")
    if any(not 32 < ord(char) < 127 for char in value):
        raise UsageError(
            f"{origin} does not look like a SCIM bearer token (it contains spaces, line "
            "breaks or non-ASCII characters). Put only the token itself there."
        )
    return ScimToken(value)
