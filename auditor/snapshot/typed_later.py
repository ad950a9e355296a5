"""The carried contacts, each typed the first time it is read.

A large account carries hundreds of thousands of contacts (`Account.contacts`), and a
plain analysis reads few of them as objects: the rules and `graph.graphml` read their
columns (`CarriedContacts`), and reach a contact itself only where a column flags it
(one in twenty in the scale benchmark, spread over every block). Typing them all as
they were read was a tenth of a run at a tenth of the benchmark's size. So the reader
keeps each plain block's chosen rows with two ways to type them (`contacts.RowTyper`:
`rows` for the block, `row` for one of its rows), and a contact is made when it is
first read, by the same function, from the same rows, details and timestamps: the
objects are those the reader would have made at once. A contact read alone is the very
object its block gives when read whole later.

One row typed alone costs about five of a block typed whole (19 against 3.7 us), so a
block is typed whole once a fifth of it is read (`WHOLE_FROM`), and `pick`, the reading
of many contacts at once (a rule's flagged contacts), types whole each block a fifth of
whose contacts it reads: an account where most contacts are flagged costs what typing
them all as they were read did.
"""

import bisect
import itertools
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    ValuesView,
)
from typing import overload

from auditor.models import Contact, ContactId

# Makes a block's contacts, in order; makes the contact at one offset of the block.
Make = Callable[[], list[Contact]]
MakeOne = Callable[[int], Contact]

# A block is typed whole once this share of it (one in WHOLE_FROM) is read.
WHOLE_FROM = 5


class _Later:
    """A block not typed whole yet, and those of its contacts read alone so far."""

    def __init__(self, count: int, make: Make, make_one: MakeOne) -> None:
        self.count = count
        self.make = make
        self.make_one = make_one
        self.made: dict[int, Contact] = {}

    def one(self, offset: int) -> Contact:
        contact = self.made.get(offset)
        if contact is None:
            contact = self.made[offset] = self.make_one(offset)
        return contact

    def whole(self) -> list[Contact]:
        contacts = self.make()
        if len(contacts) != self.count:
            raise AssertionError(f"a block of {self.count} contacts typed as {len(contacts)}")
        for offset, contact in self.made.items():
            contacts[offset] = contact  # the objects already handed out, not their twins
        return contacts


class ContactsInOrder(Sequence[Contact]):
    """The carried contacts in file order, a block at a time: typed, or typed on first read."""

    def __init__(self) -> None:
        self._blocks: list[list[Contact] | _Later] = []
        self._starts: list[int] = []  # each block's first index
        self._count = 0

    def add(self, contacts: list[Contact]) -> None:
        """The next contacts, typed already."""
        if contacts:
            self._append(contacts, len(contacts))

    def add_later(self, count: int, make: Make, make_one: MakeOne) -> None:
        """The next `count` contacts: `make` types them all, `make_one` the one at an
        offset, each when first read."""
        if count:
            self._append(_Later(count, make, make_one), count)

    def _append(self, block: list[Contact] | _Later, count: int) -> None:
        self._blocks.append(block)
        self._starts.append(self._count)
        self._count += count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Contact: ...

    @overload
    def __getitem__(self, index: slice) -> list[Contact]: ...

    def __getitem__(self, index: int | slice) -> Contact | list[Contact]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("contact index out of range")
        number = bisect.bisect_right(self._starts, index) - 1
        offset = index - self._starts[number]
        return self._read(number, [offset])[0]

    def pick(self, indexes: Iterable[int]) -> Iterator[Contact]:
        """The contacts at `indexes` (ascending), each block's read together."""
        starts = self._starts
        by_block = itertools.groupby(indexes, lambda index: bisect.bisect_right(starts, index) - 1)
        for number, in_block in by_block:
            start = starts[number]
            yield from self._read(number, [index - start for index in in_block])

    def _read(self, number: int, offsets: list[int]) -> list[Contact]:
        """The contacts at `offsets` of block `number`: typed whole if a fifth of it is
        read by now, else each alone."""
        block = self._blocks[number]
        if isinstance(block, _Later):
            unread = sum(1 for offset in set(offsets) if offset not in block.made)
            if (len(block.made) + unread) * WHOLE_FROM < block.count:
                return list(map(block.one, offsets))
            block = self._typed(number)
        return list(map(block.__getitem__, offsets))

    def __iter__(self) -> Iterator[Contact]:
        return itertools.chain.from_iterable(map(self._typed, range(len(self._blocks))))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a container that compares by content

    def _typed(self, number: int) -> list[Contact]:
        block = self._blocks[number]
        if isinstance(block, list):
            return block
        contacts = self._blocks[number] = block.whole()
        return contacts


class ContactsById(Mapping[ContactId, Contact]):
    """`Account.contacts`: the carried contacts by ID, in file order, typed on first read."""

    def __init__(self, ids: list[ContactId], in_order: ContactsInOrder) -> None:
        self.in_order = in_order
        self._ids = ids
        self._index: dict[ContactId, int] | None = None

    def __getitem__(self, contact_id: ContactId) -> Contact:
        return self.in_order[self._indexes()[contact_id]]

    def __contains__(self, contact_id: object) -> bool:
        return contact_id in self._indexes()

    def __iter__(self) -> Iterator[ContactId]:
        return iter(self._indexes())

    def __len__(self) -> int:
        return len(self._indexes())

    def __reversed__(self) -> Iterator[ContactId]:
        return reversed(self._indexes())

    def values(self) -> ValuesView[Contact]:
        return _Values(self)

    def items(self) -> ItemsView[ContactId, Contact]:
        return _Items(self)

    def _indexes(self) -> dict[ContactId, int]:
        # Made on first use: a dict's last entry wins for an ID listed twice, as it did
        # when the contacts were a dict (the table refuses such a file anyway).
        if self._index is None:
            self._index = {contact_id: index for index, contact_id in enumerate(self._ids)}
        return self._index


class _Values(ValuesView[Contact]):
    _mapping: ContactsById

    def __iter__(self) -> Iterator[Contact]:
        mapping = self._mapping
        if len(mapping) == len(mapping.in_order):  # each ID once: the contacts in order
            return iter(mapping.in_order)
        return (mapping[contact_id] for contact_id in mapping)

    def __reversed__(self) -> Iterator[Contact]:
        return reversed(list(self))


class _Items(ItemsView[ContactId, Contact]):
    _mapping: ContactsById

    def __iter__(self) -> Iterator[tuple[ContactId, Contact]]:
        return zip(self._mapping, _Values(self._mapping), strict=True)

    def __reversed__(self) -> Iterator[tuple[ContactId, Contact]]:
        return reversed(list(self))
