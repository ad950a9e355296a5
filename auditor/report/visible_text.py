"""Text as the report shows it: control characters replaced, and a shortcut for the common case.

The page passes every value through `without_controls` (a regular-expression
substitution), hundreds of thousands of short strings at 10,000 agents. Text that is
printable ASCII holds no control character by definition, and two C-level checks
recognise it faster than the substitution scans it; everything else takes the full path.
A test compares the two on arbitrary and hostile text.
"""

from auditor.control_text import without_controls


def visible(text: str) -> str:
    """`without_controls(text)`, returning printable ASCII untouched without scanning it."""
    if text.isascii() and text.isprintable():
        return text
    return without_controls(text)
