"""The contacts file read on two cores gives exactly what one reader gives: the same
contacts typed in the same order, the same table, the same notes, and every error with
the same line number, because the second process gives up at anything unusual and the
first then reads its part itself."""

import dataclasses
import errno
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from auditor.errors import SnapshotError
from auditor.models import Contact
from auditor.records import parse
from auditor.snapshot import Account, contacts_split, read_snapshot
from auditor.snapshot.carried_contacts import CarriedContacts
from tests.builders import agent, company, contact, replace_line, write_account

_COUNT = 3000


def _contacts() -> list[dict[str, Any]]:
    """Plain contacts, some viewing all tickets or with an agent's address, spread over
    both parts of the file; objects in other_companies (which only the model reads) and
    contacts with a detail record sit in the second part."""
    records = []
    for i in range(_COUNT):
        extra: dict[str, Any] = {"custom_fields": {"note": "x" * 80}}
        if i % 500 == 7:
            extra["other_companies"] = [{"company_id": 2, "view_all_tickets": True}]
        records.append(
            contact(
                1000 + i,
                company_id=1 + i % 3,
                view_all_tickets=i % 4 == 0,
                email="Agent1@ACME.example" if i % 700 == 3 else None,
                **extra,
            )
        )
    return records


_DETAILS = [contact(1000 + 2501, other_companies=[{"company_id": 2, "view_all_tickets": True}])]


def _write(directory: Path) -> Path:
    return write_account(
        directory,
        agents=[agent(1)],
        contacts=_contacts(),
        companies=[company(1), company(2), company(3)],
        extra_collections={"contact_details": _DETAILS},
    )


