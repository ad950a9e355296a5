"""The contacts' second reader started early gives exactly what one reader gives, and is
used only when it read for the agents and contact details this process derived itself;
otherwise it is stopped and the contacts are read as without it."""

import json
import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import analyze
from auditor.errors import AuditorError
from auditor.integrity.seal import sha256_of
from auditor.snapshot import contacts_prefetch, contacts_split, read_snapshot
from auditor.snapshot.contacts_split import SecondReader
from tests.builders import agent
from tests.cli import run_cli
from tests.snapshot.test_contacts_split import (
    _read_alone,
    _same,
    _write,
    assert_the_copy_ends,
    run_python,
)

# A copy is started only where a second core can run it.
pytestmark = pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2, reason="needs a second core for the forked copy"
)


@pytest.fixture(autouse=True)
def split_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split every contacts file, however small, in several segments; and wait for the
    copy, however busy the machine running the tests is."""
    monkeypatch.setattr(contacts_split, "SPLIT_FROM", 0)
    monkeypatch.setattr(contacts_split, "SEGMENT", 64 << 10)
    monkeypatch.setattr(contacts_prefetch, "BEHIND_AFTER", 60.0)


def _recorded_starts(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The split offset of each second reader that `SecondReader.<name>` starts."""
    started: list[int] = []
    start = getattr(SecondReader, name).__func__

    def recorded(cls: type[SecondReader], path: Path, split: int, *rest: Any) -> Any:
        started.append(split)
        return start(cls, path, split, *rest)

    monkeypatch.setattr(SecondReader, name, classmethod(recorded))
    return started


@pytest.fixture
def regular_starts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each second reader started by `read_contacts` itself (not early), by split offset."""
    return _recorded_starts(monkeypatch, "start")


def _keys(*emails: str) -> frozenset[str]:
    return frozenset(emails)


def test_a_prefetched_read_gives_what_one_reader_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regular_starts: list[int]
) -> None:
    snapshot = _write(tmp_path)
    prefetch = contacts_prefetch.start(snapshot)
    assert prefetch is not None
    early = read_snapshot(snapshot, prefetch)
    assert regular_starts == []  # the early copy read the end; none was started later
    _same(early, _read_alone(snapshot, monkeypatch))
    assert multiprocessing.active_children() == []


def test_a_copy_that_guessed_other_agents_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regular_starts: list[int]
) -> None:
    """The copy guesses the agents' addresses from their raw records; when its guess is
    not what this process derived (here: one address more, a contact's in the copy's
    part, which it would take for a duplicated identity), its rows are not used."""
    snapshot = _write(tmp_path)
    emails = contacts_prefetch._agent_emails

    def one_more(directory: Path, file_name: str) -> Iterator[str]:
        yield from emails(directory, file_name)
        yield "contact3801@customer.example"

    monkeypatch.setattr(contacts_prefetch, "_agent_emails", one_more)
    prefetch = contacts_prefetch.start(snapshot)
    assert prefetch is not None
    early = read_snapshot(snapshot, prefetch)
    _same(early, _read_alone(snapshot, monkeypatch))
    assert 3801 not in early.contacts
    assert len(regular_starts) == 1


def test_an_agent_listed_twice_under_two_addresses_replaces_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regular_starts: list[int]
) -> None:
    """An agent whose address changed between the two listings: the copy's guess holds
    both addresses, this process keeps the newer record's one."""
    snapshot = _write(tmp_path)
    inactive = snapshot / "agents_inactive.jsonl"
    moved = agent(1, email="agent1.new@acme.example", active=False)
    moved["updated_at"] = "2026-09-29T00:00:00Z"
    inactive.write_text(json.dumps(moved) + "\n")
    manifest = json.loads((snapshot / "manifest.json").read_text())
    manifest["files"]["agents_inactive.jsonl"] = sha256_of(inactive)
    manifest["collections"]["agents_inactive"]["records"] = 1
    (snapshot / "manifest.json").write_text(json.dumps(manifest))
    prefetch = contacts_prefetch.start(snapshot)
    early = read_snapshot(snapshot, prefetch)
    assert len(regular_starts) == 1
    _same(early, _read_alone(snapshot, monkeypatch))
    assert any("appears in both" in note for note in early.notes)


def test_the_copy_is_taken_only_for_its_own_file_agents_and_details(tmp_path: Path) -> None:
    snapshot = _write(tmp_path)
    path = snapshot / "contacts.jsonl"
    keys = _keys("agent1@acme.example")
    details = sha256_of(snapshot / "contact_details.jsonl")
    wrong = [
        (snapshot / "companies.jsonl", keys, details),
        (path, _keys("agent2@acme.example"), details),
        (path, keys, "0" * 64),
        (path, keys, None),
    ]
    for asked in wrong:
        prefetch = contacts_prefetch.start(snapshot)
        assert prefetch is not None
        assert prefetch.reader_for(*asked) is None, asked
        assert multiprocessing.active_children() == []  # stopped at once
    prefetch = contacts_prefetch.start(snapshot)
    assert prefetch is not None
    reader = prefetch.reader_for(path, keys, details)
    assert reader is not None
    assert prefetch.reader_for(path, keys, details) is None  # taken once
    reader.close()


def test_a_copy_that_cannot_guess_leaves_the_reading_to_a_regular_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regular_starts: list[int]
) -> None:
    snapshot = _write(tmp_path)

    def broken(*_: Any) -> Any:
        raise RuntimeError("no guess")

    monkeypatch.setattr(contacts_prefetch, "_guessed_columns", broken)
    early = read_snapshot(snapshot, contacts_prefetch.start(snapshot))
    assert len(regular_starts) == 1
    _same(early, _read_alone(snapshot, monkeypatch))


