"""`canonical_json`'s bytes from orjson, for the bundle's long JSON files.

The standard library's encoder spends most of `findings.json` and `findings.ocsf.json`
walking a few hundred thousand small dicts in Python; orjson walks them in C. Its
output with `OPT_INDENT_2 | OPT_SORT_KEYS` is `json.dumps(..., ensure_ascii=False,
indent=2, sort_keys=True)` byte for byte (same separators, same escapes: `\\n`, `\\t`,
`\\u001b`, keys in code-point order, `{}` and `[]` for empty containers) except where:

- a float is spelled differently (`0.00001` for Python's `1e-05`, `null` for `NaN`), so
  a document given here must hold no float: callers send those to `canonical_json`;
- orjson refuses what the standard library accepts (a lone surrogate, an integer past
  64 bits, a non-string key): those documents go through `canonical_json`;
- orjson accepts what the standard library refuses (datetimes, dataclasses): the
  passthrough options make it refuse them too, so the fallback raises as before.

What `json_text` escapes after encoding (DEL, the C1 controls, U+2028, U+2029) is
escaped here in the UTF-8 bytes: each is one whole character, found by its bytes.
"""

import re
from collections.abc import Iterable
from typing import Any

import orjson

from auditor.integrity.seal import canonical_json

_OPTIONS = (
    orjson.OPT_INDENT_2
    | orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
# `seal._ESCAPED_IN_JSON` in UTF-8: DEL, U+0080-U+009F, U+2028, U+2029 (a surrogate
# never gets here: orjson refuses it).
_ESCAPED_IN_JSON = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]")


def canonical_json_fast(document: Any) -> bytes:
    """`canonical_json(document)` for a document that holds no float (see above)."""
    try:
        text = orjson.dumps(document, option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        return canonical_json(document)
    return escape_line_breaking(text)


def escape_line_breaking(text: bytes) -> bytes:
    """Escape what `json_text` escapes; almost all text is ASCII without DEL and skips it."""
    if text.isascii() and b"\x7f" not in text:
        return text
    return _ESCAPED_IN_JSON.sub(_escape, text)


def _escape(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match[0].decode())


def plain_json_values(values: Iterable[object]) -> bool:
    """Whether orjson writes each of these values as the standard library does: strings,
    integers, booleans and None (exactly those types), not floats or anything else."""
    return all(type(value) in _PLAIN_TYPES for value in values)


_PLAIN_TYPES = frozenset({str, int, bool, type(None)})
