"""Bundle files written by two processes: the same bytes, and every failure reaches the caller."""

import errno
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

import auditor.report.bundle as bundle_module
import auditor.report.file_workers as file_workers
from auditor.analysis import analyze
from auditor.errors import ReportError
from auditor.integrity.names import MANIFEST_NAME
from auditor.integrity.seal import write_atomic_chunks
from auditor.report.bundle import write_bundle
from auditor.report.file_workers import FileJob, write_files, writers_available
from tests.report.conftest import write_hostile_account
from tests.report.test_determinism import AS_OF, bundle_bytes

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

PARENT = os.getpid()
# Events the forked writer inherits: each test orders the two writers by them, not by
# sleeping, so a slow start of the second process (a loaded machine) changes nothing.
FORK = multiprocessing.get_context("fork")
# Long enough for a fork on a loaded machine; reached only when the order is broken.
WAIT = 60


def jobs_in(folder: Path, count: int = 6) -> list[FileJob]:
    return [
        FileJob(folder / f"file-{index}.txt", lambda index=index: (f"{index}\n".encode(),))
        for index in range(count)
    ]


def test_two_writers_write_the_same_bundle_as_one(tmp_path: Path, policy_file: Path) -> None:
    snapshot = write_hostile_account(tmp_path / "snapshot")
    analysis = analyze(snapshot, policy_path=policy_file, as_of=AS_OF)
    write_bundle(analysis, tmp_path / "one", writers=1)
    write_bundle(analysis, tmp_path / "two", writers=2)
    one, two = bundle_bytes(tmp_path / "one"), bundle_bytes(tmp_path / "two")
    assert len(one) == len(bundle_module.BUNDLE_FILES) + 1
    assert one == two


