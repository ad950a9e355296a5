"""The contacts file read on two cores: this process reads its start, a forked copy its end.

A million contacts are nine tenths of a snapshot, and reading them is the longest stage
of an analysis. Past `SPLIT_FROM` bytes, and where forking is safe (`forking`), a forked
copy of this process reads the last `SHARE` of the file (from a line's start), while
this process reads up to there. The copy sends back, a segment of lines at a time, its
rows as columns and its carried contacts untyped (a plain block's as the columns they
are typed from, any other's as its listing record), which this process types: a typed
object would cost more to send than to make again. This process takes each segment
while the copy reads the next. The copy may be started before this process has even
read the agents (`contacts_prefetch`), so that it reads while the analysis is still
importing.

The copy hashes the whole file: the start (this process's part) first, then its own
part as it reads it. Nothing it read is taken on its word:
- this process's own hash of its part must equal the copy's hash of the same bytes,
  and the copy's hash of the whole file is the one compared with the manifest, so the
  rows of both parts come from the very bytes that were checked;
- the copy gives up at anything unusual (a damaged line, a record that fails its
  check, a note to make, a segment it cannot send, a fork that fails), and then this
  process hashes the segments it took again (their hash must be the copy's) and reads
  the rest itself from the segment the copy did not finish, so every error and note is
  the one, with the line number, that a single reader gives.
"""

import contextlib
import hashlib
import io
import multiprocessing
import queue
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from auditor.errors import SnapshotError
from auditor.forking import cores_to_fork
from auditor.snapshot.blocks import HashedBlocks, take_blocks
from auditor.snapshot.collector_pause import collector_paused
from auditor.snapshot.contacts import ContactColumns, ContactPart

# Below this size (about 40,000 contacts) a second process saves less than it costs.
SPLIT_FROM = 16 << 20
# The copy's share of the file, read from its end. The copy checks and counts its
# contacts and picks the carried ones' columns, while this process also types the
# carried contacts of both parts, so the copy takes more than half: timed at a million
# contacts, both finished together at 0.7 (3.2 s, against 3.6 s at 0.6 and 4.5-5.3 s for
# one reader). A copy started early (`contacts_prefetch`) starts 0.1-0.2 s sooner, yet
# a larger share for it did no better (0.8: 0.5 s slower at a million contacts, the
# same within the machine's noise at 100,000; 0.6-0.75 the same as 0.7 at both sizes).
SHARE = 0.7
# The copy sends what it read a segment of about this size at a time, so that this
# process types the carried contacts of one segment while the copy reads the next. The
# last segment is typed here after the copy is done: at 100,000 contacts (17 MB for the
# copy) 2 MiB segments ended the read 0.04 s sooner than 8 MiB ones; at a million the
# two took the same time.
SEGMENT = 2 << 20


def _changed(file_name: str) -> SnapshotError:
    """The error for bytes the two processes read differently: something wrote to them."""
    return SnapshotError(
        f"{file_name} changed while it was being read (two reads of the same lines "
        "differ). Run the analysis again when nothing is writing to the snapshot."
    )


