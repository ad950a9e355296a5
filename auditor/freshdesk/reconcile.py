"""One record per ID from listings that may have shifted while they were read.

Freshdesk lists alphabetically, so a record renamed during a long listing moves to
another page: the listing then shows some record twice and misses another. Either an ID
seen twice or a record updated after the listing began (per the server's `Date`) is a
sign of such movement; the collector then lists once more and keeps, of every record
seen in either pass, its most recently updated version.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from auditor.timestamps import parse_timestamp


def movement_signs(records: Sequence[dict[str, Any]], started: datetime | None) -> list[str]:
    """Why this listing may have shifted while it ran (empty when it looks stable)."""
    signs: list[str] = []
    if twice := seen_twice(records):
        signs.append(twice)
    if started is not None:
        moved = sorted(
            str(record.get("id"))
            for record in records
            if (updated := _updated(record)) is not None and updated > started
        )
        if moved:
            signs.append(f"record id {', '.join(moved[:5])} changed after the listing began")
    return signs


def seen_twice(records: Sequence[dict[str, Any]]) -> str:
    """Which IDs a listing showed twice ("" if none): the certain sign that records shifted
    across the reader while it ran (an update alone may not have moved anything)."""
    seen: set[object] = set()
    twice: set[str] = set()
    for record in records:
        key = record.get("id")
        if key in seen:
            twice.add(str(key))
        seen.add(key)
    return f"record id {', '.join(sorted(twice)[:5])} appeared twice" if twice else ""


def newest_by_id(passes: Iterable[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every record once, in first-seen order: the latest `updated_at` wins, then the later pass."""
    chosen: dict[object, dict[str, Any]] = {}
    for records in passes:
        for record in records:
            key = record.get("id")
            current = chosen.get(key)
            if current is None or _rank(record) >= _rank(current):
                chosen[key] = record
    return list(chosen.values())


def _rank(record: dict[str, Any]) -> float:
    updated = _updated(record)
    return updated.timestamp() if updated is not None else float("-inf")


def _updated(record: dict[str, Any]) -> datetime | None:
    value = record.get("updated_at") or record.get("created_at")
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None
