"""Contacts read a block of lines at a time: every line still named by its own number,
and a block with one odd line read exactly as the line-by-line path reads it."""

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import RecordError, SnapshotError
from auditor.models import Contact
from auditor.records import parse
from auditor.snapshot import read_snapshot
from tests.builders import agent, company, contact, replace_line, write_account

# Enough contacts for several 64 KiB blocks; the line edited is in a later one.
_COUNT = 900
_LINE = 700


def _contacts() -> list[dict[str, Any]]:
    return [
        contact(
            1000 + i,
            company_id=1 + i % 3,
            view_all_tickets=i % 4 == 0,
            email="agent1@acme.example" if i == 650 else None,
            custom_fields={"note": "x" * 100},
        )
        for i in range(_COUNT)
    ]


def _write(directory: Path, **account: Any) -> Path:
    return write_account(
        directory,
        agents=[agent(1)],
        contacts=_contacts(),
        companies=[company(1), company(2), company(3)],
        **account,
    )


def _line(directory: Path, number: int) -> bytes:
    return (directory / "contacts.jsonl").read_bytes().split(b"\n")[number - 1]


def test_the_contacts_file_spans_several_blocks(tmp_path: Path) -> None:
    size = (_write(tmp_path) / "contacts.jsonl").stat().st_size
    assert size > 3 * (1 << 16)


def test_a_duplicate_key_inside_a_compact_contact_line_is_refused_by_its_line(
    tmp_path: Path,
) -> None:
    """orjson keeps the last of two keys, and the line is otherwise compact: the block
    must still go to the strict parser, which refuses it by line number."""
    _write(tmp_path)
    original = _line(tmp_path, _LINE)
    replace_line(tmp_path, _LINE, original[:-1] + b',"id":5}')
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(tmp_path)
    assert str(caught.value).startswith(f"contacts.jsonl, line {_LINE}: not valid JSON")
    assert "the key 'id' appears twice" in str(caught.value)


def test_a_line_in_another_spelling_reads_as_its_compact_form(tmp_path: Path) -> None:
    compact = read_snapshot(_write(tmp_path / "compact"))
    spaced = _write(tmp_path / "spaced")
    for number in (_LINE, 650):  # a plain contact, and one with an agent's address
        replace_line(spaced, number, json.dumps(json.loads(_line(spaced, number))).encode())
    read = read_snapshot(spaced)
    assert read.contacts == compact.contacts
    assert list(read.contacts) == list(compact.contacts)
    assert read.contact_table.frame.equals(compact.contact_table.frame)
    assert 1650 in read.contacts  # an agent's address: carried


def test_a_malformed_contact_in_a_later_block_is_named_by_its_line(tmp_path: Path) -> None:
    _write(tmp_path)
    record = json.loads(_line(tmp_path, _LINE))
    record["company_id"] = "2"
    replace_line(tmp_path, _LINE, json.dumps(record, separators=(",", ":")).encode())
    with pytest.raises(RecordError) as caught:
        read_snapshot(tmp_path)
    assert caught.value.record == f"record id {1000 + _LINE - 1} (line {_LINE})"
    assert caught.value.field == "company_id"


def test_a_blank_line_in_a_later_block_is_skipped_and_counted_as_a_line(tmp_path: Path) -> None:
    _write(tmp_path)
    original = _line(tmp_path, _LINE)
    replace_line(tmp_path, _LINE, b"\n" + original)
    record = json.loads(_line(tmp_path, _LINE + 2))
    record["name"] = None
    replace_line(tmp_path, _LINE + 2, json.dumps(record, separators=(",", ":")).encode())
    with pytest.raises(RecordError) as caught:
        read_snapshot(tmp_path)
    # The record after the blank line is on line _LINE + 2 and holds contact _LINE + 1.
    assert caught.value.record == f"record id {1000 + _LINE} (line {_LINE + 2})"


def test_a_detail_record_replaces_a_listing_record_inside_a_block(tmp_path: Path) -> None:
    # Contact 1701 (on line 702) views no company's tickets in full in the listing.
    detail = contact(1701, other_companies=[{"company_id": 2, "view_all_tickets": True}])
    account = read_snapshot(_write(tmp_path, extra_collections={"contact_details": [detail]}))
    assert account.contacts[1701].companies_viewing_all_tickets() == [2]
    assert account.contact_table.total == _COUNT
    carried = sum(1 for i in range(_COUNT) if i % 4 == 0 or i in (650, 701))
    assert len(account.contacts) == carried == account.contact_table.carried


def test_contacts_out_of_id_order_are_tabled_in_id_order(tmp_path: Path) -> None:
    in_order = read_snapshot(_write(tmp_path / "sorted"))
    shuffled = _write(tmp_path / "shuffled")
    path = shuffled / "contacts.jsonl"
    lines = path.read_bytes().splitlines()
    path.write_bytes(b"\n".join(reversed(lines)) + b"\n")
    replace_line(shuffled, 1, _line(shuffled, 1))  # reseal
    read = read_snapshot(shuffled)
    assert read.contact_table.frame.equals(in_order.contact_table.frame)
    assert list(read.contacts) == list(in_order.contacts)
    # Columns made in file order would not follow the sorted contacts: none are kept.
    assert read.carried_columns is None
    assert in_order.carried_columns is not None


def test_rows_with_a_detail_record_take_every_column_from_it(tmp_path: Path) -> None:
    """A real listing has a detail record in nearly every block. The block stays columns;
    the rows with a detail take their links, state and access from the detail, in the
    order of the file, exactly as reading each record through the model gives."""
    details = [
        # Listed with company 1 and viewing all; the detail links two more and is deleted.
        contact(1000, company_id=1, view_all_tickets=True, other_companies=[2, 3], deleted=True),
        # Listed viewing nothing in full; the detail views company 2's tickets.
        contact(1701, other_companies=[{"company_id": 2, "view_all_tickets": True}]),
        # Listed with company 3 viewing all (i % 4 == 0); the detail no longer views them.
        contact(1704, company_id=3, view_all_tickets=False),
    ]
    account = read_snapshot(_write(tmp_path, extra_collections={"contact_details": details}))
    table = account.contact_table.columns
    row = {int(key): index for index, key in enumerate(table["id"])}
    assert table["company_links"][row[1000]] == 3
    assert bool(table["deleted"][row[1000]]) is True
    assert bool(table["views_all_tickets"][row[1701]]) is True
    assert bool(table["carried"][row[1704]]) is False
    assert account.contacts[1000] == parse(Contact, details[0])
    assert 1704 not in account.contacts
    assert list(account.contacts) == sorted(account.contacts)
    carried = sum(1 for i in range(_COUNT) if i % 4 == 0 or i in (650, 701)) - 1
    assert len(account.contacts) == carried == account.contact_table.carried
    assert account.contact_table.deleted == 1
