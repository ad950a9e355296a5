"""CSV files that open correctly in Excel and cannot run as formulas.

UTF-8 with a byte-order mark so Excel shows non-ASCII names as written; CRLF line ends
and minimal quoting so commas, quotes and newlines survive; every cell neutralised
(`auditor.csv_cells`) so that a spreadsheet cannot evaluate it, and control characters
(NUL, ESC ...) shown as U+FFFD.
"""

import csv
import io
from collections.abc import Mapping, Sequence

from auditor.csv_cells import neutralise_all


def csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(neutralise_all([row.get(column, "") for column in columns]))
    return buffer.getvalue().encode("utf-8-sig")
