"""One record per request (`/agents/{id}`, `/groups/{id}`, `/agents/me`), checkpointed.

The per-agent and per-group calls of the membership routes: each answer is stored like a
one-record page, so a resumed run never asks for it again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditor.errors import CollectError
from auditor.freshdesk.checkpoint import Checkpoint, Outcome, OutcomeStatus, StoredPage
from auditor.freshdesk.client import Attempts, FreshdeskApi, describe_endpoint
from auditor.freshdesk.cost import Cost
from auditor.freshdesk.failures import AccessDenied, NotFound, RetriesExhausted
from auditor.freshdesk.ratelimit import BULK


@dataclass(frozen=True)
class OneResult:
    """A single record's call: the stored answer, or how it ended without one."""

    stored: StoredPage | None
    outcome: Outcome | None

    @property
    def record(self) -> dict[str, Any] | None:
        return self.stored.records[0] if self.stored is not None else None

    @property
    def cost(self) -> Cost:
        return Cost.total(part.cost for part in (self.stored, self.outcome) if part is not None)


def fetch_one(
    api: FreshdeskApi,
    checkpoint: Checkpoint,
    key: str,
    path: str,
    *,
    allow_partial: bool,
    priority: int = BULK,
    on_page: Callable[[StoredPage], None] | None = None,
) -> OneResult:
    """One record (`/agents/{id}`, `/groups/{id}`), checkpointed like a one-record page.

    A 404 is an answer (the record no longer exists), kept as an outcome; a 403 or a
    failure that outlasts every retry stops the run, or is an outcome with `allow_partial`.
    """
    stored = checkpoint.load_page(key, 1)
    if stored is not None:
        return OneResult(stored, None)
    prior = checkpoint.load_outcome(key)
    if prior is not None and (prior.status == "not_found" or allow_partial):
        return OneResult(None, prior)
    attempts = Attempts()
    endpoint = describe_endpoint(path)
    try:
        response = api.get(path, priority=priority, attempts=attempts)
    except NotFound:
        note = f"{endpoint} answered 404 Not Found"
        return OneResult(None, _save_outcome(checkpoint, key, "not_found", attempts, note))
    except (AccessDenied, RetriesExhausted) as error:
        if not allow_partial:
            raise
        if isinstance(error, AccessDenied):
            outcome = _save_outcome(checkpoint, key, "denied", attempts, f"403 on {endpoint}")
        else:
            outcome = _save_outcome(
                checkpoint, key, "partial", attempts, f"{endpoint} {error.summary}"
            )
        return OneResult(None, outcome)
    if not isinstance(response.body, dict):
        raise CollectError(
            f"GET {describe_endpoint(path)} answered with something other than one record; "
            "the account's API may have changed. Stopped."
        )
    stored = StoredPage(
        records=[response.body],
        next_link=None,
        date=response.date,
        cost=attempts.cost,
    )
    checkpoint.save_page(key, 1, stored)
    if on_page is not None:
        on_page(stored)
    return OneResult(stored, None)


def _save_outcome(
    checkpoint: Checkpoint, key: str, status: OutcomeStatus, costs: Attempts, note: str
) -> Outcome:
    outcome = Outcome(status, costs.cost, note)
    checkpoint.save_outcome(key, outcome)
    return outcome
