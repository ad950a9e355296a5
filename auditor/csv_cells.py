"""Spreadsheet cells that cannot run as formulas: the neutralisation every CSV the auditor
writes applies, and that reading a worksheet back has to recognise.

Cells a spreadsheet would evaluate (leading `=`, `+`, `-`, `@`, tab or carriage return,
also after leading spaces or invisible characters) are prefixed with a single quote, the
neutralisation OWASP recommends for CSV injection. Control characters (NUL, ESC ...)
become U+FFFD.
"""

import re
from collections.abc import Sequence

from auditor.control_text import CONTROL_CHARACTERS, without_controls

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# An import that trims leading blanks (LibreOffice's "Trim spaces", scripts that strip
# cells) turns ` =cmd` into `=cmd`; invisible leading characters (a byte-order mark,
# zero-width spaces and joiners) hide a formula from a reader the same way.
_HIDDEN = r"[\s\u200b-\u200d\u2060\ufeff]"
_HIDDEN_FORMULA = re.compile(rf"{_HIDDEN}*[=+\-@]")
# What any change by `neutralise` needs: a control character anywhere, or a first character
# that is a trigger (tab and CR are blanks) or a blank or invisible one that may hide one.
# Most cells have neither, which one search in C tells faster than `neutralise` itself.
_MAY_CHANGE = re.compile(rf"{CONTROL_CHARACTERS}|^(?:{_HIDDEN}|[=+\-@])")


def neutralise(cell: str) -> str:
    cell = without_controls(cell)
    if cell.startswith(FORMULA_TRIGGERS) or _HIDDEN_FORMULA.match(cell):
        return "'" + cell
    return cell


def neutralise_all(cells: Sequence[str]) -> list[str]:
    """`[neutralise(cell) for cell in cells]`, faster: what cannot change is left as it is."""
    may_change = _MAY_CHANGE.search
    return [neutralise(cell) if may_change(cell) else cell for cell in cells]
