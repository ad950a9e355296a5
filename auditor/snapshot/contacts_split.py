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
importing. Done with its own part and with nothing from the copy to take, this process
does not wait: it reads the copy's segments from the last one down (`segment_claims`
says who takes which), so the two finish within a segment of each other however late
the copy started and however busy the machine is.

The copy hashes the whole file: the start (this process's part) first, then its own
part as it reads it. Nothing it read is taken on its word:
- this process's own hash of its part must equal the copy's hash of the same bytes,
  and the copy's hash of the whole file is the one compared with the manifest, so the
  rows of both parts come from the very bytes that were checked;
- a segment this process took is hashed by the copy too, in its place in the whole
  file's hash, and its rows count only if the copy's hash of its bytes is this
  process's;
- the copy gives up at anything unusual (a damaged line, a record that fails its
  check, a note to make, a segment it cannot send, a fork that fails), and then this
  process hashes the segments it took again (their hash must be the copy's) and reads
  the rest itself from the segment the copy did not finish, so every error and note is
  the one, with the line number, that a single reader gives.
"""

import contextlib
import hashlib
import multiprocessing
import os
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
from auditor.snapshot.segment_claims import SegmentClaims, line_start_after, segment_starts

# Below this size (about 40,000 contacts) a second process saves less than it costs.
SPLIT_FROM = 16 << 20
# The copy's share of the file, read from its end, before this process takes any of it
# back (`_Taker`). The copy checks and counts its contacts and picks the carried ones'
# columns, while this process also types the carried contacts of both parts, so the copy
# takes more than half: timed at a million contacts, both finished together at 0.7
# (3.2 s, against 3.6 s at 0.6 and 4.5-5.3 s for one reader). With this process taking
# segments back, 0.8 measured the same as 0.7 at 100,000 contacts (45 runs each).
SHARE = 0.7
# The copy sends what it read a segment of about this size at a time, so that this
# process types the carried contacts of one segment while the copy reads the next, and
# takes segments back at this grain. The last segment is typed here after the copy is
# done: at 100,000 contacts (17 MB for the copy) 2 MiB segments ended the read 0.04 s
# sooner than 8 MiB ones, and 0.1 s sooner than 1 MiB ones (each segment costs its own
# columns and message); at a million, 2 and 8 MiB took the same time.
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
        taker = _Taker(path, columns, file_name, second)
        for segment in second.segments(taker.take_one) if opening is not None else ():
            if segment.start != offset:
                break  # not the next part of the file: read the rest here
            if isinstance(segment, _Hashed):
                # A segment this process took: its rows count if the copy hashed the
                # very bytes they were read from.
                taken = taker.taken.pop(segment.start, None)
                if taken is None:
                    break  # reading it here failed (or it was not taken): read it in order
                if taken.own_sha256 != segment.own_sha256:
                    raise _changed(file_name)
                part, records, lines = taken.part, taken.records, taken.lines
            else:
                part, records, lines = segment.part, segment.records, segment.lines
            columns.add_part(part, next_line)
            count += records
            next_line += lines
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


@dataclass(frozen=True)
class _Taken:
    """A segment this process read from the end of the copy's part: as the copy would
    have sent it, and the SHA-256 of its bytes."""

    part: ContactPart
    records: int
    lines: int
    own_sha256: str


class _Taker:
    """This process's share of the copy's part: the segments it takes from the end while
    the copy has sent nothing new, each read as the copy reads it (`_scan`), kept by its
    start until its turn in file order. After the first segment that fails (a damaged
    line, a note to make) it takes no more: from that one on, the file is read here in
    order, so every error and note names its line."""

    def __init__(
        self, path: Path, columns: ContactColumns, file_name: str, second: "SecondReader"
    ) -> None:
        self._path = path
        self._columns = columns
        self._file_name = file_name
        self._second = second
        self._failed = False
        self.taken: dict[int, _Taken | None] = {}

    def take_one(self) -> bool:
        """Read the last segment nobody has taken; False when there was none to take."""
        if self._failed:
            return False
        taken = self._second.take_last()
        if taken is None:
            return False
        start, end = taken
        own = hashlib.sha256()
        try:
            read = _read_segment(
                HashedBlocks(self._path, own, start=start, end=end),
                self._columns.sibling(),
                self._file_name,
            )
        except Exception:  # read again in order below, which names what failed
            read = None
        self.taken[start] = None if read is None else _Taken(*read, own.hexdigest())
        self._failed = read is None
        return True


def _read_segment(
    blocks: HashedBlocks, columns: ContactColumns, file_name: str
) -> tuple[ContactPart, int, int] | None:
    """The rows of a segment (its lines numbered from 1) and its record and line counts;
    None if it makes a note, which names a line only the first process can number."""
    notes: list[str] = []
    records, next_line = take_blocks(blocks, 1, columns.add, columns.add_block, file_name, notes)
    return None if notes else (columns.part(), records, next_line - 1)


def split_point(path: Path) -> int | None:
    """The offset of the first line of the copy's `SHARE` of the file, or None when the
    file is too small to split or has no line start there."""
    size = path.stat().st_size
    if size < SPLIT_FROM:
        return None
    with path.open("rb") as handle:
        return line_start_after(handle, int(size * (1 - SHARE)))


def _starts_line(path: Path, offset: int) -> bool:
    """Whether a line of the file starts at `offset` (a line break just before it)."""
    with path.open("rb") as handle:
        handle.seek(offset - 1)
        return handle.read(1) == b"\n"


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


@dataclass(frozen=True)
class _Hashed:
    """The copy's word on a segment this process took (`_Taker`): the SHA-256 of its bytes
    alone, and of the file's bytes from its start to the segment's end (`end` None: the
    end of the file)."""

    start: int
    end: int | None
    own_sha256: str
    sha256: str


# In the copy: the columns it fills, and the SHA-256 of the detail records they hold.
Prepare = Callable[[], tuple[ContactColumns, str | None]]


class SecondReader:
    """The forked copy reading a file from `split` to its end, a segment at a time from
    `starts`, the segments' offsets; this process takes segments from the end
    (`take_last`) while it would otherwise wait for the copy."""

    def __init__(
        self,
        process: Any,
        receiver: Connection,
        starts: list[int],
        claims: SegmentClaims,
    ) -> None:
        self._process = process
        self._receiver = receiver
        self.split = starts[0]
        self._starts = starts
        self._claims = claims
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
        try:
            starts = segment_starts(path, split, SEGMENT)
            # A lock both processes share needs POSIX semaphores (/dev/shm), which some
            # sandboxes lack.
            claims = SegmentClaims(context, len(starts))
        except (OSError, ImportError):
            return None  # one reader will do, and names any problem with the file
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_read_end,
            args=(path, starts, claims, prepare, file_name, sender, receiver),
            daemon=True,
        )
        try:
            process.start()
        except OSError:
            receiver.close()
            return None  # a process limit, or no memory to fork: one reader will do
        finally:
            sender.close()
        return cls(process, receiver, starts, claims)

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

    def segments(self, while_waiting: Callable[[], bool]) -> "Iterator[_Segment | _Hashed]":
        """Each segment the copy read or hashed, in file order, until it finished, gave up
        or died; while none is there, `while_waiting` is called until it returns False
        (it had nothing to do)."""
        while True:
            while not self._receiver.poll(0) and while_waiting():
                pass
            segment = self._receive()
            if segment is None:
                return
            yield segment

    def take_last(self) -> tuple[int, int | None] | None:
        """The start and end (None: the file's end) of the last segment nobody has taken,
        now this process's; None when none is left."""
        index = self._claims.take_last()
        if index is None:
            return None
        return self._starts[index], _end_of(self._starts, index)

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


def _end_of(starts: list[int], index: int) -> int | None:
    return starts[index + 1] if index + 1 < len(starts) else None


def _read_end(
    path: Path,
    starts: list[int],
    claims: SegmentClaims,
    prepare: Prepare,
    file_name: str,
    sender: Connection,
    receiver: Connection,
) -> None:
    """The copy's work: hash the file up to its part, then read the part a segment at a
    time, each handed to a thread that sends it, so that reading goes on while the first
    process, still busy with its own part, has not yet taken the last segment from the
    pipe. The segments the first process took (`claims`) are only hashed here."""
    # Ctrl-C reaches every process of the terminal: the first process stops, says so
    # once, and ends this one, which must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The first process's end of the pipe, which the fork copied: closed, so that if the
    # first process dies without stopping this one (killed), sending fails at once and
    # this copy ends instead of waiting forever for a reader.
    receiver.close()
    outbox: queue.SimpleQueue[Opening | _Segment | _Hashed | None] = queue.SimpleQueue()
    sending = threading.Thread(target=_send_all, args=(outbox, sender), daemon=True)
    sending.start()
    # Any failure at all: the first process reads from the segment that failed, and names
    # what it finds there. Rows are many small containers: see `collector_paused` (a copy
    # started early, by `contacts_prefetch`, is forked before the reader pauses it).
    with contextlib.suppress(BaseException), collector_paused():
        columns, details_sha256 = prepare()
        digest = hashlib.sha256()
        for _ in HashedBlocks(path, digest, end=starts[0]).chunks():
            pass
        outbox.put(Opening(digest.hexdigest(), columns.agent_keys, details_sha256))
        following = 0  # the next segment, if the copy may take it
        parent = os.getppid()

        def wanted() -> bool:  # someone still listens, and the first process lives
            return sending.is_alive() and os.getppid() == parent

        while sending.is_alive():  # else no one is listening
            index = claims.take_first(wanted)
            if index is None:
                if wanted():  # else no one would read the hashes
                    _hash_taken(path, starts, following, digest, outbox)
                break
            segment = _scan(
                path, starts[index], _end_of(starts, index), digest, columns.sibling(), file_name
            )
            if segment is None:
                break
            outbox.put(segment)
            following = index + 1
    outbox.put(None)
    sending.join()


def _hash_taken(
    path: Path,
    starts: list[int],
    first: int,
    digest: Any,
    outbox: "queue.SimpleQueue[Opening | _Segment | _Hashed | None]",
) -> None:
    """In the copy: hash the segments from `first` on, which the first process took, into
    the whole file's `digest`, and send each one's hashes."""
    for index in range(first, len(starts)):
        start, end = starts[index], _end_of(starts, index)
        own = hashlib.sha256()
        for _ in HashedBlocks(path, digest, own, start=start, end=end).chunks():
            pass
        outbox.put(_Hashed(start, end, own.hexdigest(), digest.copy().hexdigest()))


def _scan(
    path: Path, start: int, end: int | None, digest: Any, columns: ContactColumns, file_name: str
) -> _Segment | None:
    """In the copy: one segment read, as it is sent (None: the copy gives up there)."""
    read = _read_segment(HashedBlocks(path, digest, start=start, end=end), columns, file_name)
    if read is None:
        return None
    part, records, lines = read
    return _Segment(start, end, lines, records, digest.copy().hexdigest(), part)


def _send_all(
    outbox: "queue.SimpleQueue[Opening | _Segment | _Hashed | None]", sender: Connection
) -> None:
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
