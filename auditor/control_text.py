"""Control characters from the API, made harmless in files a person opens.

A name can hold NUL, ESC or other C0/C1 control characters (the API returns what was
typed or imported). In a CSV they reach Excel, a terminal running `cat`, or a script
raw: NUL truncates cells in some readers and ESC starts terminal escape sequences. In
HTML they are parse errors. The snapshot keeps them exactly as sent; the CSV and HTML
reports show each as U+FFFD, as `graph.graphml` does. Tab, line feed and carriage return
are text, and stay (the CSV writer quotes them).
"""

import re

REPLACEMENT = "\ufffd"
# Every C0 and C1 control character but tab, LF and CR, as a regular-expression class.
CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)


def without_controls(text: str) -> str:
    """`text` with every control character other than tab, LF and CR replaced by U+FFFD."""
    return _CONTROL.sub(REPLACEMENT, text)
