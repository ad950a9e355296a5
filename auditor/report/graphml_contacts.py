"""The contacts of `graph.graphml` that carry access, written from their records.

At a million contacts, a quarter of a million carry access, with twice as many edges:
most of the file. Through the generic writer each element costs a networkx node, a dict
copy, sorted attribute names, a type check per value and a `<data>` loop. Every contact
the identity graph adds has the same shape, though (`kind`, `label`, `email`; one
`works_for` edge per company, with a `view_all_tickets` boolean), made from the typed
contact record; so the block is made from the carried contacts' columns directly (no
node or edge dicts; the same pass collects the companies only contacts name, as
`IdentityGraph.unknown_companies` would in a pass of its own) and writes each contact
from pieces made once per file around its escaped name and email. Tests hold it to the
generic writer's bytes over the networkx graph.
"""

import itertools
import operator
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from auditor.models import CompanyId
from auditor.report.graphml_xml import Attributes, Keys, escaped_texts, safe
from auditor.snapshot.carried_contacts import CarriedContacts, flagged

CONTACT_PREFIX = "contact:"
COMPANY_PREFIX = "company:"
CONTACT_LABELS = ":Contact"
WORKS_FOR = "WORKS_FOR"
VIEWS_ALL_TICKETS_OF = "VIEWS_ALL_TICKETS_OF"
# Contacts written per piece of text handed on.
_BATCH = 4096


@dataclass(frozen=True)
class _Edges:
    """The contacts' `works_for` edges in order, as parallel lists (no tuple per edge):
    the contact's node, the company's node, view_all_tickets."""

    sources: list[str]
    companies: list[str]
    views: list[bool]


class ContactBlock:
    """The contacts that view all of some company's tickets and their edges, in the
    order the generic writer puts them: nodes (with escaped labels and emails) by ID,
    edges by contact then company; and the company nodes only contacts name."""

    def __init__(
        self,
        nodes: list[str],
        labels: list[str],
        emails: list[str],
        edges: _Edges,
        unknown_companies: list[tuple[str, dict[str, Any]]],
    ) -> None:
        self._nodes = nodes
        self._labels = labels
        self._emails = emails
        self._edges = edges
        self._views_all = any(edges.views)
        self.nodes = nodes
        # As `IdentityGraph.unknown_companies` gives them (a test holds the two equal).
        self.unknown_companies = unknown_companies

    @classmethod
    def from_carried(
        cls, carried: CarriedContacts, known_companies: Container[CompanyId]
    ) -> "ContactBlock | None":
        """The block of the contacts that view all of some company's tickets, from the
        records `IdentityGraph` makes their nodes and `works_for` edges of (`carried`: the
        contacts as columns, in ID order), and the companies outside `known_companies`
        that contacts name. None where the generic writer would order the contacts
        otherwise: a negative ID (`node_order` reads it as text), or contacts not in ID
        order.

        A quarter of a million contacts carry access at a million, and a pass over their
        records is mostly waiting for memory; their columns were taken while the reader
        typed them. Nearly every contact names one company at most: each run of those is
        taken a column at a time (`_Builder.add_run`), and the rare contact between two
        runs (other companies, or a company ID beyond 64 bits) from its record."""
        builder = _Builder(carried, known_companies)
        rare = flagged(len(carried.contacts), carried.has_other_companies, carried.odd_company_ids)
        start = 0
        for index in [*rare, len(carried.contacts)]:
            if not builder.add_run(start, index):
                return None
            if index < len(carried.contacts) and not builder.add_contact(index):
                return None
            start = index + 1
        # Labels then emails, in one list: the escaping runs once.
        count = len(builder.nodes)
        escaped = escaped_texts([*builder.labels, *builder.emails])
        unknown_companies = [
            (f"{COMPANY_PREFIX}{company}", _unknown_company(company)) for company in builder.unknown
        ]
        return cls(
            builder.nodes, escaped[:count], escaped[count:], builder.edges, unknown_companies
        )

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


class _Builder:
    """The lists of a `ContactBlock`, filled in contact order (see `from_carried`)."""

    def __init__(self, carried: CarriedContacts, known_companies: Container[CompanyId]) -> None:
        self._carried = carried
        self._known = known_companies
        self._company_nodes = _CompanyNodes()
        self._previous = -1  # the last drawn contact's ID: they must come in ID order
        self.nodes: list[str] = []
        self.labels: list[str] = []
        self.emails: list[str] = []
        self.edges = _Edges([], [], [])
        # The companies outside `known` that contacts name, in order of first mention.
        self.unknown: dict[CompanyId, None] = {}

    def add_run(self, start: int, end: int) -> bool:
        """Contacts `start` to `end` of `carried`, each of one company at most (0: none),
        a column at a time; False where the generic writer would order them otherwise."""
        if start >= end:
            return True
        carried = self._carried
        # Each contact's primary company ID (0: none).
        companies = cast("Sequence[CompanyId]", carried.company_ids[start:end])
        # `dict.fromkeys` keeps each company's first mention, in order.
        for company in dict.fromkeys(companies):
            if company and company not in self._known:
                self.unknown[company] = None
        # Drawn: a contact that names a company and views all its tickets.
        drawing = map(
            operator.and_, map(operator.truth, companies), carried.view_all_tickets[start:end]
        )
        rows = list(itertools.compress(range(start, end), drawing))
        if not rows:
            return True
        drawn_companies = cast("list[CompanyId]", list(map(carried.company_ids.__getitem__, rows)))
        all_ids, names, emails = carried.ids, carried.names, carried.emails
        ids = [all_ids[row] for row in rows]
        if ids[0] <= self._previous or not all(map(operator.lt, ids, ids[1:])):
            return False
        if min(drawn_companies) < 0:
            return False
        self._previous = ids[-1]
        nodes = [f"{CONTACT_PREFIX}{contact_id}" for contact_id in ids]
        self.nodes += nodes
        self.labels += [names[row] for row in rows]
        self.emails += [emails[row] for row in rows]
        self.edges.sources.extend(nodes)
        self.edges.companies.extend(map(self._company_nodes.__getitem__, drawn_companies))
        self.edges.views.extend(itertools.repeat(True, len(nodes)))
        return True

    def add_contact(self, index: int) -> bool:
        """Contact `index` of `carried`, of any shape, from its record; False where the
        generic writer would order it otherwise."""
        contact = self._carried.contacts[index]
        company_ids = contact.company_ids()
        for named in company_ids:
            if named not in self._known:
                self.unknown[named] = None
        viewing = contact.companies_viewing_all_tickets()
        if not viewing:
            return True  # sees only its own tickets: counted, not drawn
        company_ids = sorted(set(company_ids))  # the generic writer's order
        if contact.id <= self._previous or company_ids[0] < 0:
            return False
        self._previous = contact.id
        node = f"{CONTACT_PREFIX}{contact.id}"
        self.nodes.append(node)
        self.labels.append(contact.name)
        self.emails.append(contact.email or "")
        for company in company_ids:
            self.edges.sources.append(node)
            self.edges.companies.append(self._company_nodes[company])
            self.edges.views.append(company in viewing)
        return True


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


class _CompanyNodes(dict[CompanyId, str]):
    """Each company's node text, made on first use: contacts share their companies, and a
    hit is one lookup in C."""

    def __missing__(self, company_id: CompanyId) -> str:
        node = self[company_id] = f"{COMPANY_PREFIX}{company_id}"
        return node


def _unknown_company(company_id: CompanyId) -> dict[str, Any]:
    """The node `IdentityGraph` makes of a company that only contacts name."""
    return {"kind": "company", "label": f"unknown company {company_id}", "domains": ""}
