"""The contacts' tight loop in `graph.graphml` writes exactly what the generic writer does.

`ContactBlock` writes a quarter of a million contacts from pieces made once; it must
give the generic element writer's bytes, escaping included, and refuse (leaving the
contacts to the generic writer) any contact whose shape it does not write.
"""

from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import Analysis
from auditor.models import Contact
from auditor.records import parse
from auditor.report.graphml import graphml_chunks
from auditor.report.graphml_contacts import ContactBlock
from auditor.report.graphml_xml import escaped_texts, text, xml_safe
from auditor.snapshot.carried_contacts import CarriedContacts
from tests.builders import agent, analyze_account, company, contact
from tests.report.conftest import XML_HOSTILE

HOSTILE = [*XML_HOSTILE, ""]


def _contact(contact_id: int, name: str, **fields: Any) -> dict[str, Any]:
    record = contact(contact_id, name=name or "placeholder", **fields)
    record["name"] = name
    return record


def _account(tmp_path: Path, several_companies: bool) -> Analysis:
    """Contacts with every hostile name, out of ID order, some without access."""
    contacts = [
        _contact(50 - index, name, company_id=1 + index % 2, view_all_tickets=True)
        for index, name in enumerate(HOSTILE)
    ]
    contacts[0]["email"] = 'a&b<"c">@customer.example'
    contacts[1]["email"] = None  # written as an empty <data />
    contacts.append(_contact(7, "No access", company_id=1))
    contacts.append(_contact(9, "No company"))
    # Companies the account does not list: one named by a contact drawn, one by a
    # contact that carries access only by sharing the agent's address (not drawn).
    contacts.append(_contact(15, "Unknown company", company_id=8, view_all_tickets=True))
    contacts.append(_contact(17, "Agent's twin", email="agent1@acme.example", company_id=9))
    if several_companies:
        contacts[2]["other_companies"] = [{"company_id": 1, "view_all_tickets": False}]
        contacts.append(
            _contact(
                11,
                "Views one company's tickets, not the other's",
                company_id=1,
                view_all_tickets=True,
                other_companies=[{"company_id": 2, "view_all_tickets": False}],
            )
        )
        contacts.append(
            _contact(
                3,
                "Other company only",
                other_companies=[{"company_id": 2, "view_all_tickets": True}],
            )
        )
        contacts.append(
            _contact(
                19,
                "Unknown other companies, one named twice",
                company_id=12,
                other_companies=[
                    {"company_id": 10, "view_all_tickets": True},
                    {"company_id": 12, "view_all_tickets": False},
                    {"company_id": 2, "view_all_tickets": False},
                ],
            )
        )
    return analyze_account(
        tmp_path / "snapshot",
        agents=[agent(1)],
        contacts=contacts,
        companies=[company(1, "Acme & <Co>"), company(2)],
    )


def _block(analysis: Analysis) -> ContactBlock | None:
    contacts = CarriedContacts.of(analysis.account.contacts.values())
    return ContactBlock.from_carried(contacts, analysis.account.companies)


def _fast_and_plain(analysis: Analysis) -> tuple[str, str]:
    fast = "".join(graphml_chunks(analysis))
    plain = "".join(graphml_chunks(analysis, fast_contacts=False))
    return fast, plain


@pytest.mark.parametrize("several_companies", [False, True], ids=["one-company", "several"])
def test_the_block_writes_the_generic_writers_bytes(
    tmp_path: Path, several_companies: bool
) -> None:
    analysis = _account(tmp_path, several_companies)
    block = _block(analysis)
    assert block is not None, "the fast path must be taken for this account"
    assert "contact:50" in block.nodes
    assert "contact:7" not in block.nodes
    assert "contact:15" in block.nodes
    assert 17 in analysis.account.contacts, "a contact sharing the agent's address is carried"
    assert "contact:17" not in block.nodes
    # Out of ID order, the block would not be in node order: left to the generic writer.
    backwards = reversed(analysis.account.contacts.values())
    assert ContactBlock.from_carried(CarriedContacts.of(backwards), {}) is None
    fast, plain = _fast_and_plain(analysis)
    assert fast == plain
    assert 'id="company:9"' in fast
    assert "A &amp; B &lt;b&gt;" in fast
    assert "\ud800" not in fast
    assert "\x00" not in fast


