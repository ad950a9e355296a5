"""The segments of the contacts file's second part: each starts a line, and each is taken
once, by the copy from the front or by the first process from the back."""

import itertools
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from auditor.snapshot import segment_claims
from auditor.snapshot.segment_claims import SegmentClaims, segment_starts


def _lines(path: Path, count: int) -> bytes:
    data = b"".join(b'{"id": %d, "name": "%s"}\n' % (i, b"x" * (i % 37)) for i in range(count))
    path.write_bytes(data)
    return data


def test_each_segment_starts_a_line_at_least_its_size_after_the_last(tmp_path: Path) -> None:
    path = tmp_path / "contacts.jsonl"
    data = _lines(path, 2000)
    start = data.index(b"\n", 5000) + 1
    starts = segment_starts(path, start, 4096)
    assert starts[0] == start
    assert len(starts) > 5
    for before, after in itertools.pairwise(starts):
        assert after - before >= 4096
        assert data[after - 1 : after] == b"\n"
    assert len(data) - starts[-1] <= 4096 + 100  # the last is no larger than one more line


def test_a_part_smaller_than_a_segment_is_one_segment(tmp_path: Path) -> None:
    path = tmp_path / "contacts.jsonl"
    data = _lines(path, 50)
    assert segment_starts(path, 0, len(data)) == [0]
    assert segment_starts(path, 0, len(data) - 10) == [0]  # no line starts after it


def test_the_two_ends_meet_and_no_segment_is_taken_twice() -> None:
    claims = SegmentClaims(multiprocessing.get_context("fork"), 5)

    def first() -> int | None:
        return claims.take_first(lambda: True)

    taken = [first(), claims.take_last(), first(), claims.take_last()]
    assert taken == [0, 4, 1, 3]
    assert claims.take_last() == 2
    assert first() is None
    assert claims.take_last() is None


def test_a_forked_copy_and_this_process_share_the_segments() -> None:
    """Taken from both ends at once, in two processes: every segment exactly once, and
    each process some of them."""
    context = multiprocessing.get_context("fork")
    claims = SegmentClaims(context, 200)
    receiver, sender = context.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the copy
        mine = []
        while (index := claims.take_first(lambda: True)) is not None:
            mine.append(index)
            time.sleep(0.001)  # reading it
        sender.send(mine)
        os._exit(0)
    sender.close()
    here = []
    while (index := claims.take_last()) is not None:
        here.append(index)
        time.sleep(0.001)
    theirs = receiver.recv()
    os.waitpid(pid, 0)
    assert theirs
    assert here
    assert sorted(theirs + here) == list(range(200))
    assert max(theirs) < min(here)  # the copy's from the front, this process's from the back


def test_a_lock_held_too_long_gives_this_process_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A copy stopped while holding the lock: this process takes nothing, and goes on to
    wait for the copy's word (or its end) instead of waiting forever here."""
    monkeypatch.setattr(segment_claims, "LOCK_WAIT_SECONDS", 0.05)
    claims = SegmentClaims(multiprocessing.get_context("fork"), 3)
    claims._lock.acquire()
    try:
        assert claims.take_last() is None
    finally:
        claims._lock.release()
    assert claims.take_last() == 2


def test_the_copy_stops_waiting_for_a_lock_when_it_is_no_longer_wanted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first process killed while holding the lock: the copy asks, at each wait,
    whether it is still wanted (its first process lives), and ends instead of waiting for
    ever."""
    monkeypatch.setattr(segment_claims, "LOCK_WAIT_SECONDS", 0.02)
    claims = SegmentClaims(multiprocessing.get_context("fork"), 3)
    asked: list[bool] = []

    def wanted() -> bool:
        asked.append(True)
        return len(asked) < 3

    claims._lock.acquire()
    try:
        assert claims.take_first(wanted) is None
    finally:
        claims._lock.release()
    assert len(asked) == 3
    assert claims.take_first(wanted) == 0  # given the lock, it takes one
