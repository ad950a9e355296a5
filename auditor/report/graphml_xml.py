"""The XML of `graph.graphml`: escaping, GraphML's value types and the `<key>` declarations.

Shared by the generic element writer (`graphml`) and the contacts' tight loop
(`graphml_contacts`), so both spell every value the same way.
"""

import re
from collections.abc import Iterable, Iterator
from typing import Any

Value = str | int | float | bool
Attributes = dict[str, Value]

# XML 1.0 cannot hold most control characters, not even escaped: one in a name from the
# API would make the whole file unreadable to Gephi or yEd, so each becomes U+FFFD.
# Spelled as the few ranges XML excludes (C0 controls but tab, LF and CR; surrogates;
# U+FFFE and U+FFFF), not as the complement of the ranges XML allows: the same set of
# characters, but the complement of ranges up to U+10FFFF took 5-9 ms to compile, paid by
# every run at import.
_NOT_XML = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]")
# The same, but for NUL, which joins the values of `escaped_texts`.
_NOT_XML_BUT_NUL = re.compile(r"[\x01-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]")
_PRINTABLE_OR_NUL = bytes([0, *range(0x20, 0x7F)])
# The characters either escape below changes; most values hold none of them.
_ESCAPED = re.compile(r'[&<>"\r\n\t]')


def needs_escaping(value: str) -> bool:
    """Whether `attribute` or `text` would change the value."""
    return _ESCAPED.search(value) is not None


