"""Carried contacts typed when first read: the same objects, each made once, only as read."""

from pathlib import Path
from typing import Any

import pytest

from auditor.graph.identity import IdentityGraph
from auditor.models import Contact, ContactId
from auditor.records import parse
from auditor.snapshot import read_snapshot
from auditor.snapshot.typed_later import ContactsById, ContactsInOrder
from tests.builders import company, contact, write_account

# Contacts that carry access (they view all of company 1's tickets), of the plain shape,
# read as blocks of rows; and the listing records they come from, by ID.
_CARRIED = [contact(100 + i, company_id=1, view_all_tickets=True) for i in range(600)]


def _typed_so_far(contacts: Any) -> int:
    """How many of the reader's carried contacts are objects yet."""
    assert isinstance(contacts, ContactsById)
    blocks = contacts.in_order._blocks
    return sum(len(block) if isinstance(block, list) else len(block.made) for block in blocks)


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    plain = [contact(2000 + i) for i in range(200)]
    return write_account(tmp_path, contacts=[*_CARRIED, *plain], companies=[company(1)])


def test_the_reader_types_no_carried_contact_until_one_is_read(snapshot: Path) -> None:
    account = read_snapshot(snapshot)
    assert len(account.contacts) == 600
    assert account.carried_columns is not None
    assert account.carried_columns.ids == [record["id"] for record in _CARRIED]
    assert _typed_so_far(account.contacts) == 0
    assert 450 in account.contacts
    assert account.contacts[ContactId(450)] == parse(Contact, _CARRIED[350])
    assert _typed_so_far(account.contacts) == 1


def test_a_contact_read_alone_is_the_object_its_block_gives_later(snapshot: Path) -> None:
    account = read_snapshot(snapshot)
    alone = account.contacts[ContactId(101)]
    every = list(account.contacts.values())
    assert every[1] is alone
    assert every == [parse(Contact, record) for record in _CARRIED]
    assert list(account.contacts.items()) == [(contact.id, contact) for contact in every]
    assert list(reversed(account.contacts.values())) == every[::-1]
    assert account.contacts[ContactId(101)] is alone


def test_the_graph_reads_the_reader_columns_without_typing_them(snapshot: Path) -> None:
    account = read_snapshot(snapshot)
    columns = IdentityGraph(account, {}).carried_contacts
    assert columns is account.carried_columns
    assert _typed_so_far(account.contacts) == 0
    flagged = [False] * 600
    flagged[7] = True
    assert [contact.id for contact in columns.where(flagged)] == [107]
    assert _typed_so_far(account.contacts) == 1


def _sequence() -> tuple[ContactsInOrder, list[Contact], list[int]]:
    records = [parse(Contact, contact(i)) for i in range(23)]
    made: list[int] = []

    def whole(start: int, count: int) -> list[Contact]:
        made.append(-1)
        return [parse(Contact, contact(start + i)) for i in range(count)]

    def one(start: int, offset: int) -> Contact:
        made.append(start + offset)
        return parse(Contact, contact(start + offset))

    sequence = ContactsInOrder()
    sequence.add(records[:3])
    sequence.add_later(10, lambda: whole(3, 10), lambda offset: one(3, offset))
    sequence.add([])
    sequence.add_later(10, lambda: whole(13, 10), lambda offset: one(13, offset))
    return sequence, records, made


def test_the_sequence_types_one_contact_or_a_block_as_it_is_read() -> None:
    sequence, records, made = _sequence()
    assert len(sequence) == 23
    assert made == []
    assert sequence[4] == records[4]
    assert sequence[-1] == records[22]
    assert made == [4, 22]
    assert sequence[4] is sequence[4]  # made once
    assert made == [4, 22]
    assert sequence[2:5] == records[2:5]
    assert list(sequence) == records
    assert sequence == records
    assert made == [4, 22, -1, -1]  # each block typed whole once, when read whole
    with pytest.raises(IndexError):
        sequence[23]


def test_a_block_that_types_to_another_length_is_refused() -> None:
    sequence = ContactsInOrder()
    sequence.add_later(2, lambda: [parse(Contact, contact(1))], lambda offset: parse(Contact, {}))
    with pytest.raises(AssertionError, match="a block of 2 contacts typed as 1"):
        list(sequence)


def test_an_id_listed_twice_reads_as_a_dict_reads_it() -> None:
    first, second, other = (parse(Contact, contact(i % 2 + 1, name=f"n{i}")) for i in range(3))
    sequence = ContactsInOrder()
    sequence.add([first, second, other])
    by_id = ContactsById([first.id, second.id, other.id], sequence)
    expected = {first.id: first, second.id: second, other.id: other}  # `other` replaces
    assert dict(by_id.items()) == expected
    assert list(by_id) == list(expected)
    assert list(by_id.values()) == list(expected.values())
    assert len(by_id) == 2


def _block_of_twenty() -> tuple[ContactsInOrder, list[str]]:
    made: list[str] = []

    def whole() -> list[Contact]:
        made.append("whole")
        return [parse(Contact, contact(i)) for i in range(20)]

    def one(offset: int) -> Contact:
        made.append(f"one {offset}")
        return parse(Contact, contact(offset))

    sequence = ContactsInOrder()
    sequence.add_later(20, whole, one)
    return sequence, made


def test_a_block_a_fifth_of_which_is_read_is_typed_whole() -> None:
    # One row typed alone costs about five typed with its block.
    sequence, made = _block_of_twenty()
    assert [sequence[i].id for i in (0, 5, 9)] == [0, 5, 9]
    assert made == ["one 0", "one 5", "one 9"]
    assert sequence[12].id == 12  # the fourth of twenty: the block is typed whole
    assert made == ["one 0", "one 5", "one 9", "whole"]


def test_picking_many_contacts_of_a_block_types_it_whole_at_once() -> None:
    sequence, made = _block_of_twenty()
    assert [c.id for c in sequence.pick([2, 3])] == [2, 3]
    assert made == ["one 2", "one 3"]
    picked = list(sequence.pick([1, 2, 4, 6]))
    assert [c.id for c in picked] == [1, 2, 4, 6]
    assert made == ["one 2", "one 3", "whole"]
    assert picked[1] is sequence[2]  # read alone before, the same object after
