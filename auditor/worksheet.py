"""The access-review worksheet's contract: its columns, its decisions and its row IDs.

`access_review.csv` is written with these columns each quarter, filled in by reviewers,
and read back next quarter as `--previous-review`; both sides use this one definition.
"""

import hashlib

REVIEW_COLUMNS = [
    "review_item_id",
    "agent_id",
    "agent_name",
    "agent_email",
    "agent_state",
    "agent_tier",
    "entitlement",
    "entitlement_type",
    "entitlement_name",
    "privileged",
    "last_login",
    "finding_ids",
    "change",
    "previous_decision",
    "decision",
    "justification",
    "reviewer",
    "reviewed_at",
]
DECISIONS = ("keep", "revoke")


def review_item_id(agent_id: int, entitlement: str) -> str:
    """Stable across quarters: the same agent holding the same entitlement, the same ID."""
    return "R-" + hashlib.sha256(f"agent:{agent_id}|{entitlement}".encode()).hexdigest()[:16]
