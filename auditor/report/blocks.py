"""Small pieces of a file's text joined into blocks of about a megabyte.

The bundle's streamed files are made of hundreds of thousands of small pieces (one per
finding, node or edge); written one by one, each costs a write call and a hash update.
Joined into blocks, the writer makes a few hundred calls, and no file is ever whole in
memory.
"""

from collections.abc import Iterable, Iterator
from typing import AnyStr

BLOCK_SIZE = 1 << 20


def blocks(pieces: Iterable[AnyStr], size: int = BLOCK_SIZE) -> Iterator[AnyStr]:
    """The pieces joined into blocks of about `size` bytes (or characters), in order."""
    pending: list[AnyStr] = []
    length = 0
    for piece in pieces:
        pending.append(piece)
        length += len(piece)
        if length >= size:
            yield pending[0][:0].join(pending)
            pending, length = [], 0
    if pending:
        yield pending[0][:0].join(pending)
