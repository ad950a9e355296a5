"""Spreadsheet cells that cannot run as formulas: the neutralisation every CSV the auditor
writes applies, and that reading a worksheet back has to recognise.

Cells a spreadsheet would evaluate (leading `=`, `+`, `-`, `@`, tab or carriage return,
also after leading spaces or invisible characters) are prefixed with a single quote, the
neutralisation OWASP recommends for CSV injection. Control characters (NUL, ESC ...)
become U+FFFD.
"""

import re

from auditor.control_text import without_controls

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
