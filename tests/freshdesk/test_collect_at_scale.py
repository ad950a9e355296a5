"""What keeps a million-contact collection's end short: listings encoded for the snapshot
as their pages arrive, the held records out of the cyclic GC's reach until the end, and
the checkpoint's page files deleted side by side."""

import gc
import os
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from auditor.freshdesk import collector
from auditor.freshdesk.checkpoint import Checkpoint, StoredPage
from auditor.freshdesk.cost import Cost
from auditor.snapshot import writer
from tests.fake.accounts import (
    TEST_QUIRKS,
    ServeFactory,
    assert_matches_served,
    collect_from,
    small_account,
)

CONTACTS = 299  # 60 pages at 5 a page


def test_listings_are_encoded_as_their_pages_arrive_not_when_written(
    serve: ServeFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writing = False
    encoded_when_written: list[int] = []
    json_lines = writer.json_lines
    write_snapshot = collector.write_snapshot

    def counted(records: Iterable[Mapping[str, Any]]) -> bytes:
        records = list(records)
        if writing:
            encoded_when_written.append(len(records))
        return json_lines(records)

    def watched(*args: Any, **options: Any) -> Any:
        nonlocal writing
        writing = True
        try:
            return write_snapshot(*args, **options)
        finally:
            writing = False

    monkeypatch.setattr(writer, "json_lines", counted)
    monkeypatch.setattr(collector, "write_snapshot", watched)
    server = serve(TEST_QUIRKS, data=small_account(tmp_path / "big", contacts=CONTACTS))
    collect_from(server, tmp_path / "snap")
    assert_matches_served(tmp_path / "snap", server)
    # Only records that came by no listing (per-group members, say) are encoded then.
    assert encoded_when_written
    assert max(encoded_when_written) < CONTACTS


def test_held_records_are_out_of_the_gcs_reach_until_the_run_ends(
    serve: ServeFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_when_written: list[int] = []
    write_snapshot = collector.write_snapshot

    def watched(*args: Any, **options: Any) -> Any:
        frozen_when_written.append(gc.get_freeze_count())
        return write_snapshot(*args, **options)

    monkeypatch.setattr(collector, "write_snapshot", watched)
    server = serve(TEST_QUIRKS, data=small_account(tmp_path / "big", contacts=CONTACTS))
    gc.unfreeze()  # what reading the served account froze for good (`collector_paused`)
    collect_from(server, tmp_path / "snap")
    assert frozen_when_written[0] > CONTACTS
    assert gc.get_freeze_count() == 0


def test_the_checkpoint_goes_page_files_at_once_and_its_marker_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each deletion waits on the disk: 10,000 pages one after another took seconds."""
    checkpoint = Checkpoint(tmp_path)
    for number in range(1, 41):
        checkpoint.save_page("contacts", number, StoredPage([{"id": number}], None, None, Cost()))
    lock = threading.Lock()
    deleting = 0
    most_at_once = 0
    deleted: list[str] = []
    unlink = os.unlink
    # The first two page deletions wait for each other: side by side, they meet at once;
    # one after another, the first waits in vain (however the threads are scheduled).
    first_two = threading.Barrier(2, timeout=30)

    def slow_unlink(path: Any) -> None:
        nonlocal deleting, most_at_once
        name = Path(path).name
        # The marker outlives every page file: a run killed now is known to be finished.
        assert name == "finished" or (tmp_path / ".partial" / "finished").exists()
        with lock:
            deleting += 1
            most_at_once = max(most_at_once, deleting)
            meets = name != "finished" and len(deleted) + deleting <= 2
        if meets:
            first_two.wait()
        time.sleep(0.02)
        unlink(path)
        with lock:
            deleting -= 1
            deleted.append(name)

    monkeypatch.setattr(os, "unlink", slow_unlink)
    checkpoint.remove()
    assert not (tmp_path / ".partial").exists()
    assert len(deleted) == 41
    assert deleted[-1] == "finished"
    assert most_at_once > 1
