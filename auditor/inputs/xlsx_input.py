"""Read a filled-in `access_review.xlsx` as the same table of text cells a CSV gives.

The review sheet (`Access review`, else the first) becomes one string per cell, so the
previous review's line-by-line checks apply to a workbook exactly as to a CSV; a row's
"line" is its spreadsheet row number, the header being line 1. A spreadsheet keeps what
a reviewer typed into a date cell as a date, and IDs as numbers: a date becomes its ISO
form (`2026-10-15`), a whole number its digits, so nothing depends on the reviewer's
locale. A file that is not a workbook (or one too large to be a review) is an
`InputError` that says so.
"""

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

REVIEW_SHEET = "Access review"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# A quarterly review of 10,000 agents is a few MB; far more uncompressed is a zip bomb.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
# OOXML writes a character XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`);
# Excel and LibreOffice undo it on reading, openpyxl does not.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in XLSX_SUFFIXES


def read_xlsx_input(path: Path, what: str, *, how_to_fix: str) -> "pd.DataFrame":
    """The review sheet as text cells, headed by its first row; `what` names the input."""
    # Imported here, not at the top: together they take a third of a second to import,
    # and only a `--previous-review` given as a workbook needs them.
    import pandas as pd
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _refuse_unreadable(path, what, how_to_fix)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(
            f"{what} {path} is not a readable .xlsx workbook ({error}). {how_to_fix}"
        ) from None
    try:
        names = workbook.sheetnames
        sheet = workbook[REVIEW_SHEET] if REVIEW_SHEET in names else workbook[names[0]]
        rows = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    rows = [row for row in rows if any(row)] if rows else []
    if not rows:
        raise InputError(f"{what} {path} has no rows on its sheet {sheet.title!r}.")
    header = [name.strip() for name in rows[0]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    return pd.DataFrame(body, columns=header[:width], dtype=str)


def cell_text(value: object) -> str:
    """A cell as the text a CSV of it would hold, locale-free."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), value)
    return str(value)


def _refuse_unreadable(path: Path, what: str, how_to_fix: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(entry.file_size for entry in archive.infolist())
    except FileNotFoundError:
        raise InputError(f"{what} {path} does not exist. Check the path.") from None
    except zipfile.BadZipFile:
        raise InputError(
            f"{what} {path} is not an .xlsx workbook (it is not a zip archive). {how_to_fix}"
        ) from None
    except OSError as error:
        raise InputError(
            f"Cannot read {what[0].lower() + what[1:]} {path}: {error.strerror}."
        ) from None
    if size > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            f"{what} {path} unpacks to {size // (1024 * 1024)} MB, far more than any access "
            f"review; it is refused. {how_to_fix}"
        )