def test_each_file_is_written_once_and_hashed(tmp_path: Path) -> None:
    """The parent's first file waits for the forked writer's first, which waits for the
    parent to have taken one: each writes some, whichever starts first."""
    writers: dict[str, int] = {}
    parent_took, child_wrote = FORK.Event(), FORK.Event()

    def in_both(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            parent_took.set()
            assert child_wrote.wait(WAIT), "the second process wrote nothing"
        else:
            assert parent_took.wait(WAIT), "this process took no file"
        digest = write_atomic_chunks(path, chunks)
        (path.parent / f"{path.name}.pid").write_text(str(os.getpid()))
        if os.getpid() != PARENT:
            child_wrote.set()
        return digest

    jobs = jobs_in(tmp_path)
    hashes = write_files(jobs, in_both, writers=2)
    assert list(hashes) == [job.path.name for job in jobs]
    for job in jobs:
        assert job.path.read_text() == f"{job.path.name[5]}\n"
        writers[job.path.name] = int((tmp_path / f"{job.path.name}.pid").read_text())
    assert PARENT in writers.values()
    assert len(set(writers.values())) == 2, "the second process wrote nothing"
    assert hashes == {job.path.name: write_atomic_chunks(job.path, job.produce()) for job in jobs}


def test_an_error_in_the_second_writer_is_raised_to_the_caller(tmp_path: Path) -> None:
    child_failed = FORK.Event()

    def full_disk_in_child(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            assert child_failed.wait(WAIT), "the second process took no file"
            return write_atomic_chunks(path, chunks)
        child_failed.set()
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left on device"):
        write_files(jobs_in(tmp_path), full_disk_in_child, writers=2)


def test_an_error_that_cannot_travel_is_named(tmp_path: Path) -> None:
    class Unpicklable(Exception):
        def __reduce__(self) -> str | tuple[object, ...]:
            raise TypeError("cannot pickle")

    child_failed = FORK.Event()

    def fails_in_child(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            assert child_failed.wait(WAIT), "the second process took no file"
            return write_atomic_chunks(path, chunks)
        child_failed.set()
        raise Unpicklable("broken pipe to the printer")

    with pytest.raises(ReportError, match="Unpicklable: broken pipe to the printer"):
        write_files(jobs_in(tmp_path), fails_in_child, writers=2)


def test_a_writer_that_dies_leaves_the_bundle_unsealed(
    tmp_path: Path, policy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child_dying = FORK.Event()

    def killed_in_child(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            assert child_dying.wait(WAIT), "the second process took no file"
            return write_atomic_chunks(path, chunks)
        child_dying.set()
        os._exit(137)  # as the kernel's out-of-memory killer would leave it

    monkeypatch.setattr(bundle_module, "write_atomic_chunks", killed_in_child)
    analysis = analyze(write_hostile_account(tmp_path / "snapshot"), policy_path=policy_file)
    with pytest.raises(ReportError, match=r"stopped \(exit code 137\).*unsealed"):
        write_bundle(analysis, tmp_path / "bundle", writers=2)
    assert not (tmp_path / "bundle" / MANIFEST_NAME).exists()


def test_a_failure_in_this_process_stops_the_other_writer(tmp_path: Path) -> None:
    child_writing = FORK.Event()

    def fails_here(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            assert child_writing.wait(WAIT), "the second process took no file"
            raise OSError("disk full")
        child_writing.set()
        time.sleep(30)  # would hold the caller for half a minute if it were waited for
        return write_atomic_chunks(path, chunks)

    started = time.monotonic()
    with pytest.raises(OSError, match="disk full"):
        write_files(jobs_in(tmp_path), fails_here, writers=2)
    # Stopped, not waited for: well short of the child's 30 s whatever the fork took.
    assert time.monotonic() - started < 30


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert writers_available() == 1
    finally:
        release.set()
        thread.join()
    assert writers_available() == min(2, len(os.sched_getaffinity(0)))


def test_a_large_bundle_is_written_by_two_processes(
    tmp_path: Path, policy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def counting(jobs: list[FileJob], write: object, writers: int) -> dict[str, str]:
        asked.append(writers)
        return write_files(jobs, write_atomic_chunks, writers)

    monkeypatch.setattr(bundle_module, "write_files", counting)
    monkeypatch.setattr(bundle_module, "writers_available", lambda: 2)
    analysis = analyze(write_hostile_account(tmp_path / "snapshot"), policy_path=policy_file)
    write_bundle(analysis, tmp_path / "small")
    monkeypatch.setattr(bundle_module, "PARALLEL_FROM", 1)
    write_bundle(analysis, tmp_path / "large")
    assert asked == [1, 2]


def test_a_writer_stopped_mid_file_leaves_no_temporary(tmp_path: Path) -> None:
    child_mid_file = FORK.Event()

    def endless(path: Path) -> Iterable[bytes]:
        yield b"first piece\n"
        child_mid_file.set()  # the first piece is in the temporary file
        time.sleep(30)  # stopped here by the parent's failure
        yield b"never\n"

    def child_writes_slowly(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            assert child_mid_file.wait(WAIT), "the second process started no file"
            raise OSError("disk full")
        return write_atomic_chunks(path, endless(path))

    with pytest.raises(OSError, match="disk full"):
        write_files(jobs_in(tmp_path), child_writes_slowly, writers=2)
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_failure_in_the_second_writer_stops_this_one_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent_writing, stopped = FORK.Event(), FORK.Event()
    stop = file_workers._Counter.stop

    def stop_and_tell(counter: file_workers._Counter) -> None:
        stop(counter)
        stopped.set()

    def failing_there(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            # This process is writing a file when the other fails.
            parent_writing.set()
            assert stopped.wait(WAIT), "the failing writer did not stop the others"
            return write_atomic_chunks(path, chunks)
        assert parent_writing.wait(WAIT), "this process took no file"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_workers._Counter, "stop", stop_and_tell)
    jobs = jobs_in(tmp_path, count=12)
    with pytest.raises(OSError, match="No space left on device"):
        write_files(jobs, failing_there, writers=2)
    # Told at once, this process finishes the file it is writing and takes no other.
    assert len([job for job in jobs if job.path.exists()]) == 1


def test_a_fork_that_fails_leaves_every_file_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise OSError(errno.ENOMEM, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_fork)
    alone = write_files(jobs_in(tmp_path / "alone"), write_atomic_chunks, writers=1)
    assert write_files(jobs_in(tmp_path / "two"), write_atomic_chunks, writers=2) == alone


def test_no_fork_in_a_daemonic_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """A daemonic multiprocessing worker may not start children of its own."""

    class Daemonic:
        daemon = True

    monkeypatch.setattr(multiprocessing, "current_process", lambda: Daemonic())
    assert writers_available() == 1
