"""The contacts of `graph.graphml` that carry access, written by whole-list operations.

At a million contacts, a quarter of a million carry access, with twice as many edges:
most of the file. Through the generic writer each element costs a dict copy, sorted
attribute names, a type check per value and a `<data>` loop. Every contact the identity
graph adds has the same shape, though (`kind`, `label`, `email`; one `works_for` edge
per company, with a `view_all_tickets` boolean), so the block checks that shape for all
contacts at once (`map` over the lists runs in C) and writes each contact from pieces
made once per file around its escaped name and email.

`ContactBlock.of` takes the shown contacts only when every one has exactly that shape,
a non-negative integer ID (so numeric order is `node_order`) and nothing but such edges
to numbered company nodes; otherwise the generic writer writes them all. Tests hold
both to the same bytes.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import eq, itemgetter, lt, methodcaller, not_
from typing import Any

from auditor.report.graphml_xml import Attributes, Keys, escaped_texts, safe

CONTACT_PREFIX = "contact:"
COMPANY_PREFIX = "company:"
CONTACT_LABELS = ":Contact"
WORKS_FOR = "WORKS_FOR"
VIEWS_ALL_TICKETS_OF = "VIEWS_ALL_TICKETS_OF"
# Contacts written per piece of text handed on.
_BATCH = 4096

# A node's adjacency in networkx: target -> edge key -> edge attributes.
Adjacency = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class _Edges:
    """The contacts' `works_for` edges in order, as parallel lists (no tuple per edge):
    the contact's node, the company's node, view_all_tickets."""

    sources: list[str]
    companies: list[str]
    views: list[bool]


# A contact's edges to one company, as the identity graph adds them: its key and its
# attributes, viewing all of the company's tickets or not.
_VIEWING = {"works_for": {"kind": "works_for", "view_all_tickets": True}}
_NOT_VIEWING = {"works_for": {"kind": "works_for", "view_all_tickets": False}}


class ContactBlock:
    """The contacts that view all of some company's tickets and their edges, in the
    order the generic writer puts them: nodes (with escaped labels and emails) by ID,
    edges by contact then company. `others`: the graph's other nodes."""

    def __init__(
        self,
        nodes: list[str],
        labels: list[str],
        emails: list[str],
        edges: _Edges,
        others: list[str],
    ) -> None:
        self._nodes = nodes
        self._labels = labels
        self._emails = emails
        self._edges = edges
        self._views_all = any(edges.views)
        self.nodes = nodes
        self.others = others

    @classmethod
    def of(
        cls, nodes: Sequence[tuple[str, dict[str, Any]]], adjacency: Sequence[tuple[str, Adjacency]]
    ) -> "ContactBlock | None":
        """The block of a networkx graph's contacts, from its `nodes(data=True)` and its
        `adjacency()`, or None when a contact is not of the shape this block writes.

        Each step is one `map` (or `compress`) over all contacts: a quarter of a million
        Python-level loops of a dozen checks each cost several times as much."""
        names = list(map(itemgetter(0), nodes))
        if names != list(map(itemgetter(0), adjacency)):
            return None  # not one order for both (networkx keeps one): no pairing by position
        data = list(map(itemgetter(1), nodes))
        # `adjacency()` names the nodes in the same order, so positions pair them.
        adjacencies = list(map(itemgetter(1), adjacency))
        is_contact = list(map(eq, map(dict.get, data, repeat("kind")), repeat("contact")))
        others = list(compress(names, map(not_, is_contact)))
        if any(map(methodcaller("startswith", CONTACT_PREFIX), others)):
            return None  # node order would put it among the contacts
        contacts = list(compress(names, is_contact))
        data = list(compress(data, is_contact))
        adjacencies = list(compress(adjacencies, is_contact))
        numbers = _plain_numbers(contacts)
        if numbers is None or any(size != 3 for size in set(map(len, data))):
            return None
        if not all(map(lt, numbers, islice(numbers, 1, None))):
            order = sorted(range(len(numbers)), key=numbers.__getitem__)
            contacts = list(map(contacts.__getitem__, order))
            data = list(map(data.__getitem__, order))
            adjacencies = list(map(adjacencies.__getitem__, order))
        found = _edges(contacts, adjacencies, set(others))
        if found is None:
            return None
        # A contact is shown where it views all of some company's tickets: one of its
        # `works_for` edges says so (the edge carries the record's `view_all_tickets`).
        edges, viewing = found
        contacts = list(compress(contacts, viewing))
        data = list(compress(data, viewing))
        # Labels then emails, in one list: each check and the escaping run once.
        texts: list[Any] = [
            *map(dict.get, data, repeat("label")),
            *map(dict.get, data, repeat("email")),
        ]
        if any(kind is not str for kind in set(map(type, texts))):
            return None
        escaped = escaped_texts(texts)
        labels, emails = escaped[: len(contacts)], escaped[len(contacts) :]
        return cls(contacts, labels, emails, edges, others)

    def node_rows(self) -> list[Attributes]:
        """One node's attributes of each shape written, for the `<key>` declarations."""
        if not self._nodes:
            return []
        return [safe({"kind": "contact", "label": "", "email": "", "labels": CONTACT_LABELS})]

    def edge_rows(self) -> list[Attributes]:
        rows: list[dict[str, Any]] = []
        if self._edges.sources:
            rows.append({"kind": "works_for", "label": WORKS_FOR, "view_all_tickets": True})
        if self._views_all:
            rows.append({"kind": "views_all_tickets_of", "label": VIEWS_ALL_TICKETS_OF})
        return [safe(row) for row in rows]

    def node_text(self, keys: Keys) -> Iterator[str]:
        """Each contact's `<node>`, as `graphml` writes a node with these attributes."""
        if not self._nodes:
            return  # (and `keys` declares none of their attributes)
        email_open, _ = keys.string_data("      ", "node", "email")
        label_open, _ = keys.string_data("      ", "node", "label")
        kind = keys.fill("      ", "node", {"kind": "contact"})
        labels = keys.fill("      ", "node", {"labels": CONTACT_LABELS})
        end = "</data>\n"
        # Constant runs between the variable parts, joined once: a contact with an
        # email and a label (the usual case) is then one f-string of five pieces.
        before_email = f'" labels="{CONTACT_LABELS}">\n{email_open}'
        between = f"{end}{kind}{label_open}"
        after_label = f"{end}{labels}    </node>\n"
        for start in range(0, len(self._nodes), _BATCH):
            rows = zip(
                self._nodes[start : start + _BATCH],
                self._labels[start : start + _BATCH],
                self._emails[start : start + _BATCH],
                strict=True,
            )
            yield "".join(
                [
                    f'    <node id="{node}{before_email}{email}{between}{label}{after_label}'
                    if email and label
                    else _node_text(node, label, email, keys)
                    for node, label, email in rows
                ]
            )

    def edge_text(self, keys: Keys) -> Iterator[str]:
        """Each contact's `<edge>`s: `works_for`, and `views_all_tickets_of` before it
        where the contact views all the company's tickets (its ID sorts first)."""
        if not self._edges.sources:
            return  # (and `keys` declares none of their attributes)
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
        # Constant runs between the variable parts, joined once.
        views_all_end = f'" label="{VIEWS_ALL_TICKETS_OF}">\n{views_all}    </edge>\n    <edge id="'
        viewing_end = f'" label="{WORKS_FOR}">\n{works_for[True]}    </edge>\n'
        plain_end = f'" label="{WORKS_FOR}">\n{works_for[False]}    </edge>\n'
        edges = self._edges
        for start in range(0, len(edges.sources), _BATCH):
            end = start + _BATCH
            batch = zip(
                edges.sources[start:end],
                edges.companies[start:end],
                edges.views[start:end],
                strict=True,
            )
            yield "".join(
                [
                    f'    <edge id="{node}.views_all_tickets_of.{company}" source="{node}" '
                    f'target="{company}{views_all_end}{node}.works_for.{company}" '
                    f'source="{node}" target="{company}{viewing_end}'
                    if view
                    else f'    <edge id="{node}.works_for.{company}" source="{node}" '
                    f'target="{company}{plain_end}'
                    for node, company, view in batch
                ]
            )


