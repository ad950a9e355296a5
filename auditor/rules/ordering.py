"""The catalogue's order of rules: SPEC's families (STALE, BROAD, HYG, DRIFT, EVID), then number."""

FAMILY_ORDER = ("STALE", "BROAD", "HYG", "DRIFT", "EVID")


def rule_order(rule_id: str) -> tuple[int, str, str]:
    """Sort key for rule IDs; a family SPEC does not name comes after, alphabetically."""
    _, family, number = ([*rule_id.split("-", 2), "", ""])[:3]
    rank = FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER)
    return rank, family, number
