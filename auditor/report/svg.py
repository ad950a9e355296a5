"""Small inline SVG pictures for the report, drawn in Python with ElementTree.

ElementTree escapes every text node and attribute it serialises, so names from the API
can appear in a picture without ever being markup; the finished SVG is the one thing
the HTML template inserts unescaped. Coordinates are rounded to one decimal so the same
data always draws the same bytes.
"""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

# One palette for the whole report, so a colour means the same thing everywhere.
COLOURS: dict[str, str] = {
    "critical": "#7b1020",
    "high": "#c0392b",
    "medium": "#c77c0a",
    "low": "#2e86c1",
    "info": "#7f8c8d",
    "account_admin": "#7b1020",
    "admin": "#c0392b",
    "supervisor": "#c77c0a",
    "agent": "#2e86c1",
    "collaborator": "#7f8c8d",
    "active": "#1e8449",
    "pending": "#b7950b",
    "deactivated": "#7f8c8d",
    "open": "#c0392b",
    "exempted": "#7f8c8d",
    "global": "#6c3483",
    "group": "#2e86c1",
    "restricted": "#7f8c8d",
}
NEUTRAL = "#5d6d7e"


def number(value: float) -> str:
    """A coordinate as SVG text: at most one decimal, no trailing `.0`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def element(parent: ET.Element | None, tag: str, text: str = "", **attributes: str) -> ET.Element:
    """Append an SVG element; `class_` and `font_size`-style names become `class`, `font-size`."""
    names = {key.rstrip("_").replace("_", "-"): value for key, value in attributes.items()}
    node = ET.Element(tag, names) if parent is None else ET.SubElement(parent, tag, names)
    if text:
        node.text = text
    return node


def serialise(svg: ET.Element) -> Markup:
    """The finished picture, safe to insert: ElementTree escaped every string in it."""
    return Markup(ET.tostring(svg, encoding="unicode"))  # noqa: S704


def svg_root(width: float, height: float, label: str) -> ET.Element:
    return element(
        None,
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {number(width)} {number(height)}",
        width=number(width),
        height=number(height),
        role="img",
        aria_label=label,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour_key: str = ""


_ROW = 22.0
_LABEL_WIDTH = 118.0
_BAR_WIDTH = 170.0
_VALUE_WIDTH = 40.0


def bar_chart(title: str, bars: Sequence[Bar], filter_key: str = "") -> Markup:
    """A horizontal bar chart: one labelled bar per entry, its count at the end.

    With a `filter_key` (a findings filter: severity, rule, status) each bar is a control
    that report.js turns into that filter, set to the bar's label.
    """
    height = _ROW * max(len(bars), 1) + 8
    svg = svg_root(_LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH, height, title)
    element(svg, "title", title)
    largest = max((bar.value for bar in bars), default=0) or 1
    for index, bar in enumerate(bars):
        top = 4 + index * _ROW
        middle = top + _ROW / 2
        parent = svg
        if filter_key:
            parent = element(
                svg,
                "g",
                class_="chart-bar",
                role="button",
                tabindex="0",
                data_filter_key=filter_key,
                data_filter_value=bar.label,
            )
            element(parent, "title", f"Show the {bar.value} findings: {filter_key} {bar.label}")
        element(
            parent,
            "text",
            bar.label,
            x=number(_LABEL_WIDTH - 8),
            y=number(middle + 4),
            text_anchor="end",
            class_="chart-label",
        )
        length = _BAR_WIDTH * bar.value / largest
        element(
            parent,
            "rect",
            x=number(_LABEL_WIDTH),
            y=number(top + 3),
            width=number(max(length, 1.5)),
            height=number(_ROW - 6),
            rx="2",
            fill=COLOURS.get(bar.colour_key, NEUTRAL),
        )
        element(
            parent,
            "text",
            str(bar.value),
            x=number(_LABEL_WIDTH + max(length, 1.5) + 5),
            y=number(middle + 4),
            class_="chart-value",
        )
    if not bars:
        element(svg, "text", "none", x=number(_LABEL_WIDTH), y="18", class_="chart-label")
    return serialise(svg)
