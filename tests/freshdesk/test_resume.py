"""A collection killed at any point (kill -9) resumes to the very same data files.

The collector runs as a real `auditor collect` process against the fake server; the
test kills it once enough checkpoint files exist, resumes with `--resume`, and compares
every data file byte for byte with an uninterrupted run. Pages stored before the kill are
never requested again.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.errors import UsageError
from auditor.fake import REAL_API, FakeFreshdesk, Fault
from auditor.freshdesk import collector
from auditor.freshdesk.checkpoint import Checkpoint
from auditor.integrity.names import MANIFEST_NAME
from auditor.signing.verify import verify_directory
from tests.fake.accounts import KEY, ServeFactory, cli_args, collect_from

# Slow enough that a kill lands mid-collection.
SLOW_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0, latency=0.02)


def data_files(snapshot: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in snapshot.iterdir()
        if path.is_file() and path.name != MANIFEST_NAME
    }


def stored_pages(snapshot: Path) -> set[str]:
    partial = snapshot / ".partial"
    return {p.name for p in partial.glob("*.p*.json")} if partial.is_dir() else set()


def request_of(page_file: str) -> tuple[str, str]:
    """The (path, page) a checkpoint page file answered."""
    match = re.fullmatch(r"(?P<key>.+)\.p(?P<page>\d+)\.json", page_file)
    assert match
    key, page = match["key"], str(int(match["page"]))
    fixed = {
        "agents": ("/agents", page),
        "agents_inactive": ("/agents?active=false", page),
        "roles": ("/roles", page),
        "contacts": ("/contacts", page),
        "companies": ("/companies", page),
        "groups.admin": ("/admin/groups", page),
        "groups": ("/groups", page),
        "me": ("/agents/me", ""),
        "account": ("/account", ""),
    }
    if key in fixed:
        return fixed[key]
    kind, number = key.split(".", 1)
    return {
        "agent": (f"/agents/{number}", ""),
        "group": (f"/groups/{number}", ""),
        "contact": (f"/contacts/{number}", ""),
        "members": (f"/admin/groups/{number}/agents", page),
    }[kind]


def asked(server: FakeFreshdesk, since: int) -> list[tuple[str, str]]:
    pages = []
    for request in server.requests[since:]:
        found = re.search(r"(?:^|&)page=(\d+)", request.query)
        # The two agent listings share a path; only the query tells them apart.
        inactive = re.search(r"(?:^|&)active=false", request.query)
        path = request.path + ("?active=false" if inactive else "")
        pages.append((path, found.group(1) if found else ""))
    return pages


class AnswerGate:
    """The fake server answers one request per look of the test at the checkpoint, so a
    collection cannot run past the point the test waits for between two looks, however
    late the machine runs the test (the collector is a process of its own)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._allowed = 0
        self._open = False

    def let_one(self) -> None:
        """One more request may be answered (not one per call: they do not add up)."""
        with self._changed:
            self._allowed = 1
            self._changed.notify_all()

    def open(self) -> None:
        with self._changed:
            self._open = True
            self._changed.notify_all()

    def wait_for_turn(self) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._open or self._allowed > 0)
            if not self._open:
                self._allowed -= 1


@contextmanager
def gated(server: FakeFreshdesk) -> Iterator[AnswerGate]:
    """Hold every API request the server is asked while the block runs, but one per
    `let_one`; the gate opens at the end (held answers go to a process killed by then)."""
    gate = AnswerGate()
    take_fault = server.take_fault

    def after_its_turn(number: int, path: str, page: int | None) -> Fault | None:
        gate.wait_for_turn()
        return take_fault(number, path, page)

    # The handler asks every request's fault here, after its rate limit, before routing.
    server.take_fault = after_its_turn  # type: ignore[method-assign]
    try:
        yield gate
    finally:
        gate.open()
        server.take_fault = take_fault  # type: ignore[method-assign]


def start_collect(server: FakeFreshdesk, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "auditor", *cli_args("collect", server.url, out, *extra)],
        env={**os.environ, "FRESHDESK_API_KEY": KEY},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def stop_when(
    server: FakeFreshdesk,
    out: Path,
    ready: Callable[[set[str]], bool],
    stop: Callable[[subprocess.Popen[bytes]], None],
) -> subprocess.Popen[bytes]:
    """Start a collection and `stop` it once its checkpoint shows `ready` pages."""
    with gated(server) as gate:
        process = start_collect(server, out)
        deadline = time.monotonic() + 60
        while not ((out / ".partial" / "run.json").exists() and ready(stored_pages(out))):
            assert process.poll() is None, "the collection finished before the stop point"
            assert time.monotonic() < deadline, "the stop point was never reached"
            gate.let_one()
            time.sleep(0.005)
        stop(process)
    return process


def kill_when(server: FakeFreshdesk, out: Path, ready: Callable[[set[str]], bool]) -> None:
    def kill(process: subprocess.Popen[bytes]) -> None:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)

    stop_when(server, out, ready, kill)


@pytest.fixture
def reference(serve: ServeFactory, tmp_path: Path) -> tuple[FakeFreshdesk, dict[str, bytes]]:
    server = serve(SLOW_REAL)
    collect_from(server, tmp_path / "reference")
    return server, data_files(tmp_path / "reference")


