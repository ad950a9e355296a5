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
    """The parent waits on every file it takes, so the forked writer takes some too."""
    writers: dict[str, int] = {}

    def slow_in_parent(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            time.sleep(0.2)
        digest = write_atomic_chunks(path, chunks)
        (path.parent / f"{path.name}.pid").write_text(str(os.getpid()))
        return digest

    jobs = jobs_in(tmp_path)
    hashes = write_files(jobs, slow_in_parent, writers=2)
    assert list(hashes) == [job.path.name for job in jobs]
    for job in jobs:
        assert job.path.read_text() == f"{job.path.name[5]}\n"
        writers[job.path.name] = int((tmp_path / f"{job.path.name}.pid").read_text())
    assert PARENT in writers.values()
    assert len(set(writers.values())) == 2, "the second process wrote nothing"
    assert hashes == {job.path.name: write_atomic_chunks(job.path, job.produce()) for job in jobs}


def test_an_error_in_the_second_writer_is_raised_to_the_caller(tmp_path: Path) -> None:
    def full_disk_in_child(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            time.sleep(0.2)
            return write_atomic_chunks(path, chunks)
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left on device"):
        write_files(jobs_in(tmp_path), full_disk_in_child, writers=2)


def test_an_error_that_cannot_travel_is_named(tmp_path: Path) -> None:
    class Unpicklable(Exception):
        def __reduce__(self) -> str | tuple[object, ...]:
            raise TypeError("cannot pickle")

    def fails_in_child(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            time.sleep(0.2)
            return write_atomic_chunks(path, chunks)
        raise Unpicklable("broken pipe to the printer")

    with pytest.raises(ReportError, match="Unpicklable: broken pipe to the printer"):
        write_files(jobs_in(tmp_path), fails_in_child, writers=2)


def test_a_writer_that_dies_leaves_the_bundle_unsealed(
    tmp_path: Path, policy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed_in_child(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            time.sleep(0.2)
            return write_atomic_chunks(path, chunks)
        os._exit(137)  # as the kernel's out-of-memory killer would leave it

    monkeypatch.setattr(bundle_module, "write_atomic_chunks", killed_in_child)
    analysis = analyze(write_hostile_account(tmp_path / "snapshot"), policy_path=policy_file)
    with pytest.raises(ReportError, match=r"stopped \(exit code 137\).*unsealed"):
        write_bundle(analysis, tmp_path / "bundle", writers=2)
    assert not (tmp_path / "bundle" / MANIFEST_NAME).exists()


def test_a_failure_in_this_process_stops_the_other_writer(tmp_path: Path) -> None:
    def fails_here(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            raise OSError("disk full")
        time.sleep(30)  # would hold the caller for half a minute if it were waited for
        return write_atomic_chunks(path, chunks)

    started = time.monotonic()
    with pytest.raises(OSError, match="disk full"):
        write_files(jobs_in(tmp_path), fails_here, writers=2)
    assert time.monotonic() - started < 10


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
    def endless(path: Path) -> Iterable[bytes]:
        yield b"first piece\n"
        time.sleep(30)  # stopped here by the parent's failure
        yield b"never\n"

    def child_writes_slowly(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            time.sleep(0.5)  # the child has started its file by now
            raise OSError("disk full")
        return write_atomic_chunks(path, endless(path))

    with pytest.raises(OSError, match="disk full"):
        write_files(jobs_in(tmp_path), child_writes_slowly, writers=2)
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_failure_in_the_second_writer_stops_this_one_early(tmp_path: Path) -> None:
    def slow_here_failing_there(path: Path, chunks: Iterable[bytes]) -> str:
        if os.getpid() == PARENT:
            time.sleep(0.5)
            return write_atomic_chunks(path, chunks)
        raise OSError(28, "No space left on device")

    jobs = jobs_in(tmp_path, count=12)
    started = time.monotonic()
    with pytest.raises(OSError, match="No space left on device"):
        write_files(jobs, slow_here_failing_there, writers=2)
    # Told at once, this process finishes the file it is writing and takes no other.
    assert time.monotonic() - started < 3
    assert len([job for job in jobs if job.path.exists()]) <= 2


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