def attribute(value: str) -> str:
    """An XML attribute value, escaped as ElementTree escapes it."""
    if not _ESCAPED.search(value):
        return value
    return (
        text(value)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


def text(value: str) -> str:
    """XML character data, escaped as ElementTree escapes it."""
    if not _ESCAPED.search(value):
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_safe(value: str) -> str:
    """The text with each character XML cannot hold replaced by U+FFFD."""
    # Printable ASCII holds nothing XML refuses: most names and emails skip the regex.
    return value if value.isascii() and value.isprintable() else _NOT_XML.sub("\ufffd", value)


def escaped_texts(values: list[str]) -> list[str]:
    """`[text(xml_safe(value)) for value in values]`, by a few operations on the values
    joined by NUL rather than a few per value: a quarter of a million contact names and
    emails each cost a handful of method calls otherwise. NUL is no character XML can
    hold, so no escaped value holds one, and splitting at it gives the values back."""
    if not values:
        return []
    joined = "\x00".join(values)
    if joined.count("\x00") != len(values) - 1:
        # A value holds NUL itself: it becomes U+FFFD; one value at a time.
        return [text(xml_safe(value)) for value in values]
    changed = False
    # Printable ASCII (and the NULs between values) holds nothing XML refuses: checked
    # by deleting those bytes, several times faster than `str.isprintable` on megabytes.
    if not (joined.isascii() and not joined.encode("ascii").translate(None, _PRINTABLE_OR_NUL)):
        joined = _NOT_XML_BUT_NUL.sub("\ufffd", joined)
        changed = True
    # `text`'s replacements; `in` scans megabytes faster than its regex.
    if "&" in joined or "<" in joined or ">" in joined:
        joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        changed = True
    # Most accounts' names and emails need nothing: the values are their own escapes.
    return joined.split("\x00") if changed else list(values)


def safe(attributes: dict[str, Any]) -> Attributes:
    """GraphML knows strings, numbers and booleans; anything else is written as text.
    Attributes come out sorted by name, the order their `<data>` elements are written in."""
    safe: Attributes = {}
    for name in sorted(attributes):
        value = attributes[name]
        if value is None:
            continue
        if type(value) is str:
            # `xml_safe`, inline: most values are strings, most of them printable ASCII.
            safe[name] = (
                value if value.isascii() and value.isprintable() else _NOT_XML.sub("\ufffd", value)
            )
        elif isinstance(value, (int, float, bool)):
            safe[name] = value
        else:
            safe[name] = xml_safe(str(value))
    return safe


def element(indent: str, opening: str, tag: str, children: str) -> str:
    if not children:
        return f"{indent}{opening} />\n"
    return f"{indent}{opening}>\n{children}{indent}</{tag}>\n"


def _xml_type(kinds: set[type]) -> str:
    """The XML Schema type of an attribute whose values have these Python types."""
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


class Keys:
    """The `<key>` declarations: one per attribute name and domain, with its type.

    Key IDs are the attribute names (as APOC's export writes them) except where a node
    and an edge attribute share a name: the edge's `label` is the relationship type and
    keeps the plain ID, the node's display name is `node_label`; other edge keys that
    clash with a node key get an `edge_` prefix.
    """

    def __init__(
        self, graph: Iterable[Attributes], node: Iterable[Attributes], edge: Iterable[Attributes]
    ) -> None:
        self.types: dict[tuple[str, str], str] = {}
        self.ids: dict[tuple[str, str], str] = {}
        for domain, rows in (("graph", graph), ("node", node), ("edge", edge)):
            # The Python types each attribute takes, in one pass over the rows: the
            # distinct (name, type) pairs, then grouped by name.
            seen: dict[str, set[type]] = {}
            for name, kind in {(name, type(value)) for row in rows for name, value in row.items()}:
                seen.setdefault(name, set()).add(kind)
            for name in sorted(seen):
                self.types[(domain, name)] = _xml_type(seen[name])
        node_names = {name for domain, name in self.types if domain == "node"}
        for domain, name in self.types:
            key_id = name
            if domain == "node" and name == "label":
                key_id = "node_label"
            elif domain == "edge" and name in node_names and name != "label":
                key_id = f"edge_{name}"
            elif domain == "graph":
                key_id = f"graph_{name}"
            self.ids[(domain, name)] = key_id
        # Each `<data>` tag, escaped once rather than once per element, and whether its
        # values are booleans, by domain then name (one lookup per value written).
        self._tags: dict[str, dict[str, tuple[str, bool]]] = {}
        for (domain, name), key_id in self.ids.items():
            boolean = self.types[(domain, name)] == "boolean"
            self._tags.setdefault(domain, {})[name] = (f'<data key="{attribute(key_id)}"', boolean)
        # The same with the indent: (opening before a value, element for no value, boolean).
        self._lines: dict[tuple[str, str], dict[str, tuple[str, str, bool]]] = {}

    def declare(self) -> Iterator[str]:
        for (domain, name), xml_type in self.types.items():
            yield (
                f'  <key id="{attribute(self.ids[(domain, name)])}" for="{domain}" '
                f'attr.name="{attribute(name)}" attr.type="{xml_type}" />\n'
            )

    def fill(self, indent: str, domain: str, attributes: Attributes) -> str:
        """The `<data>` elements of one element's attributes."""
        lines = self._lines.get((indent, domain))
        if lines is None:
            lines = self._lines[(indent, domain)] = {
                name: (f"{indent}{tag}>", f"{indent}{tag} />\n", boolean)
                for name, (tag, boolean) in self._tags[domain].items()
            }
        pieces = []
        for name, value in attributes.items():
            opening, empty, boolean = lines[name]
            if boolean:
                written = "true" if value else "false"
            else:
                written = text(value if type(value) is str else str(value))
            pieces.append(f"{opening}{written}</data>\n" if written else empty)
        return "".join(pieces)

    def string_data(self, indent: str, domain: str, name: str) -> tuple[str, str]:
        """How `fill` writes a string attribute: the text before an escaped value (the
        value, then `</data>` and a line break, follow) and the whole element for an
        empty value."""
        tag, boolean = self._tags[domain][name]
        assert not boolean, f"{domain} attribute {name} holds booleans, not text"
        return f"{indent}{tag}>", f"{indent}{tag} />\n"
