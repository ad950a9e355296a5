"""CSV files that open correctly in Excel and cannot run as formulas.

UTF-8 with a byte-order mark so Excel shows non-ASCII names as written; CRLF line ends
and minimal quoting so commas, quotes and newlines survive; every cell neutralised
(`auditor.csv_cells`) so that a spreadsheet cannot evaluate it, and control characters
(NUL, ESC ...) shown as U+FFFD.

The lines are joined here rather than by the `csv` module, exactly as its writer with
minimal quoting and CRLF line ends writes them (a test compares the two): most rows
need no quotes at all, which one search over the whole row tells, and are joined in one
call, where the `csv` writer inspects every character of every cell.
"""

import operator
import re
from collections.abc import Mapping, Sequence

from auditor.csv_cells import neutralise_row

LINE_END = "\r\n"
# What makes the `csv` module quote a cell under QUOTE_MINIMAL: the delimiter, the quote
# character, or a character of the line end.
_NEEDS_QUOTES = re.compile('[,"\r\n]')


def csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    """The file: the header, then each row's cells in column order (a missing one empty)."""
    # A row's cells in one call when it has every column, as the bundle's rows do (an
    # itemgetter of one column gives a cell, not a tuple: those take the plain way).
    pick = operator.itemgetter(*columns) if len(columns) > 1 else None
    lines = [csv_line(list(columns))]
    for row in rows:
        try:
            cells = list(pick(row)) if pick else [row.get(column, "") for column in columns]
        except KeyError:
            cells = [row.get(column, "") for column in columns]
        lines.append(csv_line(neutralise_row(cells)))
    return "".join(lines).encode("utf-8-sig")


def csv_line(cells: list[str]) -> str:
    """One CSV line, as `csv.writer(quoting=QUOTE_MINIMAL, lineterminator="\\r\\n")` writes it."""
    needs_quotes = _NEEDS_QUOTES.search
    if needs_quotes("".join(cells)) is not None:
        cells = [
            '"' + cell.replace('"', '""') + '"' if needs_quotes(cell) else cell for cell in cells
        ]
    elif cells == [""]:
        # The `csv` module quotes a lone empty cell, so that the line is not empty.
        return '""' + LINE_END
    return ",".join(cells) + LINE_END