@pytest.mark.parametrize("several_companies", [False, True], ids=["one-company", "several"])
def test_the_contacts_part_gives_the_whole_graphs_bytes_without_building_it(
    tmp_path: Path, several_companies: bool
) -> None:
    """Written from the graph without contacts plus the contacts' records, as a bundle
    does: the bytes of the whole networkx graph, which stays unbuilt."""
    analysis = _account(tmp_path, several_companies)
    fast = "".join(graphml_chunks(analysis))
    assert analysis.graph._graph is None
    plain = "".join(graphml_chunks(analysis, fast_contacts=False))
    assert fast == plain
    assert 'id="contact:50.views_all_tickets_of.company:1"' in fast


def test_an_account_without_contacts_that_carry_access(tmp_path: Path) -> None:
    """The block is empty, and the `<key>`s its attributes would need are not declared."""
    analysis = analyze_account(
        tmp_path / "snapshot",
        agents=[agent(1)],
        contacts=[_contact(7, "No access", company_id=1)],
        companies=[company(1)],
    )
    block = _block(analysis)
    assert block is not None
    assert not block.nodes
    fast, plain = _fast_and_plain(analysis)
    assert fast == plain
    assert "view_all_tickets" not in fast


def test_a_negative_id_is_left_to_the_generic_writer(tmp_path: Path) -> None:
    """`node_order` reads `contact:-5` as text, not as a number: the block would put it
    elsewhere, so it declines and the generic writer writes every contact."""
    analysis = analyze_account(
        tmp_path / "snapshot",
        agents=[agent(1)],
        contacts=[
            _contact(-5, "Negative", company_id=1, view_all_tickets=True),
            _contact(4, "Positive", company_id=1, view_all_tickets=True),
        ],
        companies=[company(1)],
    )
    assert _block(analysis) is None
    fast, plain = _fast_and_plain(analysis)
    assert fast == plain
    assert fast.index('id="contact:-5"') < fast.index('id="contact:4"')


@pytest.mark.parametrize(
    "values",
    [HOSTILE, [], [""], ["a\x00b", "c"], ["plain", "ascii"], ["ascii \x1b escape", "bell\x07"]],
)
def test_escaping_all_values_at_once_is_escaping_each(values: list[str]) -> None:
    assert escaped_texts(values) == [text(xml_safe(value)) for value in values]


@pytest.mark.parametrize("several_companies", [False, True], ids=["one-company", "several"])
def test_the_block_finds_the_companies_only_contacts_name(
    tmp_path: Path, several_companies: bool
) -> None:
    """Its one pass over the records gives the graph's own unknown companies, in order."""
    analysis = _account(tmp_path, several_companies)
    block = _block(analysis)
    assert block is not None
    expected = analysis.graph.unknown_companies()
    assert block.unknown_companies == expected
    assert ("company:9", {"kind": "company", "label": "unknown company 9", "domains": ""}) in (
        expected
    )


def test_the_inline_reading_of_a_contact_is_the_records_own(tmp_path: Path) -> None:
    """`from_carried` reads a contact of one company without `Contact.company_ids` and
    `companies_viewing_all_tickets`: on every shape of record it must agree with them
    (company 0 and None are no company; a view without a company is no view)."""
    shapes: list[dict[str, Any]] = [
        {"company_id": 1, "view_all_tickets": True},
        {"company_id": 1, "view_all_tickets": False},
        {"company_id": 1, "view_all_tickets": None},
        {"company_id": 0, "view_all_tickets": True},
        {"company_id": None, "view_all_tickets": True},
        {"company_id": 7, "view_all_tickets": True},
        {"company_id": 7},
        {"company_id": 1, "view_all_tickets": True, "other_companies": [5, 1]},
        {"other_companies": [{"company_id": 6, "view_all_tickets": True}, 1]},
        {"company_id": 4, "other_companies": [{"company_id": 1, "view_all_tickets": False}]},
    ]
    contacts = [
        parse(Contact, {"id": 10 + index, "name": f"C{index}", **shape})
        for index, shape in enumerate(shapes)
    ]
    known = {1: "listed"}
    block = ContactBlock.from_carried(CarriedContacts.of(contacts), known)
    assert block is not None
    nodes, edges, unknown = [], [], {}
    for record in contacts:
        viewing = record.companies_viewing_all_tickets()
        for company_id in record.company_ids():
            if company_id not in known:
                unknown.setdefault(f"company:{company_id}", None)
        if viewing:
            nodes.append(f"contact:{record.id}")
            edges += [
                (f"contact:{record.id}", f"company:{company_id}", company_id in viewing)
                for company_id in sorted(set(record.company_ids()))
            ]
    assert block.nodes == nodes
    written = block._edges
    assert list(zip(written.sources, written.companies, written.views, strict=True)) == edges
    assert [node for node, _ in block.unknown_companies] == list(unknown)
