"""ISO 8601 timestamps as the API sends them, always returned as aware UTC datetimes."""

import functools
from datetime import UTC, datetime


def parse_timestamp(value: object) -> datetime:
    """Parse any ISO 8601 timestamp (`Z`, `+05:30`, basic or extended) into UTC.

    Freshdesk documents `YYYY-MM-DDTHH:MM:SSZ` but offsets occur in real records; a
    timestamp without an offset is taken as UTC, which is what the API means by it.
    """
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, datetime):
        return _in_utc(value)
    raise ValueError(f"must be an ISO 8601 timestamp string, not {type(value).__name__}")


# A snapshot's records repeat the same moments (an account's agents were created and
# updated in batches, and a listing is read at one time): each text is parsed once.
# A datetime is immutable, so one object may stand for every record of the same moment.
@functools.lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"is not an ISO 8601 timestamp: {text!r}") from None
    return _in_utc(parsed)


def _in_utc(parsed: datetime) -> datetime:
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        # Year 1 ahead of UTC, or 9999 behind it: the moment is before or after any
        # datetime. Refused like any other bad timestamp, never a crash.
        raise ValueError(
            f"is a moment outside the years 1-9999 in UTC: {parsed.isoformat()}"
        ) from None


def format_timestamp(moment: datetime) -> str:
    """The one textual form the auditor writes: UTC, seconds, trailing `Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
