"""The resumable state of a collection: one file per fetched page inside `DIR/.partial/`.

Every page (and every per-agent or per-group call) is written atomically as its own
file the moment it arrives, so the checkpoint is simply "which page files exist": a run
killed at any point, even mid-write, resumes by reusing them and fetching the rest. The
snapshot reader ignores `.partial/`; it is removed once the snapshot's manifest is written.
"""

import json
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from auditor.errors import UsageError
from auditor.freshdesk.cost import Cost
from auditor.integrity.names import CHECKPOINT_DIR
from auditor.integrity.seal import json_text, write_atomic
from auditor.timestamps import format_timestamp, parse_timestamp

_RUN_FILE = "run.json"
_FINISHED_FILE = "finished"
_PAGE_FILE = re.compile(r"^(?P<key>[a-z0-9_.-]+)\.p(?P<page>\d{5,})\.json$")
_KEY = re.compile(r"^[a-z0-9_.-]+$")
# Files deleted at once when the checkpoint goes: each deletion mostly waits on the disk
# (1-2 ms on a disk mounted with `discard`), and a million contacts leave 10,000 pages.
_REMOVERS = 8

OutcomeStatus = Literal["denied", "partial", "not_found"]


@dataclass(frozen=True)
class RunInfo:
    """What a resumed run must share with the run that began the checkpoint."""

    domain: str
    base_url: str
    per_page: int
    started_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "base_url": self.base_url,
            "per_page": self.per_page,
            "started_at": format_timestamp(self.started_at),
        }


@dataclass(frozen=True)
class StoredPage:
    """One answered request: its records, its `next` link and what it cost."""

    records: list[Any]
    next_link: str | None
    date: datetime | None
    cost: Cost


@dataclass(frozen=True)
class Outcome:
    """How a listing ended when it did not end normally (403, 404, retries exhausted)."""

    status: OutcomeStatus
    cost: Cost
    note: str


class Checkpoint:
    """Page files under `DIR/.partial/`, indexed once so lookups need no directory scans."""

    def __init__(self, snapshot_dir: Path) -> None:
        self.directory = snapshot_dir / CHECKPOINT_DIR
        self._pages: dict[str, set[int]] = defaultdict(set)
        # Pages of one listing arrive from two threads (the page and the one fetched ahead).
        self._lock = threading.Lock()
        if self.directory.is_dir():
            self._index()

    @property
    def exists(self) -> bool:
        return self.directory.is_dir()

    @property
    def finished(self) -> bool:
        return (self.directory / _FINISHED_FILE).is_file()

    def begin(self, run: RunInfo) -> None:
        write_atomic(self.directory / _RUN_FILE, _dump(run.to_json()))

    def load_run(self) -> RunInfo | None:
        path = self.directory / _RUN_FILE
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            run = RunInfo(
                domain=str(data["domain"]),
                base_url=str(data["base_url"]),
                per_page=int(data["per_page"]),
                started_at=parse_timestamp(data["started_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            raise UsageError(
                f"The checkpoint {path} is unreadable. Start a fresh collection into an empty "
                "directory."
            ) from None
        return run

    def _index(self) -> None:
        for path in self.directory.iterdir():
            match = _PAGE_FILE.match(path.name)
            if match:
                self._pages[match["key"]].add(int(match["page"]))

    # -- pages ---------------------------------------------------------------------

    def save_page(self, key: str, page: int, stored: StoredPage) -> None:
        document = {
            "records": stored.records,
            "next": stored.next_link,
            "date": format_timestamp(stored.date) if stored.date else None,
            **stored.cost.document(),
        }
        write_atomic(self._page_path(key, page), _dump(document))
        with self._lock:
            self._pages[key].add(page)

    def load_page(self, key: str, page: int) -> StoredPage | None:
        with self._lock:
            if page not in self._pages.get(key, ()):
                return None
        path = self._page_path(key, page)
        with _readable(path):
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data["records"], list):
                raise TypeError
            return StoredPage(
                records=data["records"],
                next_link=data["next"],
                date=parse_timestamp(data["date"]) if data["date"] else None,
                cost=Cost.from_document(data),
            )

    def pages_of(self, key: str) -> set[int]:
        with self._lock:
            return set(self._pages.get(key, ()))

    def _page_path(self, key: str, page: int) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"bad checkpoint key {key!r}")
        return self.directory / f"{key}.p{page:05d}.json"

    # -- outcomes ------------------------------------------------------------------

    def save_outcome(self, key: str, outcome: Outcome) -> None:
        document = {
            "status": outcome.status,
            **outcome.cost.document(),
            "note": outcome.note,
        }
        write_atomic(self.directory / f"{key}.outcome.json", _dump(document))

    def load_outcome(self, key: str) -> Outcome | None:
        path = self.directory / f"{key}.outcome.json"
        if not path.is_file():
            return None
        with _readable(path):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["status"] not in ("denied", "partial", "not_found"):
                raise ValueError
            return Outcome(
                status=data["status"],
                cost=Cost.from_document(data),
                note=str(data["note"]),
            )

    # -- the end -------------------------------------------------------------------

    def holds_nothing(self) -> bool:
        """True when no answer was stored yet (only the run's own description, if that)."""
        if not self.exists:
            return True
        return all(path.name == _RUN_FILE for path in self.directory.iterdir())

    def discard(self) -> None:
        """Remove a checkpoint that holds nothing worth resuming."""
        if self.exists and self.holds_nothing():
            for path in self.directory.iterdir():
                path.unlink()
            self.directory.rmdir()

    def remove(self) -> None:
        """Delete the checkpoint after the snapshot is sealed, marker first, marker last.

        The `finished` marker outlives every page file, so a run killed halfway through
        this removal is recognised as finished instead of resumed with pages missing.
        """
        if not self.exists:
            return
        write_atomic(self.directory / _FINISHED_FILE, b"the snapshot is sealed\n")
        pages = [path for path in self.directory.iterdir() if path.name != _FINISHED_FILE]
        with ThreadPoolExecutor(_REMOVERS, thread_name_prefix="checkpoint-removal") as pool:
            # list(): the first failed deletion raises here, before the marker goes.
            list(pool.map(os.unlink, pages))
        (self.directory / _FINISHED_FILE).unlink()
        self.directory.rmdir()


@contextmanager
def _readable(path: Path) -> Iterator[None]:
    """A checkpoint file that cannot be read becomes a usage error naming it. Written
    atomically, one is damaged only from outside; without it, that answer is fetched again."""
    try:
        yield
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(
            f"The checkpoint file {path} is damaged. Delete it and run the same command with "
            "--resume to fetch that answer again, or collect into a new, empty directory."
        ) from None


def _dump(document: Any) -> bytes:
    # An answer is stored as it came, lone surrogates included, as valid UTF-8.
    return json_text(document, separators=(",", ":")).encode()
