"""The contacts listing's own per-minute sub-limit, from the plan `/account` names.

Freshdesk caps `GET /contacts` (list calls, filters included) below the account's budget:
Growth 20, Pro 100, Enterprise 200 a minute, and 300 or 400 with the 1000 or 2000/min
add-ons. Contact *detail* calls (`/contacts/{id}`) are not list calls: the API documents
no sub-limit for them, so they count against the account's budget only.

The plan comes from `tier_type` (Blossom/Garden = Growth, Estate = Pro, Forest =
Enterprise). The free plan (Sprout), trials, unknown codes and a refused `/account` give
no documented sub-limit: the governor then lists contacts at the account's pace and learns
the sub-limit from the first 429 a contacts list call gets.
"""

from typing import Final

# Sub-limits per rate window (a minute on Freshdesk; the fake server may run shorter ones).
PLAN_SUB_LIMITS: Final[dict[str, int]] = {
    "blossom": 20,
    "garden": 20,
    "estate": 100,
    "forest": 200,
}
# The add-ons set the account budget to 1000 or 2000 a minute, and raise the sub-limit.
ADD_ON_SUB_LIMITS: Final[dict[int, int]] = {1000: 300, 2000: 400}
# Every documented sub-limit, for learning one from a 429.
DOCUMENTED_SUB_LIMITS: Final[tuple[int, ...]] = (20, 100, 200, 300, 400)


def is_contacts_listing(path: str) -> bool:
    """`/contacts` itself (any query): a list call. `/contacts/{id}` is a detail call."""
    return path.split("?", 1)[0].rstrip("/") == "/contacts"


def plan_sub_limit(tier_type: object) -> int | None:
    """The plan's contacts sub-limit per window, or None when the plan does not say."""
    if not isinstance(tier_type, str):
        return None
    return PLAN_SUB_LIMITS.get(tier_type.strip().lower())


def with_add_on(sub_limit: int, account_budget: int | None) -> int:
    """An announced budget of exactly 1000 or 2000 means the add-on, and its higher
    sub-limit; no other budget says anything about one."""
    raised = ADD_ON_SUB_LIMITS.get(account_budget or 0)
    return sub_limit if raised is None else max(sub_limit, raised)


def learned_sub_limit(refused_at: int) -> int:
    """The sub-limit implied by a 429 on the `refused_at`-th list call of a window: the
    highest documented one below it. Refused sooner, other integrations list contacts too;
    the lowest documented one is assumed (the 429's hold covers the rest)."""
    below = [limit for limit in DOCUMENTED_SUB_LIMITS if limit < refused_at]
    return below[-1] if below else DOCUMENTED_SUB_LIMITS[0]