@pytest.fixture
def split_always(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split every contacts file, however small; the list collects each split offset."""
    splits: list[int] = []
    original = contacts_split.split_point

    def recorded(path: Path) -> int | None:
        split = original(path)
        if split is not None:
            splits.append(split)
        return split

    monkeypatch.setattr(contacts_split, "SPLIT_FROM", 0)
    # Several segments in the copy's half (of about 600 KB).
    monkeypatch.setattr(contacts_split, "SEGMENT", 64 << 10)
    monkeypatch.setattr(contacts_split, "split_point", recorded)
    return splits


def _read_alone(directory: Path, monkeypatch: pytest.MonkeyPatch) -> Account:
    with monkeypatch.context() as alone:
        alone.setattr(contacts_split, "cores_to_fork", lambda: 1)
        return read_snapshot(directory)


def _same(split: Account, alone: Account) -> None:
    assert list(split.contacts) == list(alone.contacts)
    assert split.contacts == alone.contacts
    # The rules' columns made while reading are those made from the contacts afterwards.
    for account in (split, alone):
        made, after = account.carried_columns, CarriedContacts.of(account.contacts.values())
        assert made is not None
        assert made.contacts == after.contacts
        assert made.tails == after.tails
        for name in ("tail_codes", "company_ids", "odd_company_ids", "has_other_companies"):
            assert np.array_equal(getattr(made, name), getattr(after, name)), name
        assert np.array_equal(made.has_other_emails, after.has_other_emails)
        assert np.array_equal(made.view_all_tickets, after.view_all_tickets)
        assert (made.ids, made.names, made.emails) == (after.ids, after.names, after.emails)
    for name, column in alone.contact_table.columns.items():
        assert np.array_equal(split.contact_table.columns[name], column), name
    assert split.notes == alone.notes


def _lines_before_split(directory: Path, split: int) -> int:
    return (directory / "contacts.jsonl").read_bytes()[:split].count(b"\n")


def test_two_readers_give_what_one_gives(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = _write(tmp_path)
    split = read_snapshot(snapshot)
    alone = _read_alone(snapshot, monkeypatch)
    assert split_always, "the file was not split"
    assert 0 < _lines_before_split(snapshot, split_always[0]) < 2500  # the details are after
    _same(split, alone)
    assert len(alone.contacts) > 750
    assert alone.contacts[1000 + 2501] == parse(Contact, _DETAILS[0])


def test_the_second_part_is_read_by_another_process(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = contacts_split._scan

    def scan_and_say_who(*args: Any) -> Any:
        sent = scan(*args)
        # A forked copy cannot append to this process's list: it reports through a file.
        (tmp_path / "reader").write_text(str(os.getpid()))
        return sent

    monkeypatch.setattr(contacts_split, "_scan", scan_and_say_who)
    _no_taking_back(monkeypatch)  # a starved copy would otherwise be left nothing
    read_snapshot(_write(tmp_path / "snapshot"))
    assert int((tmp_path / "reader").read_text()) != os.getpid()


@pytest.mark.parametrize("where", ["first", "second", "late"])
def test_a_damaged_line_is_named_by_its_own_number_in_either_part(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """In this process's part, in the copy's first segment, or in a later one (the
    segments before it are taken from the copy, the rest is read here)."""
    snapshot = _write(tmp_path)
    read_snapshot(snapshot)  # finds where the file is split
    boundary = _lines_before_split(snapshot, split_always[0])
    number = {"first": boundary - 5, "second": boundary + 40, "late": _COUNT - 10}[where]
    replace_line(snapshot, number, b'{"id": 1, "name": ')
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(snapshot)
    assert str(caught.value).startswith(f"contacts.jsonl, line {number}: not valid JSON")


@pytest.mark.parametrize("where", ["first", "late"])
def test_a_contact_id_beyond_64_bits_is_refused_by_either_reader(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Freshdesk IDs fit 64 bits, as the contact table's ID column does: a larger one is
    malformed data, refused with the ID named, never an overflow deep in the reader."""
    records = _contacts()
    odd = 2**63 + 7
    records[{"first": 5, "late": _COUNT - 10}[where]]["id"] = odd
    snapshot = write_account(tmp_path, agents=[agent(1)], contacts=records)
    for read in (read_snapshot, lambda path: _read_alone(path, monkeypatch)):
        with pytest.raises(SnapshotError, match=f"holds record id {odd}, which does not fit"):
            read(snapshot)
    assert split_always, "the file was not split"


@pytest.mark.parametrize("after", [12, 1200])
def test_a_note_from_the_second_part_names_its_line(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    snapshot = _write(tmp_path)
    read_snapshot(snapshot)
    number = _lines_before_split(snapshot, split_always[0]) + after
    record = json.loads((snapshot / "contacts.jsonl").read_bytes().split(b"\n")[number - 1])
    text = json.dumps(record).replace('"name": "', '"name": "\\ud800', 1).encode()
    replace_line(snapshot, number, text)
    split = read_snapshot(snapshot)
    alone = _read_alone(snapshot, monkeypatch)
    assert any(f"(line {number})" in note for note in split.notes)
    _same(split, alone)


def test_a_second_reader_that_dies_leaves_the_work_to_the_first(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = _write(tmp_path)
    monkeypatch.setattr(contacts_split, "_scan", lambda *_: os._exit(9))
    split = read_snapshot(snapshot)
    _same(split, _read_alone(snapshot, monkeypatch))


def test_rows_read_from_other_bytes_than_those_sealed_are_refused(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy's hash of the whole file is the one compared with the manifest: rows read
    from bytes of another hash describe another file."""
    _no_taking_back(monkeypatch)  # the last segment's hash is then the copy's `_scan`'s
    scan = contacts_split._scan

    def scan_of_other_bytes(*args: Any) -> Any:
        return dataclasses.replace(scan(*args), sha256="0" * 64)

    monkeypatch.setattr(contacts_split, "_scan", scan_of_other_bytes)
    with pytest.raises(SnapshotError, match=r"contacts\.jsonl: content differs from the hash"):
        read_snapshot(_write(tmp_path))


class _OtherStart(contacts_split.Opening):
    """The copy's opening with the hash of other bytes than this process's part."""

    def __init__(self, prefix_sha256: str, *rest: Any) -> None:
        super().__init__("0" * 64, *rest)


def test_a_start_the_copy_read_otherwise_is_refused(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy hashes this process's part too, and the two hashes must agree: otherwise
    the two processes read different bytes there, and the file is not what was hashed."""
    monkeypatch.setattr(contacts_split, "Opening", _OtherStart)
    with pytest.raises(SnapshotError, match="changed while it was being read"):
        read_snapshot(_write(tmp_path))


def _no_taking_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process takes no segment of the copy's, however long it waits for them."""
    monkeypatch.setattr(contacts_split.SecondReader, "take_last", lambda self: None)


def _give_up_after_two_segments(monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    """The copy sends its first two segments, each as `change` makes it, then gives up
    (as at a note). This process takes none back, so the copy reaches its third."""
    _no_taking_back(monkeypatch)
    scan = contacts_split._scan
    scanned: list[int] = []

    def two_segments(*args: Any) -> Any:
        scanned.append(1)
        return change(scan(*args)) if len(scanned) <= 2 else None

    monkeypatch.setattr(contacts_split, "_scan", two_segments)


def test_segments_taken_from_a_copy_that_gave_up_are_hashed_again(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that stops part-way leaves the file's hash to this process, which hashes the
    segments it took again: their rows count only if that hash is the copy's."""
    _give_up_after_two_segments(
        monkeypatch, lambda segment: dataclasses.replace(segment, sha256="0" * 64)
    )
    with pytest.raises(SnapshotError, match="changed while it was being read"):
        read_snapshot(_write(tmp_path))


def test_a_copy_that_gave_up_part_way_leaves_the_same_account(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = _write(tmp_path)
    _give_up_after_two_segments(monkeypatch, lambda segment: segment)
    _same(read_snapshot(snapshot), _read_alone(snapshot, monkeypatch))


def test_a_split_inside_a_line_is_a_file_that_changed(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy's split is a line start of the file as it was when the copy began (long
    before this process reads, for a copy started early); inside a line, the file is
    another one now."""
    original = contacts_split.split_point

    def inside_a_line(path: Path) -> int | None:
        split = original(path)
        return None if split is None else split + 5

    monkeypatch.setattr(contacts_split, "split_point", inside_a_line)
    with pytest.raises(SnapshotError, match="changed while it was being read"):
        read_snapshot(_write(tmp_path))


_READ_SPLIT = """
import sys
from pathlib import Path
from auditor.snapshot import contacts_split, read_snapshot

contacts_split.SPLIT_FROM = 0
contacts_split.SEGMENT = 64 << 10
account = read_snapshot(Path(sys.argv[1]))
print(sorted(account.contacts)[-3:])
"""


def test_a_carried_record_too_deep_to_send_is_read_here_in_silence(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader takes JSON nested 700 deep, which the copy cannot pickle into its
    segment: the copy then stops without a word (in a process of its own here, whose
    stderr is seen whole), and this process reads the rest. (The record is not of the
    plain shape, an object in `other_companies`, so the copy keeps it whole.)"""
    snapshot = _write(tmp_path)
    # In the middle: in a segment the copy reads (this process takes back the last ones).
    number = _COUNT // 2
    fields = contact(1000 + number - 1, company_id=1, view_all_tickets=True)
    fields["other_companies"] = [{"company_id": 2, "view_all_tickets": False}]
    record = json.dumps(fields)
    deep = "[" * 700 + '"bottom"' + "]" * 700
    replace_line(snapshot, number, f'{record[:-1]}, "deep": {deep}}}'.encode())
    done = run_python(_READ_SPLIT, str(snapshot), timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    split = read_snapshot(snapshot)
    assert split.contacts[1000 + number - 1] == parse(Contact, fields)
    _same(split, _read_alone(snapshot, monkeypatch))


def test_no_split_while_another_thread_runs(tmp_path: Path, split_always: list[int]) -> None:
    snapshot = _write(tmp_path)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        read_snapshot(snapshot)
    finally:
        release.set()
        thread.join()
    assert split_always == []


def test_a_small_file_is_read_by_one_process(tmp_path: Path) -> None:
    path = _write(tmp_path) / "contacts.jsonl"
    assert path.stat().st_size < contacts_split.SPLIT_FROM
    assert contacts_split.split_point(path) is None


def _received_and_taken(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[int]]:
    """What this process receives from the copy, and the starts of the segments it
    takes from the end itself, as they happen."""
    received: list[Any] = []
    taken: list[int] = []
    segments = contacts_split.SecondReader.segments
    take_last = contacts_split.SecondReader.take_last

    def counted(self: Any, while_waiting: Any) -> Any:
        for segment in segments(self, while_waiting):
            received.append(segment)
            yield segment

    def recorded(self: Any) -> Any:
        segment = take_last(self)
        if segment is not None:
            taken.append(segment[0])
        return segment

    monkeypatch.setattr(contacts_split.SecondReader, "segments", counted)
    monkeypatch.setattr(contacts_split.SecondReader, "take_last", recorded)
    return received, taken


def _slow_copy(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """The copy takes `seconds` longer over each segment (this process is unchanged)."""
    scan = contacts_split._scan
    here = os.getpid()

    def slow(*args: Any) -> Any:
        if os.getpid() != here:
            time.sleep(seconds)
        return scan(*args)

    monkeypatch.setattr(contacts_split, "_scan", slow)


def test_the_copy_sends_its_part_a_segment_at_a_time_and_none_is_read_twice(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = _write(tmp_path)
    received, taken = _received_and_taken(monkeypatch)
    read_here: list[int] = []
    take_blocks = contacts_split.take_blocks
    here = os.getpid()

    def recorded(*args: Any) -> Any:
        if os.getpid() == here:
            read_here.append(args[1])  # the first line number of what this process reads
        return take_blocks(*args)

    monkeypatch.setattr(contacts_split, "take_blocks", recorded)
    split = read_snapshot(snapshot)
    # Its own part from line 1, and each segment it took (numbered from its first line).
    assert read_here == [1] * (1 + len(taken))
    starts = [segment.start for segment in received]
    assert len(starts) >= 3
    assert starts[0] == split_always[0]
    assert starts == sorted(starts)
    for before, after in itertools.pairwise(received):
        assert before.end == after.start  # one after the other, none left out
    assert received[-1].end is None
    # What the copy read, it sent; what this process took, the copy only hashed.
    hashed_only = [s.start for s in received if isinstance(s, contacts_split._Hashed)]
    assert sorted(taken) == hashed_only
    _same(split, _read_alone(snapshot, monkeypatch))


def test_this_process_takes_segments_from_the_end_while_the_copy_is_slow(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Done with its own part, this process does not wait for a slow copy: it reads the
    copy's last segments itself, last first, and the account is the one a single reader
    gives."""
    snapshot = _write(tmp_path)
    alone = _read_alone(snapshot, monkeypatch)
    _slow_copy(monkeypatch, 0.3)
    received, taken = _received_and_taken(monkeypatch)
    split = read_snapshot(snapshot)
    assert len(taken) >= 2
    assert taken == sorted(taken, reverse=True)
    assert taken[0] == received[-1].start
    _same(split, alone)


class _OtherBytes(contacts_split._Hashed):
    """The copy's word on a segment this process took, with the hash of other bytes."""

    def __init__(self, start: int, end: int | None, own_sha256: str, sha256: str) -> None:
        super().__init__(start, end, "0" * 64, sha256)


def test_a_segment_taken_here_from_other_bytes_than_the_copy_hashed_is_refused(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy's hash of the whole file is the one compared with the manifest: rows this
    process read from a segment count only if the copy hashed those very bytes."""
    snapshot = _write(tmp_path)
    _slow_copy(monkeypatch, 0.3)
    monkeypatch.setattr(contacts_split, "_Hashed", _OtherBytes)
    with pytest.raises(SnapshotError, match="changed while it was being read"):
        read_snapshot(snapshot)


@pytest.mark.parametrize("where", ["taken", "copy's"])
def test_a_damaged_line_with_segments_taken_here_is_named_by_its_number(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """In the last segment, which this process takes first, or in the copy's first one
    (the copy gives up there, after this process took later ones): either is read again
    in file order, so the error names the line a single reader names."""
    snapshot = _write(tmp_path)
    read_snapshot(snapshot)  # finds where the file is split
    boundary = _lines_before_split(snapshot, split_always[0])
    number = {"taken": _COUNT, "copy's": boundary + 40}[where]
    replace_line(snapshot, number, b'{"id": 1, "name": ')
    _slow_copy(monkeypatch, 0.3)
    _, taken = _received_and_taken(monkeypatch)
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(snapshot)
    assert str(caught.value).startswith(f"contacts.jsonl, line {number}: not valid JSON")
    assert taken  # the last segment, at least, was taken here


def test_a_copy_that_dies_after_segments_were_taken_here_leaves_the_same_account(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy sends its first segment and dies over its second, while this process
    takes the rest from the end: what it took is read again in file order after the
    copy's one segment, and the account is still the one a single reader gives."""
    snapshot = _write(tmp_path)
    alone = _read_alone(snapshot, monkeypatch)
    scan = contacts_split._scan
    here = os.getpid()
    scanned: list[int] = []

    def dies_on_its_second(*args: Any) -> Any:
        if os.getpid() != here:
            scanned.append(1)
            if len(scanned) == 2:
                time.sleep(1.0)  # time for this process to take every other segment
                os._exit(9)
        return scan(*args)

    monkeypatch.setattr(contacts_split, "_scan", dies_on_its_second)
    received, taken = _received_and_taken(monkeypatch)
    _same(read_snapshot(snapshot), alone)
    assert len(taken) >= 2
    assert [type(segment) for segment in received] == [contacts_split._Segment]


def test_a_fork_that_fails_leaves_the_reading_to_this_process(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process limit or no memory to fork is no reason to stop: one reader will do."""
    snapshot = _write(tmp_path)
    alone = _read_alone(snapshot, monkeypatch)

    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    _same(read_snapshot(snapshot), alone)
    assert split_always  # the split was tried


def test_ctrl_c_in_the_terminal_leaves_the_copy_reading(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal's SIGINT reaches the copy too; it ignores it (the first process
    stops it if need be) instead of printing a traceback of its own."""
    snapshot = _write(tmp_path)
    scan = contacts_split._scan
    received: list[int] = []
    segments = contacts_split.SecondReader.segments

    def interrupted_scan(*args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)  # in the copy: as if Ctrl-C were pressed
        return scan(*args)

    def counted(self: Any, while_waiting: Any) -> Any:
        for segment in segments(self, while_waiting):
            if isinstance(segment, contacts_split._Segment):
                received.append(segment.start)
            yield segment

    monkeypatch.setattr(contacts_split, "_scan", interrupted_scan)
    monkeypatch.setattr(contacts_split.SecondReader, "segments", counted)
    _no_taking_back(monkeypatch)
    read_snapshot(snapshot)
    assert received  # the copy went on reading


_KILLED_HOLDING_THE_LOCK = """
import os, signal, sys, time
from pathlib import Path
from auditor.snapshot import contacts_split, read_snapshot, segment_claims

contacts_split.SPLIT_FROM = 0
contacts_split.SEGMENT = 64 << 10
scan = contacts_split._scan


def slow(*args):
    Path(sys.argv[2]).write_text(str(os.getpid()))
    time.sleep(0.2)
    return scan(*args)


def killed_holding_the_lock(self):
    self._lock.acquire()
    os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or kill -9 would, right here


contacts_split._scan = slow
segment_claims.SegmentClaims.take_last = killed_holding_the_lock
read_snapshot(Path(sys.argv[1]))
"""


def test_a_copy_whose_first_process_was_killed_holding_the_lock_ends(tmp_path: Path) -> None:
    """The lock of the segments is never given back by a process killed while holding it:
    the copy, waiting for it, sees that its first process is gone and ends instead of
    waiting for ever with the caller's stdout and stderr open."""
    assert_the_copy_ends(tmp_path, _KILLED_HOLDING_THE_LOCK, seconds=10)


def assert_the_copy_ends(tmp_path: Path, program: str, seconds: float) -> None:
    """Run `program` (given a snapshot and a file for its copy's process ID), which kills
    itself outright; its copy must end within `seconds`."""
    snapshot = _write(tmp_path / "snapshot")
    pid_file = tmp_path / "copy.pid"
    # Output to a file, not a pipe: the run returns when the first process dies, even
    # while a copy holding its stdout and stderr lives on.
    with (tmp_path / "output").open("wb") as output:
        done = subprocess.run(
            [sys.executable, "-c", program, str(snapshot), str(pid_file)],
            stdout=output,
            stderr=output,
            timeout=60,
            check=False,
        )
    assert done.returncode == -9, (tmp_path / "output").read_text()
    copy = int(pid_file.read_text())
    deadline = time.monotonic() + seconds
    while _running(copy) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(copy)


def run_python(program: str, *args: str, timeout: float) -> "subprocess.CompletedProcess[str]":
    """`program` run by this Python in a process of its own, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_no_shared_lock_leaves_the_reading_to_this_process(
    tmp_path: Path, split_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where POSIX semaphores are missing (some sandboxes lack /dev/shm), the segments'
    lock cannot be made: no copy is started, and one reader reads all."""
    snapshot = _write(tmp_path)
    alone = _read_alone(snapshot, monkeypatch)

    def no_semaphores(*_: Any) -> None:
        raise OSError(errno.ENOSYS, "Function not implemented")

    monkeypatch.setattr(contacts_split, "SegmentClaims", no_semaphores)
    _same(read_snapshot(snapshot), alone)
    assert split_always  # the split was tried