def test_a_copy_still_guessing_when_the_contacts_are_reached_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regular_starts: list[int]
) -> None:
    """A copy that is behind this process (many detail records to type, a busy machine)
    is stopped: a copy started from this process's own inputs begins at once."""
    snapshot = _write(tmp_path)
    guessed = contacts_prefetch._guessed_columns

    def slow(*args: Any) -> Any:
        time.sleep(10)
        return guessed(*args)

    monkeypatch.setattr(contacts_prefetch, "_guessed_columns", slow)
    monkeypatch.setattr(contacts_prefetch, "BEHIND_AFTER", 0.01)
    started = time.monotonic()
    early = read_snapshot(snapshot, contacts_prefetch.start(snapshot))
    assert time.monotonic() - started < 5  # not waiting for the copy
    assert len(regular_starts) == 1
    _same(early, _read_alone(snapshot, monkeypatch))


@pytest.mark.parametrize("problem", ["no manifest", "outside", "small", "one core"])
def test_no_copy_is_started_where_it_cannot_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    snapshot = _write(tmp_path)
    manifest = json.loads((snapshot / "manifest.json").read_text())
    if problem == "no manifest":
        (snapshot / "manifest.json").unlink()
    elif problem == "outside":
        manifest["collections"]["contacts"]["file"] = "../contacts.jsonl"
        (snapshot / "manifest.json").write_text(json.dumps(manifest))
    elif problem == "small":
        monkeypatch.setattr(contacts_split, "SPLIT_FROM", 1 << 30)
    else:
        monkeypatch.setattr(contacts_prefetch, "cores_to_fork", lambda: 1)
    assert contacts_prefetch.start(snapshot) is None
    assert contacts_prefetch.start(tmp_path / "missing") is None


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        ("--policy", "policy"),  # found by the analysis, which stops the copy
        ("--sign-key", "private key"),  # found by the command before the analysis runs
    ],
)
def test_analyze_stops_the_copy_when_it_fails_before_the_contacts(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    problem: str,
) -> None:
    snapshot = _write(tmp_path / "snapshot")
    # A copy that would read on for a minute unless stopped.
    monkeypatch.setattr(contacts_split, "_scan", lambda *_: time.sleep(60))
    started = _recorded_starts(monkeypatch, "start_preparing")
    broken = tmp_path / "broken"
    broken.write_text("[dormancy\n")  # neither a policy nor a key
    result = run_cli(capsys, "analyze", str(snapshot), option, str(broken))
    assert result.code == 2
    assert problem in result.err.lower()
    assert len(started) == 1  # a copy was started, and is gone
    assert multiprocessing.active_children() == []


def test_an_analysis_that_fails_before_the_contacts_stops_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The analysis owns the copy it is given, as its library callers expect."""
    snapshot = _write(tmp_path / "snapshot")
    monkeypatch.setattr(contacts_split, "_scan", lambda *_: time.sleep(60))
    policy = tmp_path / "policy.toml"
    policy.write_text("[dormancy\n")
    prefetch = contacts_prefetch.start(snapshot)
    assert prefetch is not None
    with pytest.raises(AuditorError):
        analyze(snapshot, policy_path=policy, prefetch=prefetch)
    assert multiprocessing.active_children() == []


_KILLED_WHILE_READING = """
import os, signal, sys, time
from pathlib import Path
from auditor.snapshot import contacts_prefetch, contacts_split

contacts_split.SPLIT_FROM = 0
contacts_split.SEGMENT = 4096
scan = contacts_split._scan


def slow(*args):
    Path(sys.argv[2]).write_text(str(os.getpid()))
    time.sleep(0.2)  # some 100 segments: 20 s to read them all
    return scan(*args)


contacts_split._scan = slow
prefetch = contacts_prefetch.start(Path(sys.argv[1]))
assert prefetch is not None
while not Path(sys.argv[2]).exists():  # the copy is reading
    time.sleep(0.01)
time.sleep(0.5)
os.kill(os.getpid(), signal.SIGKILL)  # no cleanup at all
"""


def test_a_copy_whose_first_process_was_killed_ends(tmp_path: Path) -> None:
    """Killed outright (no `finally` runs), the first process cannot stop its copy: the
    copy sees that no one reads its pipe any more, and ends instead of reading on (or
    waiting forever with the caller's stdout and stderr open)."""
    assert_the_copy_ends(tmp_path, _KILLED_WHILE_READING, seconds=5)


def test_a_manifest_that_is_not_a_file_is_not_opened_early(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A named pipe would block the first read of it; the reader names the problem."""
    snapshot = _write(tmp_path / "snapshot")
    (snapshot / "manifest.json").unlink()
    os.mkfifo(snapshot / "manifest.json")
    # In a process of its own, which a blocked open cannot stop for good.
    program = (
        "import sys; from pathlib import Path; "
        "from auditor.snapshot import contacts_prefetch, contacts_split; "
        "contacts_split.SPLIT_FROM = 0; "
        "print(contacts_prefetch.start(Path(sys.argv[1])))"
    )
    done = run_python(program, str(snapshot), timeout=30)
    assert (done.returncode, done.stdout) == (0, "None\n"), done.stderr
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "has no manifest.json" in result.err


def test_analyze_reads_through_the_early_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = _write(tmp_path / "snapshot")
    taken: list[bool] = []
    reader_for = contacts_prefetch.Prefetch.reader_for

    def recorded(self: Any, *args: Any) -> Any:
        reader = reader_for(self, *args)
        taken.append(reader is not None)
        return reader

    monkeypatch.setattr(contacts_prefetch.Prefetch, "reader_for", recorded)
    result = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "out"), "-q")
    assert result.code == 0, result.err
    assert taken == [True]
    assert multiprocessing.active_children() == []
