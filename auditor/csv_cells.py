"""Spreadsheet cells that cannot run as formulas: the neutralisation every CSV the auditor
writes applies, and that reading a worksheet back has to recognise.

Cells a spreadsheet would evaluate (leading `=`, `+`, `-`, `@`, tab or carriage return,
also after leading spaces or invisible characters) are prefixed with a single quote, the
neutralisation OWASP recommends for CSV injection. Control characters (NUL, ESC ...)
become U+FFFD.
"""

import re

from auditor.control_text import CONTROL_CHARACTERS, without_controls

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# An import that trims leading blanks (LibreOffice's "Trim spaces", scripts that strip
# cells) turns ` =cmd` into `=cmd`; invisible leading characters (a byte-order mark,
# zero-width spaces and joiners) hide a formula from a reader the same way.
_HIDDEN = r"[\s\u200b-\u200d\u2060\ufeff]"
_HIDDEN_FORMULA = re.compile(rf"{_HIDDEN}*[=+\-@]")
# What any change by `neutralise` needs: a control character anywhere, or a first character
# that is a trigger (tab and CR are blanks) or a blank or invisible one that may hide one.
_CONTROL_CHARACTER = re.compile(CONTROL_CHARACTERS)
# (As a pattern too, for `report.csv_files`' search over a whole file's cells.)
RISKY_START = rf"{_HIDDEN}|[=+\-@]"
_RISKY_START = re.compile(RISKY_START)


def neutralise(cell: str) -> str:
    cell = without_controls(cell)
    if cell.startswith(FORMULA_TRIGGERS) or _HIDDEN_FORMULA.match(cell):
        return "'" + cell
    return cell


def neutralise_row(cells: list[str]) -> list[str]:
    """`[neutralise(cell) for cell in cells]`, faster: most rows need no change at all, which
    two searches in C over the whole row tell (one for a control character in any cell, one
    for a risky first character of any cell), instead of three calls per cell."""
    if _CONTROL_CHARACTER.search("".join(cells)) or _RISKY_START.search(
        "".join([cell[:1] for cell in cells])
    ):
        return [neutralise(cell) for cell in cells]
    return cells
