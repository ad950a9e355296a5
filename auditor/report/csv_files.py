"""CSV files that open correctly in Excel and cannot run as formulas.

UTF-8 with a byte-order mark so Excel shows non-ASCII names as written; CRLF line ends
and minimal quoting so commas, quotes and newlines survive; cells a spreadsheet would
evaluate (leading `=`, `+`, `-`, `@`, tab or carriage return, also after leading spaces
or invisible characters) are prefixed with a single quote, the neutralisation OWASP
recommends for CSV injection. Control characters (NUL, ESC ...) become U+FFFD.
"""

import csv
import io
import re
from collections.abc import Mapping, Sequence

from auditor.report.control_text import without_controls

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# An import that trims leading blanks (LibreOffice's "Trim spaces", scripts that strip
# cells) turns ` =cmd` into `=cmd`; invisible leading characters (a byte-order mark,
# zero-width spaces and joiners) hide a formula from a reader the same way.
_HIDDEN_FORMULA = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*[=+\-@]")


def neutralise(cell: str) -> str:
    cell = without_controls(cell)
    if cell.startswith(FORMULA_TRIGGERS) or _HIDDEN_FORMULA.match(cell):
        return "'" + cell
    return cell


def csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(column, "")) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")
