"""Timestamps written as text once per distinct moment, for files with a row per agent.

`format_timestamp` (a time-zone conversion and a `strftime`) is most of an agent row's
cost, and agents' times repeat (an import, a bulk invite, `last_seen` being one of the
others), so a file remembers the text of each moment it has written.
"""

from datetime import datetime

from auditor.timestamps import format_timestamp


class TimestampTexts:
    """`format_timestamp`, once per distinct moment; one per file written (no state
    outlives the file, and so none is shared between runs)."""

    def __init__(self) -> None:
        self._written: dict[datetime, str] = {}

    def format(self, moment: datetime) -> str:
        # Equal datetimes are one instant, whatever their zones: one UTC text.
        written = self._written.get(moment)
        if written is None:
            written = self._written[moment] = format_timestamp(moment)
        return written