def read_contacts(
    path: Path,
    columns: ContactColumns,
    file_name: str,
    notes: list[str],
    second: "SecondReader | None" = None,
) -> tuple[int, str]:
    """Read every contact of `path` into `columns`; return how many records it holds and
    the SHA-256 of the file. `second` is a copy already reading its end, started for
    these very `columns` (`contacts_prefetch`); without one, one is started here when
    that pays."""
    digest = hashlib.sha256()

    def read_here(start: int = 0, end: int | None = None, first_line: int = 1) -> tuple[int, int]:
        blocks = HashedBlocks(path, digest, start=start, end=end)
        return take_blocks(blocks, first_line, columns.add, columns.add_block, file_name, notes)

    if second is None:
        split = split_point(path) if cores_to_fork() > 1 else None
        second = None if split is None else SecondReader.start(path, split, columns, file_name)
    if second is None:
        return read_here()[0], digest.hexdigest()
    try:
        if not _starts_line(path, second.split):
            raise _changed(file_name)  # the copy chose it in another version of the file
        count, next_line = read_here(end=second.split)
        offset, hashed = second.split, None
        opening = second.opening()
        if opening is not None and opening.prefix_sha256 != digest.copy().hexdigest():
            raise _changed(file_name)
        for segment in second.segments() if opening is not None else ():
            if segment.start != offset:
                break  # not the next part of the file: read the rest here
            columns.add_part(segment.part, next_line)
            count += segment.records
            next_line += segment.lines
            hashed = segment.sha256
            if segment.end is None:
                return count, hashed  # the copy hashed the whole file
            offset = segment.end
        # The copy gave up (or stopped): this process hashes the part it took from it,
        # which must be the bytes the copy hashed, and reads the rest, naming what it finds.
        for _ in HashedBlocks(path, digest, start=second.split, end=offset).chunks():
            pass
        if hashed is not None and digest.copy().hexdigest() != hashed:
            raise _changed(file_name)
        count += read_here(start=offset, first_line=next_line)[0]
        return count, digest.hexdigest()
    finally:
        second.close()


def split_point(path: Path) -> int | None:
    """The offset of the first line of the copy's `SHARE` of the file, or None when the
    file is too small to split or has no line start there."""
    size = path.stat().st_size
    if size < SPLIT_FROM:
        return None
    return _line_start_after(path, int(size * (1 - SHARE)))


def _starts_line(path: Path, offset: int) -> bool:
    """Whether a line of the file starts at `offset` (a line break just before it)."""
    with path.open("rb") as handle:
        handle.seek(offset - 1)
        return handle.read(1) == b"\n"


def _line_start_after(path: Path, offset: int) -> int | None:
    """The offset of the first line that starts after `offset`, or None if none does."""
    with path.open("rb") as handle:
        size = handle.seek(0, io.SEEK_END)
        if offset >= size:
            return None
        handle.seek(offset)
        handle.readline()  # the rest of the line the offset falls in
        start = handle.tell()
    return start if start < size else None


@dataclass(frozen=True)
class Opening:
    """The copy's first word: the SHA-256 of the file's bytes before its part (this
    process's part, which the copy hashed first), and what it read the file for: the
    agents' identity keys, and the SHA-256 of the contact detail records it holds (None
    without any), which `contacts_prefetch` compares with this process's own."""

    prefix_sha256: str
    agent_keys: frozenset[str]
    details_sha256: str | None


@dataclass(frozen=True)
class _Segment:
    """What the copy read of one stretch of whole lines, from `start` up to `end` (None:
    the end of the file): its line and record counts, the SHA-256 of the file's bytes
    from its start to the segment's end, and its rows and carried contacts (line numbers
    counted from the stretch's first line)."""

    start: int
    end: int | None
    lines: int
    records: int
    sha256: str
    part: ContactPart


# In the copy: the columns it fills, and the SHA-256 of the detail records they hold.
Prepare = Callable[[], tuple[ContactColumns, str | None]]


