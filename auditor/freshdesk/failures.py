"""Why a request to Freshdesk failed, as the project's own exceptions.

The collector decides per collection what a failure means: with `--allow-partial`
an `AccessDenied` collection is recorded `denied` and a `RetriesExhausted` one `partial`;
without it every one of these stops the run with its message.
"""

from auditor.errors import CollectError


class AccessDenied(CollectError):
    """403: the key may not read this endpoint (not an admin, feature off, plan)."""

    def __init__(self, endpoint: str, detail: str) -> None:
        self.endpoint = endpoint
        self.detail = detail
        super().__init__(
            f"Freshdesk refused GET {endpoint} (403 Forbidden{detail}). The API key's owner "
            "must be an administrator of the account, and the feature must be enabled on its "
            "plan. Use an administrator's key, or run with --allow-partial to record this "
            "collection as 'denied' and continue."
        )


class Unauthorized(CollectError):
    """401: the server refused the credentials (the API key, or the SCIM token)."""

    def __init__(self, endpoint: str, message: str) -> None:
        self.endpoint = endpoint
        super().__init__(message)


class NotFound(CollectError):
    """404: the endpoint or the record does not exist on this account."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        super().__init__(
            f"Freshdesk answered 404 Not Found to GET {endpoint}. Check --domain and --base-url."
        )


class RetriesExhausted(CollectError):
    """A server error, timeout or broken answer that persisted through every retry."""

    def __init__(self, endpoint: str, problem: str, attempts: int) -> None:
        self.endpoint = endpoint
        self.summary = f"failed {attempts} times in a row (last: {problem})"
        super().__init__(
            f"GET {endpoint} failed {attempts} times in a row (last: {problem}). Freshdesk or "
            "the network is in trouble; run the same command again with --resume later to "
            "continue where it stopped, or add --allow-partial to record the collection as "
            "'partial' and continue."
        )


class Abandoned(Exception):
    """A speculative request whose answer is no longer needed (its listing already ended)."""


class Rejected(CollectError):
    """400: Freshdesk refused the request's parameters (for example an unknown filter)."""

    def __init__(self, endpoint: str, detail: str, fields: tuple[str, ...]) -> None:
        self.endpoint = endpoint
        self.detail = detail
        # The `field` of every error Freshdesk listed (`active` for a refused filter).
        self.fields = fields
        super().__init__(f"Freshdesk rejected GET {endpoint} (400{detail}).")
