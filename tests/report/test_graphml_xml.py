"""`graph.graphml` replaces exactly the characters XML 1.0 cannot hold, over all of Unicode.

The module spells the refused characters as the few ranges XML excludes (cheaper to
compile than the complement of the ranges it allows); this checks, code point by code
point, that they are the complement of XML 1.0's `Char` production.
"""

from auditor.report.graphml_xml import escaped_texts, text, xml_safe

# XML 1.0 (Fifth Edition) section 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF]
# | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_CHAR_RANGES = ((0x9, 0x9), (0xA, 0xA), (0xD, 0xD), (0x20, 0xD7FF), (0xE000, 0xFFFD))


def _is_xml_char(code: int) -> bool:
    return code >= 0x10000 or any(low <= code <= high for low, high in _XML_CHAR_RANGES)


EVERY_CHARACTER = "".join(map(chr, range(0x110000)))
EXPECTED = "".join(c if _is_xml_char(ord(c)) else "\ufffd" for c in EVERY_CHARACTER)


def test_xml_safe_replaces_exactly_what_xml_cannot_hold() -> None:
    assert xml_safe(EVERY_CHARACTER) == EXPECTED


def test_escaping_all_values_at_once_replaces_the_same_characters() -> None:
    # Values of a thousand characters each, joined by NUL (which `escaped_texts` replaces
    # one value at a time instead, so no value here holds it).
    values = [EVERY_CHARACTER[start : start + 1000] for start in range(1, 0x110000, 1000)]
    assert escaped_texts(values) == [text(xml_safe(value)) for value in values]
    assert "".join(escaped_texts(values)) == text(EXPECTED[1:])
