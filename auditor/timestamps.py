"""ISO 8601 timestamps as the API sends them, always returned as aware UTC datetimes."""

from datetime import UTC, datetime


def parse_timestamp(value: object) -> datetime:
    """Parse any ISO 8601 timestamp (`Z`, `+05:30`, basic or extended) into UTC.

    Freshdesk documents `YYYY-MM-DDTHH:MM:SSZ` but offsets occur in real records; a
    timestamp without an offset is taken as UTC, which is what the API means by it.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"is not an ISO 8601 timestamp: {value!r}") from None
    else:
        raise ValueError(f"must be an ISO 8601 timestamp string, not {type(value).__name__}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """The one textual form the auditor writes: UTC, seconds, trailing `Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
