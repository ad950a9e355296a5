"""What a reviewer wrote as `reviewed_at`, read as a date or refused with a reason.

The evidence must say when each decision was made, and `05/10/2026` does not: it is
5 October to a European reviewer and May 10 to an American one. So a date is read only
when it cannot mean two days: ISO 8601 (`2026-10-05`, with or without a time), a
spreadsheet's date cell (which the workbook reader has already turned into ISO), or a
day/month text whose day is above 12 (`25/10/2026` and `10/25/2026` are both
25 October). Anything else is a problem on that line, never a guess.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


@dataclass(frozen=True)
class ReviewDate:
    """`iso` when the text is a date; otherwise `problem` says why it is not used."""

    iso: str = ""
    problem: str = ""


def read_review_date(text: str) -> ReviewDate:
    written = text.strip()
    if not written:
        return ReviewDate()
    try:
        return ReviewDate(iso=datetime.fromisoformat(written).date().isoformat())
    except ValueError:
        pass
    slashed = _SLASHED.fullmatch(written)
    if slashed is None:
        return ReviewDate(problem=f"reviewed_at {written!r} is not a date; write it as YYYY-MM-DD")
    first, second, year = (int(part) for part in slashed.groups())
    if first <= 12 and second <= 12 and first != second:
        return ReviewDate(
            problem=(
                f"reviewed_at {written!r} is ambiguous (day/month or month/day); write it "
                "as YYYY-MM-DD"
            )
        )
    day, month = (first, second) if first > 12 or first == second else (second, first)
    try:
        return ReviewDate(iso=date(year, month, day).isoformat())
    except ValueError:
        return ReviewDate(problem=f"reviewed_at {written!r} is not a real date")
