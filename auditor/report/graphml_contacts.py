"""The contacts of `graph.graphml` that carry access, written by one tight loop.

At a million contacts, a quarter of a million carry access, with twice as many edges:
most of the file. Through the generic writer each element costs a dict copy, sorted
attribute names, a type check per value and a `<data>` loop. Every contact the identity
graph adds has the same shape, though (`kind`, `label`, `email`; `works_for` edges to
companies, each with a `view_all_tickets` boolean), so its text is a few pieces made
once per file around its two escaped strings.

`ContactBlock.of` takes the graph's shown contacts only when every one has exactly that
shape, a canonical numeric ID (so numeric order is `node_order`) and nothing but such
edges; otherwise the generic writer writes them all. Tests hold both to the same bytes.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from auditor.graph.identity import contact_node
from auditor.models import Contact
from auditor.report.graphml_xml import Attributes, Keys, escaped_texts, safe

CONTACT_PREFIX = "contact:"
COMPANY_PREFIX = "company:"
CONTACT_LABELS = ":Contact"
WORKS_FOR = "WORKS_FOR"
VIEWS_ALL_TICKETS_OF = "VIEWS_ALL_TICKETS_OF"

# One contact as written: its node, escaped label and email, and its companies (node,
# view_all_tickets) in node order.
_Row = tuple[str, str, str, list[tuple[str, bool]]]


def _canonical_number(identifier: str) -> int | None:
    """The number an ID spells in ASCII digits without a leading zero (so two IDs never
    tie in `node_order`), else None."""
    if not (identifier.isascii() and identifier.isdigit()):
        return None
    if identifier[0] == "0" and identifier != "0":
        return None
    return int(identifier)


class ContactBlock:
    """The shown contacts and their edges, in the order the generic writer puts them."""

    def __init__(self, rows: list[_Row], views_all: bool) -> None:
        self._rows = rows
        self._views_all = views_all
        self.nodes = frozenset(row[0] for row in rows)

    @classmethod
    def of(
        cls,
        records: Iterable[Contact],
        node_data: dict[str, dict[str, Any]],
        successors: dict[str, dict[str, dict[str, dict[str, Any]]]],
        shown: set[str],
    ) -> "ContactBlock | None":
        """The block of the contacts whose `records` view all of a company's tickets
        (`node_data` and `successors`: the networkx graph's node attributes and
        adjacency; `shown`: the other nodes shown), or None when one is not of the
        shape this block writes."""
        numbered: list[tuple[int, str, list[tuple[str, bool]]]] = []
        views_all = False
        labels: list[str] = []
        emails: list[str] = []
        company_numbers = _CompanyNumbers(shown)
        for record in records:
            # As `Contact.companies_viewing_all_tickets`: the primary company answers
            # for most records without making a list.
            if not (record.company_id and record.view_all_tickets) and (
                not record.companies_viewing_all_tickets()
            ):
                continue
            node = contact_node(record.id)
            data = node_data.get(node)
            if data is None:
                continue  # not in the graph, so not shown
            label, email = data.get("label"), data.get("email")
            if (
                type(record.id) is not int
                or record.id < 0
                or len(data) != 3
                or data.get("kind") != "contact"
                or type(label) is not str
                or type(email) is not str
            ):
                return None
            companies = _companies(successors[node], company_numbers)
            if companies is None:
                return None
            numbered.append((record.id, node, companies))
            labels.append(label)
            emails.append(email)
            if not views_all:
                views_all = any(view for _, view in companies)
        escaped = zip(numbered, escaped_texts(labels), escaped_texts(emails), strict=True)
        rows = sorted(
            (number, (node, label, email, companies))
            for (number, node, companies), label, email in escaped
        )
        if len({number for number, _ in rows}) != len(rows):
            return None  # two records of one contact
        return cls([row for _, row in rows], views_all)

    def node_rows(self) -> list[Attributes]:
        """One node's attributes of each shape written, for the `<key>` declarations."""
        if not self._rows:
            return []
        return [safe({"kind": "contact", "label": "", "email": "", "labels": CONTACT_LABELS})]

    def edge_rows(self) -> list[Attributes]:
        rows = [{"kind": "works_for", "label": WORKS_FOR, "view_all_tickets": True}]
        if self._views_all:
            rows.append({"kind": "views_all_tickets_of", "label": VIEWS_ALL_TICKETS_OF})
        return [safe(row) for row in rows] if self._rows else []

    def node_text(self, keys: Keys) -> Iterator[str]:
        """Each contact's `<node>`, as `graphml` writes a node with these attributes."""
        email_open, email_empty = keys.string_data("      ", "node", "email")
        label_open, label_empty = keys.string_data("      ", "node", "label")
        kind = keys.fill("      ", "node", {"kind": "contact"})
        labels = keys.fill("      ", "node", {"labels": CONTACT_LABELS})
        opening = '    <node id="'
        after_id = f'" labels="{CONTACT_LABELS}">\n'
        closing = f"{labels}    </node>\n"
        end = "</data>\n"
        for rows in _batches(self._rows):
            yield "".join(
                [
                    f"{opening}{node}{after_id}"
                    f"{f'{email_open}{email}{end}' if email else email_empty}{kind}"
                    f"{f'{label_open}{label}{end}' if label else label_empty}{closing}"
                    for node, label, email, _ in rows
                ]
            )

    def edge_text(self, keys: Keys) -> Iterator[str]:
        """Each contact's `<edge>`s: `works_for`, and `views_all_tickets_of` beside it
        where the contact views all the company's tickets (its ID sorts first)."""
        works_for = {
            view: keys.fill(
                "      ",
                "edge",
                safe({"kind": "works_for", "label": WORKS_FOR, "view_all_tickets": view}),
            )
            for view in (True, False)
        }
        views_all = (
            keys.fill(
                "      ",
                "edge",
                safe({"kind": "views_all_tickets_of", "label": VIEWS_ALL_TICKETS_OF}),
            )
            if self._views_all
            else ""
        )
        for rows in _batches(self._rows):
            pieces: list[str] = []
            for node, _, _, companies in rows:
                for company, view in companies:
                    ends = f'source="{node}" target="{company}"'
                    if view:
                        pieces.append(
                            f'    <edge id="{node}.views_all_tickets_of.{company}" {ends} '
                            f'label="{VIEWS_ALL_TICKETS_OF}">\n{views_all}    </edge>\n'
                        )
                    pieces.append(
                        f'    <edge id="{node}.works_for.{company}" {ends} label="{WORKS_FOR}">\n'
                        f"{works_for[view]}    </edge>\n"
                    )
            yield "".join(pieces)


