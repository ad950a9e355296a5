"""CSV files that open correctly in Excel and cannot run as formulas.

UTF-8 with a byte-order mark so Excel shows non-ASCII names as written; CRLF line ends
and minimal quoting so commas, quotes and newlines survive; cells a spreadsheet would
evaluate (leading `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with a
single quote, the neutralisation OWASP recommends for CSV injection.
"""

import csv
import io
from collections.abc import Mapping, Sequence

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(column, "")) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")