def _node_text(node: str, label: str, email: str, keys: Keys) -> str:
    """A contact's `<node>` without an email or a label: each is then `<data ... />`."""
    email_open, email_empty = keys.string_data("      ", "node", "email")
    label_open, label_empty = keys.string_data("      ", "node", "label")
    email_line = f"{email_open}{email}</data>\n" if email else email_empty
    label_line = f"{label_open}{label}</data>\n" if label else label_empty
    kind = keys.fill("      ", "node", {"kind": "contact"})
    labels = keys.fill("      ", "node", {"labels": CONTACT_LABELS})
    return (
        f'    <node id="{node}" labels="{CONTACT_LABELS}">\n'
        f"{email_line}{kind}{label_line}{labels}    </node>\n"
    )


def _plain_numbers(contacts: list[str]) -> list[int] | None:
    """The numbers of `contact:` nodes when each is `contact:` and a non-negative number
    as `str` spells it (so `node_order` reads it as that number and two never tie)."""
    try:
        numbers = list(map(int, map(itemgetter(slice(len(CONTACT_PREFIX), None)), contacts)))
    except ValueError:
        return None
    if numbers and min(numbers) < 0:
        return None
    # `int` also reads `+7`, ` 7`, `0_7` and other digits than ASCII: only names that are
    # exactly what the number writes back are plain.
    if list(map(CONTACT_PREFIX.__add__, map(str, numbers))) != contacts:
        return None
    return numbers


