"""Text as the report shows it: control characters replaced, and a shortcut for the common case.

The page passes every value through `without_controls` (a regular-expression
substitution), hundreds of thousands of short strings at 10,000 agents. Text that is
printable ASCII holds no control character by definition, and two C-level checks
recognise it faster than the substitution scans it; everything else takes the full path.
A test compares the two on arbitrary and hostile text. Long columns of text (a
table's names, the findings' details) are checked, and escaped, a column at a time.
"""

import re

from markupsafe import escape

from auditor.control_text import CONTROL_CHARACTERS, without_controls

_CONTROL = re.compile(CONTROL_CHARACTERS)
# The ASCII characters of that class, as bytes.
_ASCII_CONTROLS = bytes(code for code in range(128) if _CONTROL.match(chr(code)))
_NUL = "\x00"
_C1_CONTROL_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def visible(text: str) -> str:
    """`without_controls(text)`, returning printable ASCII untouched without scanning it."""
    if text.isascii() and text.isprintable():
        return text
    return without_controls(text)


def visible_column(texts: list[str]) -> list[str]:
    """`[visible(text) for text in texts]`, with one check of the whole column when, as
    nearly always, no text holds a control character: the list itself is returned then.

    Joined, the texts hold a control character exactly when one of them does.
    """
    joined = "".join(texts)
    if not holds_control(joined):
        return texts
    return [visible(text) for text in texts]


def holds_control(text: str) -> bool:
    """Whether `without_controls` would change `text`.

    Checked as UTF-8 bytes, several times faster than a search of the characters: C0
    controls and DEL are single bytes, which `bytes.translate` drops (a shorter result
    means one was there), and the C1 controls (U+0080 to U+009F) are exactly the pairs
    C2 80 to C2 9F, as C2 only ever leads a character. A lone surrogate, which UTF-8
    cannot hold, is written as its three bytes (`surrogatepass`), none of them a control.
    """
    encoded = text.encode("utf-8", "surrogatepass")
    if len(encoded.translate(None, _ASCII_CONTROLS)) != len(encoded):
        return True
    return not text.isascii() and _C1_CONTROL_UTF8.search(encoded) is not None


def html_column(texts: list[str]) -> list[str]:
    """`[escape(visible(text)) for text in texts]`, as the template writes each value, with
    the column escaped in one pass: joined by NUL, which no visible text holds and
    escaping neither touches nor makes, and split again."""
    if not texts:
        return []
    return str(escape(_NUL.join(visible_column(texts)))).split(_NUL)