class _CompanyNumbers:
    """The number of each shown, canonically numbered company node, found once per node:
    a few thousand companies, each reached by many contacts."""

    def __init__(self, shown: set[str]) -> None:
        self._shown = shown
        self._numbers: dict[str, int | None] = {}

    def of(self, target: str) -> int | None:
        try:
            return self._numbers[target]
        except KeyError:
            number = None
            if target.startswith(COMPANY_PREFIX) and target in self._shown:
                number = _canonical_number(target[len(COMPANY_PREFIX) :])
            self._numbers[target] = number
            return number


def _companies(
    neighbours: dict[str, dict[str, dict[str, Any]]], numbers: _CompanyNumbers
) -> list[tuple[str, bool]] | None:
    """The contact's companies in node order with its `view_all_tickets`, or None when an
    edge is not a plain `works_for` (its only edge) to a numbered, shown company node."""
    found: list[tuple[int, str, bool]] = []
    for target, edges in neighbours.items():
        number = numbers.of(target)
        data = edges.get("works_for") if len(edges) == 1 else None
        if number is None or data is None or len(data) != 2 or data.get("kind") != "works_for":
            return None
        view = data.get("view_all_tickets")
        if type(view) is not bool:
            return None
        found.append((number, target, view))
    if len(found) == 1:
        return [found[0][1:]]
    found.sort()
    return [(target, view) for _, target, view in found]


def _batches(rows: list[_Row], size: int = 4096) -> Iterator[list[_Row]]:
    """The rows a few thousand at a time: each batch's text is one piece for `blocks`."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
