"""CSV files that open correctly in Excel and cannot run as formulas.

UTF-8 with a byte-order mark so Excel shows non-ASCII names as written; CRLF line ends
and minimal quoting so commas, quotes and newlines survive; every cell neutralised
(`auditor.csv_cells`) so that a spreadsheet cannot evaluate it, and control characters
(NUL, ESC ...) shown as U+FFFD.

The lines are joined here rather than by the `csv` module, exactly as its writer with
minimal quoting and CRLF line ends writes them (a test compares the two): most rows
need no quotes at all, which one search over the whole row tells, and are joined in one
call, where the `csv` writer inspects every character of every cell.

A file of several columns is checked whole first (`_unchanged_by_neutralise`): in most
files no cell needs neutralising, which three searches over all the cells joined tell,
and only the columns that hold a comma, quote or line break are quoted, a cell at a time.
The rows are then joined by `map` in C: 43,000 review rows of 18 cells cost a few dozen
calls instead of several per row. Neutralising and quoting are each cell's own (a row's
check only saves work), so the file's bytes are those of the row-by-row path.
"""

import itertools
import operator
import re
from collections.abc import Mapping, Sequence

from auditor.control_text import CONTROL_CHARACTERS
from auditor.csv_cells import RISKY_START, neutralise_row

LINE_END = "\r\n"
# What makes the `csv` module quote a cell under QUOTE_MINIMAL: the delimiter, the quote
# character, or a character of the line end.
_NEEDS_QUOTES = re.compile('[,"\r\n]')
_QUOTE_MARKS = (",", '"', "\r", "\n")
# What joins the cells for `_unchanged_by_neutralise`: NUL, a control character itself, so
# the search for the others leaves it out (`CONTROL_CHARACTERS` is a class from NUL up; a
# test holds this to every character but NUL that `without_controls` replaces).
_SEPARATOR = "\x00"
_PRINTABLE_OR_SEPARATOR = bytes([0, *range(0x20, 0x7F)])
_CONTROL_BUT_SEPARATOR = re.compile(CONTROL_CHARACTERS.replace("[\x00-", "[\x01-", 1))
# A cell's first character after a separator; the first cell's is matched on its own. (A
# search that starts with a literal runs several times faster than one with `^|` first.)
_RISKY_START = re.compile(RISKY_START)
_RISKY_AFTER_SEPARATOR = re.compile(f"{_SEPARATOR}(?:{RISKY_START})")


def csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    """The file: the header, then each row's cells in column order (a missing one empty)."""
    header = csv_line(list(columns))
    if len(columns) <= 1 or not rows:
        # One column: a lone empty cell is quoted (`csv_line`), which a column-wise
        # join would not know; and an itemgetter of one column gives a cell, not a tuple.
        lines = [header]
        for row in rows:
            cells = [row.get(column, "") for column in columns]
            lines.append(csv_line(neutralise_row(cells)))
        return "".join(lines).encode("utf-8-sig")
    # A row's cells in one call when it has every column, as the bundle's rows do.
    pick = operator.itemgetter(*columns)
    table: list[Sequence[str]] = []
    for row in rows:
        try:
            table.append(pick(row))
        except KeyError:
            table.append([row.get(column, "") for column in columns])
    return _table_bytes(header, len(columns), table)


def csv_columns_bytes(names: Sequence[str], columns: Sequence[Sequence[str]]) -> bytes:
    """The file of `csv_bytes` from its cells given column by column (in `names` order, each
    column one cell per row), without a mapping per row."""
    if len(names) <= 1 or not columns[0]:
        rows = [dict(zip(names, cells, strict=True)) for cells in zip(*columns, strict=True)]
        return csv_bytes(names, rows)
    return _table_bytes(csv_line(list(names)), len(names), list(zip(*columns, strict=True)))


def _table_bytes(header: str, width: int, table: list[Sequence[str]]) -> bytes:
    """The file: `header`, then each of the rows of `table` (`width` cells each)."""
    # Every cell joined once, for the checks over the whole file.
    joined = _SEPARATOR.join(itertools.chain.from_iterable(table))
    unchanged = _unchanged_by_neutralise(joined, len(table) * width)
    if not unchanged:
        table = [neutralise_row(list(cells)) for cells in table]
    needs_quotes = _NEEDS_QUOTES.search
    # Which columns hold a cell to quote: none where the whole file holds none, else
    # each column looked through whole.
    quoted = (
        []
        if unchanged and not _holds_quote_mark(joined)  # (else `joined` is not the cells)
        else [
            index
            for index, cells in enumerate(zip(*table, strict=True))
            if _holds_quote_mark("".join(cells))
        ]
    )
    if quoted:
        # Column by column (`zip` transposes in C), quoting the cells that need it.
        by_column: list[Sequence[str]] = list(zip(*table, strict=True))
        for index in quoted:
            by_column[index] = [
                '"' + cell.replace('"', '""') + '"' if needs_quotes(cell) else cell
                for cell in by_column[index]
            ]
        table = list(zip(*by_column, strict=True))
    body = LINE_END.join(map(",".join, table))
    return "".join((header, body, LINE_END)).encode("utf-8-sig")


def _holds_quote_mark(text: str) -> bool:
    """`_NEEDS_QUOTES.search(text) is not None`, by `in`, which finds one character in
    megabytes several times faster than a search for four."""
    return any(mark in text for mark in _QUOTE_MARKS)


def _unchanged_by_neutralise(joined: str, cells: int) -> bool:
    """Whether `neutralise` leaves each of the `cells` cells joined by NUL as it is: no
    control character, and no cell that starts with a trigger or a blank or invisible
    character that may hide one (at the start of the text or after a NUL). False, the
    careful answer, when a cell holds NUL itself."""
    return (
        joined.count(_SEPARATOR) == cells - 1
        and not _holds_control_but_separator(joined)
        and _RISKY_START.match(joined) is None
        and _RISKY_AFTER_SEPARATOR.search(joined) is None
    )


def _holds_control_but_separator(joined: str) -> bool:
    # Printable ASCII and NUL hold no other control character: checked by deleting those
    # bytes, several times faster than the search on megabytes (what remains may be a tab
    # or line break, which are no control characters: then the search tells).
    if joined.isascii() and not joined.encode("ascii").translate(None, _PRINTABLE_OR_SEPARATOR):
        return False
    return _CONTROL_BUT_SEPARATOR.search(joined) is not None


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
