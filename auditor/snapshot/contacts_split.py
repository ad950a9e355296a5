"""The contacts file read on two cores: this process reads its start, a forked copy its end.

A million contacts are nine tenths of a snapshot, and reading them is the longest stage
of an analysis. Past `SPLIT_FROM` bytes, and where forking is safe (`forking`), a forked
copy of this process reads the last `SHARE` of the file (from a line's start), while
this process reads up to there. The copy sends back its rows as columns and each
carried contact's listing record (typed here: a typed object would cost more to send
than to make again), with the SHA-256 of the bytes it read.

Nothing the copy read is taken on its word:
- this process reads and hashes the copy's range itself, into the file's hash that is
  compared with the manifest, and takes the copy's rows only if the copy's hash of the
  same range is equal, so its rows come from the very bytes that were checked;
- the copy gives up at anything unusual (a damaged or non-compact line, a record that
  fails its check, a note to make), and then this process reads the range itself, so
  every error and note is the one, with the line number, that a single reader gives.
"""

import contextlib
import hashlib
import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import orjson

from auditor.errors import SnapshotError
from auditor.forking import cores_to_fork
from auditor.snapshot.blocks import HashedBlocks, take_blocks
from auditor.snapshot.contacts import ContactColumns, ContactPart

# Below this size (about 40,000 contacts) a second process saves less than it costs.
SPLIT_FROM = 16 << 20
# The copy's share of the file, read from its end. The copy only checks and counts its
# contacts, while this process also types the carried ones of both parts, yet the copy
# is no faster per contact: every object it makes lands on memory shared with this
# process, which the first write copies. Measured at a million contacts (0.4 to 0.7),
# half is about where both finish together.
SHARE = 0.5


def read_contacts(
    path: Path,
    digest: Any,
    columns: ContactColumns,
    file_name: str,
    notes: list[str],
) -> int:
    """Read every contact of `path` into `columns`, hashing the file into `digest`;
    return how many records it holds."""
    split = _split_point(path) if cores_to_fork() > 1 else None
    if split is None:
        count, _ = take_blocks(
            HashedBlocks(path, digest), 1, columns.add, columns.add_block, file_name, notes
        )
        return count
    second = _SecondReader(path, split, columns.sibling(), file_name)
    try:
        count, next_line = take_blocks(
            HashedBlocks(path, digest, end=split),
            1,
            columns.add,
            columns.add_block,
            file_name,
            notes,
        )
        part = second.result()
        if part is None:
            # The copy gave up: this process reads the range, naming what stopped it.
            rest, _ = take_blocks(
                HashedBlocks(path, digest, start=split),
                next_line,
                columns.add,
                columns.add_block,
                file_name,
                notes,
            )
            return count + rest
        records, sha256, end = part
        read_here = hashlib.sha256()
        for _ in HashedBlocks(path, digest, read_here, start=split).chunks():
            pass
        if read_here.hexdigest() != sha256:
            raise SnapshotError(
                f"{file_name} changed while it was being read (two reads of its end differ). "
                "Run the analysis again when nothing is writing to the snapshot."
            )
        columns.add_part(end, next_line)
        return count + records
    finally:
        second.close()


def _split_point(path: Path) -> int | None:
    """The offset of the first line of the copy's `SHARE` of the file, or None when the
    file is too small to split or has no line start there."""
    size = path.stat().st_size
    if size < SPLIT_FROM:
        return None
    with path.open("rb") as handle:
        handle.seek(int(size * (1 - SHARE)))
        handle.readline()  # the rest of the line the offset falls in
        split = handle.tell()
    return split if split < size else None


# What the copy sends: its record count, the SHA-256 of its range, its columns, and its
# carried records as one orjson array with their line numbers. None: it gave up.
_Sent = tuple[int, str, dict[str, Any], bytes, list[int]] | None


class _SecondReader:
    """The forked copy reading a file from `split` to its end."""

    def __init__(self, path: Path, split: int, columns: ContactColumns, file_name: str) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_end, args=(path, split, columns, file_name, sender), daemon=True
        )
        self._process.start()
        sender.close()

    def result(self) -> tuple[int, str, ContactPart] | None:
        """(records, SHA-256 of the range, its rows), or None if the copy gave up or died."""
        try:
            sent: _Sent = self._receiver.recv()
        except (EOFError, OSError):
            return None  # killed or out of memory: read the range here
        if sent is None:
            return None
        records, sha256, arrays, carried, lines = sent
        part = ContactPart(arrays, list(zip(lines, orjson.loads(carried), strict=True)))
        return records, sha256, part

    def close(self) -> None:
        if self._process.is_alive():
            self._process.terminate()  # this process failed first; the copy's work is moot
        self._process.join()
        self._receiver.close()


def _read_end(
    path: Path, split: int, columns: ContactColumns, file_name: str, sender: Connection
) -> None:
    sent: _Sent = None
    # Any failure at all: the first process reads the range, and names what it finds.
    with contextlib.suppress(BaseException):
        sent = _scan(path, split, columns, file_name)
    _send(sender, sent)


def _scan(path: Path, split: int, columns: ContactColumns, file_name: str) -> _Sent:
    digest = hashlib.sha256()
    notes: list[str] = []
    records, _ = take_blocks(
        HashedBlocks(path, digest, start=split),
        1,
        columns.add,
        columns.add_block,
        file_name,
        notes,
    )
    if notes:
        return None  # a note names its line, which only the first process knows
    part = columns.part()
    lines = [line for line, _ in part.carried_records]
    # orjson gives back exactly the records it was given; anything it cannot write (an
    # integer beyond 64 bits) makes the copy give up.
    carried = orjson.dumps([raw for _, raw in part.carried_records])
    return records, digest.hexdigest(), part.columns, carried, lines


def _send(sender: Connection, sent: _Sent) -> None:
    try:
        sender.send(sent)
    finally:
        sender.close()