@pytest.mark.parametrize(
    "kill_point",
    [
        lambda pages: True,
        lambda pages: len(pages) >= 3,
        lambda pages: len(pages) >= 12,
        lambda pages: any(name.startswith("members.") for name in pages),
        lambda pages: sum(name.startswith("agent.") for name in pages) >= 3,
    ],
    ids=["at-start", "after-3-pages", "after-12-pages", "during-member-lists", "during-details"],
)
def test_a_killed_collection_resumes_to_the_same_data(
    reference: tuple[FakeFreshdesk, dict[str, bytes]],
    tmp_path: Path,
    kill_point: Callable[[set[str]], bool],
) -> None:
    server, expected = reference
    out = tmp_path / "killed"
    kill_when(server, out, kill_point)
    survived = stored_pages(out)
    before_resume = len(server.requests)
    refused = start_collect(server, out)
    assert refused.wait(30) == 2
    assert b"--resume" in refused.communicate()[1]
    resumed = start_collect(server, out, "--resume")
    _stdout, stderr = resumed.communicate(timeout=60)
    assert resumed.returncode == 0, stderr.decode()
    assert data_files(out) == expected
    assert not (out / ".partial").exists()
    refetched = set(asked(server, before_resume)) & {request_of(name) for name in survived}
    assert refetched == set()


def test_killed_after_sealing_but_before_tidying_up(
    reference: tuple[FakeFreshdesk, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, expected = reference
    out = tmp_path / "sealed"
    with monkeypatch.context() as patch:
        patch.setattr(Checkpoint, "remove", lambda self: None)  # the kill came right here
        collect_from(server, out)
    assert (out / MANIFEST_NAME).exists()
    assert (out / ".partial").exists()
    with pytest.raises(UsageError, match="--resume"):
        collect_from(server, out)
    before = len(server.requests)
    collect_from(server, out, resume=True)
    assert len(server.requests) == before  # everything came from the checkpoint
    assert data_files(out) == expected
    assert not (out / ".partial").exists()


def test_killed_while_removing_the_checkpoint(
    reference: tuple[FakeFreshdesk, dict[str, bytes]], tmp_path: Path
) -> None:
    server, expected = reference
    out = tmp_path / "tidying"
    collect_from(server, out)
    partial = out / ".partial"
    partial.mkdir()
    (partial / "finished").write_text("the snapshot is sealed\n")
    (partial / "contacts.p00003.json").write_text("{}")  # a page not yet deleted
    summary = collect_from(server, out, resume=True)
    assert summary.already_complete
    assert not partial.exists()
    assert data_files(out) == expected


def test_resuming_with_other_options_is_refused(
    reference: tuple[FakeFreshdesk, dict[str, bytes]], tmp_path: Path
) -> None:
    server, _ = reference
    out = tmp_path / "other"
    kill_when(server, out, lambda pages: len(pages) >= 3)
    with pytest.raises(UsageError, match="page size 5 \\(now 7\\)"):
        collect_from(server, out, resume=True, per_page=7)


def test_a_finished_snapshot_is_never_overwritten(
    reference: tuple[FakeFreshdesk, dict[str, bytes]], tmp_path: Path
) -> None:
    server, _ = reference
    with pytest.raises(UsageError, match="already holds a finished snapshot"):
        collect_from(server, tmp_path / "reference")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="is not empty"):
        collect_from(server, tmp_path / "busy")


def test_killed_while_writing_the_snapshot_files(
    reference: tuple[FakeFreshdesk, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kill mid-write leaves the atomic writes' temporary files; the resumed, sealed
    snapshot must not carry them (verify would call the fresh evidence altered)."""
    server, expected = reference
    out = tmp_path / "final-write"

    def killed_mid_write(directory: Path, *args: object, **kwargs: object) -> None:
        for name in ("agents.jsonl", MANIFEST_NAME):
            descriptor, _ = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
            os.close(descriptor)
        raise SystemExit(-9)

    with monkeypatch.context() as patch:
        patch.setattr(collector, "write_snapshot", killed_mid_write)
        with pytest.raises(SystemExit):
            collect_from(server, out)
    collect_from(server, out, resume=True)
    assert data_files(out) == expected
    assert verify_directory(out).discrepancies == []


def test_a_damaged_checkpoint_page_is_named_not_a_traceback(
    reference: tuple[FakeFreshdesk, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, expected = reference
    out = tmp_path / "damaged"
    with monkeypatch.context() as patch:
        patch.setattr(collector, "write_snapshot", lambda *args, **kwargs: sys.exit(-9))
        with pytest.raises(SystemExit):
            collect_from(server, out)
    damaged = out / ".partial" / "contacts.p00002.json"
    damaged.write_text('{"records": [')
    with pytest.raises(UsageError, match=re.escape(f"{damaged} is damaged")):
        collect_from(server, out, resume=True)
    damaged.unlink()  # as the message advises: that page is fetched again
    collect_from(server, out, resume=True)
    assert data_files(out) == expected


def test_ctrl_c_stops_with_a_message_and_resumes(
    reference: tuple[FakeFreshdesk, dict[str, bytes]], tmp_path: Path
) -> None:
    server, expected = reference
    out = tmp_path / "interrupted"
    process = stop_when(
        server,
        out,
        lambda pages: len(pages) >= 3,
        lambda process: process.send_signal(signal.SIGINT),
    )
    _stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130  # SPEC: Ctrl-C exits 130
    assert b"Interrupted." in stderr
    assert b"--resume" in stderr
    assert b"Traceback" not in stderr
    resumed = start_collect(server, out, "--resume")
    _stdout, stderr = resumed.communicate(timeout=60)
    assert resumed.returncode == 0, stderr.decode()
    assert data_files(out) == expected
