"""A file's remembered timestamp texts are `format_timestamp`'s, whatever the zone."""

from datetime import UTC, datetime, timedelta, timezone

from auditor.report.timestamp_texts import TimestampTexts
from auditor.timestamps import format_timestamp


def test_each_moment_is_written_as_format_timestamp_writes_it() -> None:
    times = TimestampTexts()
    moment = datetime(2026, 3, 1, 9, 30, 15, tzinfo=UTC)
    same_instant_elsewhere = moment.astimezone(timezone(timedelta(hours=5, minutes=30)))
    later = moment + timedelta(seconds=1)
    for value in (moment, same_instant_elsewhere, later, moment, later):
        assert times.format(value) == format_timestamp(value)
    assert times.format(same_instant_elsewhere) == "2026-03-01T09:30:15Z"
    assert times.format(later) == "2026-03-01T09:30:16Z"
