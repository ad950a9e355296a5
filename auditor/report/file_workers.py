"""Write a bundle's files on more than one core.

Each bundle file is produced from the finished analysis alone, so files can be written
side by side. A Python process runs on one core at a time, so the second writer is a
forked copy of this process: it shares the analysis in memory (copy-on-write) instead of
receiving a pickled copy of a million-record account. Both take the next unwritten file
from one shared counter, costliest first, so neither waits while the other still has
work. Each file's bytes are the same whoever writes it.

Forking is used only where it is safe and pays: on a platform with `fork`, when this
process runs no other thread (a thread holding a lock at the fork would leave that lock
held forever in the copy), and when the account is large enough that a second process
saves more than it costs to start.
"""

import multiprocessing
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from auditor.errors import ReportError
from auditor.forking import cores_to_fork
from auditor.snapshot.collector_pause import collector_paused

# Two writers: the costliest file (graph.graphml) takes about as long as the others
# together, so a third process would mostly wait, and each costs memory as it touches
# the shared analysis.
MAX_WRITERS = 2


@dataclass(frozen=True)
class FileJob:
    """One bundle file: where it goes, and how to produce its bytes piece by piece."""

    path: Path
    produce: Callable[[], Iterable[bytes]]


# How a job is written and hashed: `write_atomic_chunks` in production; a parameter so
# that the caller's own reference to it (which tests replace) is the one used.
Write = Callable[[Path, Iterable[bytes]], str]


def writers_available() -> int:
    """How many processes may write: one unless forking is possible and safe here."""
    return max(1, min(MAX_WRITERS, cores_to_fork()))


def write_files(jobs: Sequence[FileJob], write: Write, writers: int) -> dict[str, str]:
    """Write every job (in `jobs` order, shared among `writers` processes) and return each
    file's SHA-256 by name.

    An exception in a forked writer is raised here, as it would be raised writing alone;
    a writer that dies without a word (killed, out of memory) is a `ReportError`. Either
    way the files already written stay unsealed: the caller writes the manifest only
    after this returns.
    """
    if writers <= 1 or len(jobs) <= 1:
        return _write_in_turn(jobs, write, _Counter())
    context = multiprocessing.get_context("fork")
    counter = _Counter(context.Value("i", 0))
    children: list[tuple[Any, Connection]] = []
    try:
        for _ in range(writers - 1):
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(
                target=_child_writes, args=(jobs, write, counter, sender), daemon=True
            )
            try:
                child.start()
            except OSError:
                # A process limit, or no memory to fork: this process writes the rest.
                receiver.close()
                break
            finally:
                sender.close()
            children.append((child, receiver))
        hashes = _write_in_turn(jobs, write, counter)
        for child, receiver in children:
            hashes.update(_child_result(child, receiver))
    finally:
        for child, receiver in children:
            if child.is_alive():
                child.terminate()  # this process failed first: the bundle is not sealed
            child.join()
            receiver.close()
    return {job.path.name: hashes[job.path.name] for job in jobs}


class _Counter:
    """The index of the next unwritten job, shared between processes when forked."""

    def __init__(self, shared: Any = None) -> None:
        self._shared = shared
        self._local = 0

    def stop(self) -> None:
        """No more jobs for anyone: a writer failed, so the bundle will not be sealed."""
        if self._shared is None:
            self._local = sys.maxsize
            return
        with self._shared.get_lock():
            self._shared.value = 2**31 - 1  # the shared value is a C int

    def take(self) -> int:
        if self._shared is None:
            self._local += 1
            return self._local - 1
        with self._shared.get_lock():
            taken: int = self._shared.value
            self._shared.value = taken + 1
        return taken


def _write_in_turn(jobs: Sequence[FileJob], write: Write, counter: _Counter) -> dict[str, str]:
    hashes: dict[str, str] = {}
    while (index := counter.take()) < len(jobs):
        job = jobs[index]
        # A file's rows are many short-lived containers: see `collector_paused`.
        with collector_paused():
            hashes[job.path.name] = write(job.path, job.produce())
    return hashes


def _child_writes(
    jobs: Sequence[FileJob], write: Write, counter: _Counter, sender: Connection
) -> None:
    # Stopped by the parent (which failed first): leave as an exception does, so that the
    # file being written removes its temporary (`write_atomic_chunks`) on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        outcome: tuple[str, Any] = ("written", _write_in_turn(jobs, write, counter))
    except BaseException as error:  # every failure, even an interrupt, goes to the parent
        counter.stop()  # the parent ends after the file it is writing, not after every file
        outcome = ("failed", _portable(error))
    sender.send(outcome)
    sender.close()


def _portable(error: BaseException) -> BaseException:
    """The error itself when it survives pickling, else a ReportError that names it."""
    try:
        pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, made just now
    except Exception:  # any pickling failure: send a description instead
        return ReportError(f"Writing the report bundle failed: {type(error).__name__}: {error}")
    return error


def _child_result(child: Any, receiver: Connection) -> dict[str, str]:
    try:
        kind, value = receiver.recv()
    except EOFError:
        child.join()
        raise ReportError(
            f"The second process writing the report bundle stopped (exit code "
            f"{child.exitcode}) before it finished, perhaps killed or out of memory; the "
            "bundle was left unsealed (no manifest.json). Run the analysis again, and if it "
            "stops again, check the machine's free memory."
        ) from None
    if kind == "failed":
        raise value
    written: dict[str, str] = value
    return written