class SecondReader:
    """The forked copy reading a file from `split` to its end, a segment at a time."""

    def __init__(self, process: Any, receiver: Connection, split: int) -> None:
        self._process = process
        self._receiver = receiver
        self.split = split
        self._opening: Opening | None = None
        self._opened = False

    @classmethod
    def start(
        cls, path: Path, split: int, columns: ContactColumns, file_name: str
    ) -> "SecondReader | None":
        """The copy, reading for this process's own `columns`; None when no process can
        be started (this one reads all)."""
        return cls.start_preparing(path, split, lambda: (columns.sibling(), None), file_name)

    @classmethod
    def start_preparing(
        cls, path: Path, split: int, prepare: Prepare, file_name: str
    ) -> "SecondReader | None":
        """The copy, which first makes the columns it fills by `prepare`."""
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_read_end,
            args=(path, split, prepare, file_name, sender, receiver),
            daemon=True,
        )
        try:
            process.start()
        except OSError:
            receiver.close()
            return None  # a process limit, or no memory to fork: one reader will do
        finally:
            sender.close()
        return cls(process, receiver, split)

    def has_spoken(self, seconds: float) -> bool:
        """Whether the copy's first word (or its end) is there, waiting `seconds` for it."""
        return self._opened or self._receiver.poll(seconds)

    def opening(self) -> Opening | None:
        """The copy's first word (received once), or None if it gave up before it had one."""
        if not self._opened:
            first = self._receive()
            self._opening = first if isinstance(first, Opening) else None
            self._opened = True
        return self._opening

    def segments(self) -> Iterator[_Segment]:
        """Each segment the copy read, in file order, until it finished, gave up or died."""
        while (segment := self._receive()) is not None:
            yield segment

    def _receive(self) -> Any:
        try:
            return self._receiver.recv()
        except (EOFError, OSError):
            return None  # the copy is done, gave up, or was killed or out of memory

    def close(self) -> None:
        """Stop the copy if it still runs (this process failed first, or did not take its
        work), and wait for it to end."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receiver.close()


def _read_end(
    path: Path,
    split: int,
    prepare: Prepare,
    file_name: str,
    sender: Connection,
    receiver: Connection,
) -> None:
    """The copy's work: hash the file up to `split`, then read from there to the end a
    segment at a time, each handed to a thread that sends it, so that reading goes on
    while the first process, still busy with its own part, has not yet taken the last
    segment from the pipe."""
    # Ctrl-C reaches every process of the terminal: the first process stops, says so
    # once, and ends this one, which must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The first process's end of the pipe, which the fork copied: closed, so that if the
    # first process dies without stopping this one (killed), sending fails at once and
    # this copy ends instead of waiting forever for a reader.
    receiver.close()
    outbox: queue.SimpleQueue[Opening | _Segment | None] = queue.SimpleQueue()
    sending = threading.Thread(target=_send_all, args=(outbox, sender), daemon=True)
    sending.start()
    # Any failure at all: the first process reads from the segment that failed, and names
    # what it finds there. Rows are many small containers: see `collector_paused` (a copy
    # started early, by `contacts_prefetch`, is forked before the reader pauses it).
    with contextlib.suppress(BaseException), collector_paused():
        columns, details_sha256 = prepare()
        digest = hashlib.sha256()
        for _ in HashedBlocks(path, digest, end=split).chunks():
            pass
        outbox.put(Opening(digest.hexdigest(), columns.agent_keys, details_sha256))
        start: int | None = split
        while start is not None and sending.is_alive():  # else no one is listening
            end = _line_start_after(path, start + SEGMENT)
            segment = _scan(path, start, end, digest, columns.sibling(), file_name)
            if segment is None:
                break
            outbox.put(segment)
            start = end
    outbox.put(None)
    sending.join()


def _scan(
    path: Path, start: int, end: int | None, digest: Any, columns: ContactColumns, file_name: str
) -> _Segment | None:
    notes: list[str] = []
    records, next_line = take_blocks(
        HashedBlocks(path, digest, start=start, end=end),
        1,
        columns.add,
        columns.add_block,
        file_name,
        notes,
    )
    if notes:
        return None  # a note names its line, which only the first process knows
    sha256 = digest.copy().hexdigest()
    return _Segment(start, end, next_line - 1, records, sha256, columns.part())


def _send_all(outbox: "queue.SimpleQueue[Opening | _Segment | None]", sender: Connection) -> None:
    try:
        while (item := outbox.get()) is not None:
            sender.send(item)
    except Exception:  # noqa: S110 - the first process reads the rest itself
        # It stopped listening (it failed, or was killed), or a segment cannot be sent (a
        # record nested too deep to pickle): reading stops, and the first process reads
        # from the segment it did not receive.
        pass
    finally:
        sender.close()
