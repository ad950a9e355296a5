"""How findings state their figures: days, dates and short lists a reviewer can read."""

from collections.abc import Sequence
from datetime import datetime, timedelta

# A detail sentence names at most this many items of a list and counts the rest.
LISTED = 5


def days_between(earlier: datetime, later: datetime) -> int:
    """Whole days elapsed (24-hour periods), as a reviewer would count them on a calendar."""
    return (later - earlier) // timedelta(days=1)


def older_than(moment: datetime, days: int, as_of: datetime) -> bool:
    """Whether `moment` lies more than `days` whole days before `as_of`.

    Judged in whole days, the figure every detail states, so a finding never says
    "90 days, over the 90-day threshold": exactly at the threshold is not older.
    """
    return days_between(moment, as_of) > days


def day(moment: datetime) -> str:
    return moment.date().isoformat()


def listing(items: Sequence[str], limit: int = LISTED, total: int | None = None) -> str:
    """`a, b, c` or `a, b, c and 4 more`: a list short enough for one sentence. `total`
    is the length of the whole list when `items` holds only its first `limit` items."""
    shown = ", ".join(items[:limit])
    rest = (len(items) if total is None else total) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 group`, `3 groups`."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def percent(share: float, unlike: float | None = None) -> str:
    """`25%`, `12.5%`: as few decimals as state `share`, or, given `unlike`, as tell the two
    apart, so a detail never reads "20%, above max_admin_ratio 20%"."""
    for decimals in range(5):
        text = f"{share * 100:.{decimals}f}"
        if unlike is None:
            if float(text) == round(share * 100, 4):
                break
        elif text != f"{unlike * 100:.{decimals}f}":
            break
    return f"{text}%"
