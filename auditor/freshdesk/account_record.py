"""`GET /api/v2/account`: the plan and the account's own agent count, for the manifest.

The call is an independent check, not part of the population: a 403 (a key without the
right), a 404 (an older account) or a failure that outlasts every retry is recorded in
the manifest and the run goes on.
"""

import dataclasses
from collections.abc import Iterable

from auditor.freshdesk.agent_count import compare_counts
from auditor.freshdesk.ratelimit import FIRST
from auditor.freshdesk.session import Session
from auditor.freshdesk.single import OneResult, fetch_one
from auditor.models import Agent
from auditor.snapshot.manifest import AccountRecord, AccountStatus

ENDPOINT = "/api/v2/account"


def fetch_account(session: Session) -> OneResult:
    """The answer, or how it ended without one (never an exception for 403, 404 or 5xx)."""
    return fetch_one(
        session.api,
        session.checkpoint,
        "account",
        "/account",
        allow_partial=True,
        # Asked right after `/agents/me`: the contacts listing waits for the plan it names.
        priority=FIRST,
        on_page=session.progress.page,
    )


def account_record(result: OneResult, agents: Iterable[Agent]) -> AccountRecord:
    """What the manifest records: the comparison, or why there is none."""
    if result.record is not None:
        compared = compare_counts(agents, result.record, endpoint=ENDPOINT)
        cost = result.cost
        return dataclasses.replace(
            compared, requests=cost.requests, retries=cost.retries, rate_limited=cost.rate_limited
        )
    outcome = result.outcome
    status: AccountStatus = "failed"
    if outcome is not None and outcome.status == "denied":
        status = "denied"
    elif outcome is not None and outcome.status == "not_found":
        status = "missing"
    note = outcome.note if outcome is not None else "no answer"
    return AccountRecord(
        status=status,
        note=f"{note}; the collected agents were not compared with the account's own count",
        requests=result.cost.requests,
        retries=result.cost.retries,
        rate_limited=result.cost.rate_limited,
    )