def _edges(
    nodes: list[str], adjacencies: list[Adjacency], shown: set[str]
) -> tuple[_Edges, list[bool]] | None:
    """The edges of the contacts that view all of some company's tickets, in order, and
    for each contact whether it does; None when an edge is not a plain `works_for` (the
    only edge between the two) to a shown, numbered company node."""
    if any(size != 1 for size in set(map(len, adjacencies))):
        return _edges_one_by_one(nodes, adjacencies, shown)
    # One company each, the usual case: checked for all contacts at once. An edge's
    # attributes (under its key) must equal one of the two plain shapes; `1 == True`,
    # so the values' types are checked too.
    companies = list(map(next, map(iter, adjacencies)))
    keyed = list(map(next, map(iter, map(dict.values, adjacencies))))
    views = list(map(eq, keyed, repeat(_VIEWING)))
    if not all(map(eq, compress(keyed, map(not_, views)), repeat(_NOT_VIEWING))):
        return None
    written = map(dict.get, map(itemgetter("works_for"), keyed), repeat("view_all_tickets"))
    if any(kind is not bool for kind in set(map(type, written))):
        return None
    if any(_company_number(company, shown) is None for company in set(companies)):
        return None
    # With one company, a contact views all of some company's tickets where its edge does.
    sources = list(compress(nodes, views))
    edges = _Edges(sources, list(compress(companies, views)), [True] * len(sources))
    return edges, views


def _edges_one_by_one(
    nodes: list[str], adjacencies: list[Adjacency], shown: set[str]
) -> tuple[_Edges, list[bool]] | None:
    """`_edges` for contacts with any number of companies, in company order."""
    edges = _Edges([], [], [])
    viewing: list[bool] = []
    for node, adjacency in zip(nodes, adjacencies, strict=True):
        numbered: list[tuple[int, str, bool]] = []
        for company, keyed in adjacency.items():
            number = _company_number(company, shown)
            data = keyed.get("works_for") if len(keyed) == 1 else None
            if number is None or data is None or len(data) != 2 or data.get("kind") != "works_for":
                return None
            view = data.get("view_all_tickets")
            if type(view) is not bool:
                return None
            numbered.append((number, company, view))
        viewing.append(any(view for _, _, view in numbered))
        if viewing[-1]:
            # Canonical numbers of distinct nodes are distinct: names are never compared.
            for _, company, view in sorted(numbered):
                edges.sources.append(node)
                edges.companies.append(company)
                edges.views.append(view)
    return edges, viewing


def _company_number(node: str, shown: set[str]) -> int | None:
    """The number of a shown company node named in ASCII digits without a leading zero
    (so two never tie in `node_order`), else None."""
    identifier = node[len(COMPANY_PREFIX) :]
    if not (node.startswith(COMPANY_PREFIX) and node in shown):
        return None
    if not (identifier.isascii() and identifier.isdigit()):
        return None
    if identifier[0] == "0" and identifier != "0":
        return None
    return int(identifier)
