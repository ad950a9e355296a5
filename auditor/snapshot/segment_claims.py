"""The segments of the contacts file's second part, shared out while both processes read.

The forked copy (`contacts_split`) reads the second part of the file a segment at a
time from its start; this process, once done with its own part, takes segments from
the end instead of waiting, so both finish within a segment of each other however late
the copy started or however busy the machine is. Who takes which segment is decided
under one lock in memory both processes share, so no segment is read twice or missed.
"""

import io
import mmap
import struct
from collections.abc import Callable
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import BinaryIO

# The shared state: the next segment from the front, and one past the last not yet taken.
_STATE = struct.Struct("qq")
# How long either process waits for the lock at a time: the other holds it for a few
# instructions, so a wait this long means it was stopped or killed while holding it.
# This process then leaves the segments to the copy (or, once it is gone, reads them in
# file order); the copy waits on while this process lives.
LOCK_WAIT_SECONDS = 1.0


def segment_starts(path: Path, start: int, size: int) -> list[int]:
    """The offset of each segment of `path` from `start` (a line's start) to its end: a
    line's start at least `size` bytes after the previous segment's."""
    starts = [start]
    with path.open("rb") as handle:
        while (following := line_start_after(handle, starts[-1] + size)) is not None:
            starts.append(following)
    return starts


def line_start_after(handle: BinaryIO, offset: int) -> int | None:
    """The offset of the first line of the open file that starts after `offset`, or None
    if none does."""
    size = handle.seek(0, io.SEEK_END)
    if offset >= size:
        return None
    handle.seek(offset)
    handle.readline()  # the rest of the line the offset falls in
    start = handle.tell()
    return start if start < size else None


class SegmentClaims:
    """Which of `count` segments are taken: the copy takes them from the first up, this
    process from the last down, until the two meet."""

    def __init__(self, context: BaseContext, count: int) -> None:
        # An anonymous mapping is shared with a forked copy, and costs nothing to make
        # (a multiprocessing `Array` imports ctypes and makes a temporary folder: 17 ms).
        self._shared = mmap.mmap(-1, _STATE.size)
        _STATE.pack_into(self._shared, 0, 0, count)
        self._lock = context.Lock()

    def take_first(self, still_wanted: Callable[[], bool]) -> int | None:
        """In the copy: the first segment nobody has taken, or None when none is left, or
        when the lock is not given and `still_wanted()` is false (the first process was
        killed holding it: the copy must end, not wait for ever)."""
        while not self._lock.acquire(timeout=LOCK_WAIT_SECONDS):
            if not still_wanted():
                return None
        try:
            first, end = _STATE.unpack_from(self._shared)
            if first >= end:
                return None
            _STATE.pack_into(self._shared, 0, first + 1, end)
            return int(first)
        finally:
            self._lock.release()

    def take_last(self) -> int | None:
        """In this process: the last segment nobody has taken, or None when none is left
        (or the lock was not given in time)."""
        if not self._lock.acquire(timeout=LOCK_WAIT_SECONDS):
            return None
        try:
            first, end = _STATE.unpack_from(self._shared)
            if first >= end:
                return None
            _STATE.pack_into(self._shared, 0, first, end - 1)
            return int(end - 1)
        finally:
            self._lock.release()
