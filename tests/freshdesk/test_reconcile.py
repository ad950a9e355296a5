"""Signs that a listing shifted while it ran, and one record per ID from two passes."""

from datetime import UTC, datetime

from auditor.freshdesk.reconcile import movement_signs, newest_by_id

STARTED = datetime(2026, 9, 30, 12, 0, tzinfo=UTC)


def test_a_stable_listing_shows_no_sign() -> None:
    records: list[dict[str, object]] = [{"id": 1, "updated_at": "2026-09-01T00:00:00Z"}, {"id": 2}]
    assert movement_signs(records, STARTED) == []


def test_an_id_seen_twice_or_an_update_after_the_start_are_signs() -> None:
    twice = [{"id": 1}, {"id": 2}, {"id": 1}]
    assert movement_signs(twice, STARTED) == ["record id 1 appeared twice"]
    updated = [{"id": 3, "updated_at": "2026-09-30T12:00:05+00:00"}]
    assert movement_signs(updated, STARTED) == ["record id 3 changed after the listing began"]


def test_the_most_recently_updated_version_wins() -> None:
    old = {"id": 1, "name": "Adams", "updated_at": "2026-09-01T00:00:00Z"}
    new = {"id": 1, "name": "Zed", "updated_at": "2026-09-30T12:00:05Z"}
    other = {"id": 2, "name": "B", "updated_at": "2026-09-01T00:00:00Z"}
    assert newest_by_id([[old, other], [other, new]]) == [new, other]
    assert newest_by_id([[new, other], [old]]) == [new, other]
