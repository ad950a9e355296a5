"""Where a collection writes: a new or empty directory, or a checkpoint to resume.

A directory that already holds a sealed snapshot is never overwritten, nor written
inside, and a directory with a checkpoint is only continued when the user says
`--resume`, with the same domain, base URL and page size the checkpoint was started with.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from auditor.errors import UsageError
from auditor.freshdesk.checkpoint import Checkpoint, RunInfo
from auditor.freshdesk.target import Target
from auditor.integrity.manifest import sealed_kind
from auditor.integrity.names import CHECKPOINT_DIR, MANIFEST_NAME, SNAPSHOT_KIND
from auditor.snapshot.manifest import COLLECTIONS

# The temporary file of an atomic write (`.agents.jsonl.k3j9x0q1`), left by a kill mid-write.
_UNFINISHED_WRITE = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}$")


@dataclass(frozen=True)
class Start:
    """How this run begins: fresh, resumed, or with nothing left to do."""

    checkpoint: Checkpoint
    run: RunInfo
    resumed: bool
    already_complete: bool = False
    # The run made the output directory (so it may remove it again, if still empty).
    created: bool = False

    def abandon(self) -> None:
        """After a failure before any answer was stored: leave no checkpoint behind."""
        self.checkpoint.discard()
        out = self.checkpoint.directory.parent
        if self.created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()


def prepare(out: Path, target: Target, per_page: int, *, resume: bool) -> Start:
    _refuse_inside_a_snapshot(out)
    checkpoint = Checkpoint(out)
    sealed = (out / MANIFEST_NAME).is_file()
    if checkpoint.exists and checkpoint.finished and sealed:
        # The previous run sealed the snapshot and was stopped while tidying up.
        checkpoint.remove()
    if checkpoint.exists:
        return _resume(out, checkpoint, target, per_page, resume=resume)
    if sealed:
        if resume:
            run = RunInfo(target.domain, target.base_url, per_page, _now())
            return Start(checkpoint, run, resumed=True, already_complete=True)
        raise UsageError(
            f"{out} already holds a finished snapshot. Collect into a new directory; a "
            "snapshot is evidence and is never overwritten. To use this one as it is, run "
            "the same command with --resume."
        )
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a directory for the snapshot.")
    if out.is_dir() and any(out.iterdir()):
        raise UsageError(
            f"{out} is not empty and holds no snapshot or checkpoint. Collect into a new or "
            "empty directory."
        )
    run = RunInfo(target.domain, target.base_url, per_page, _now())
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    checkpoint.begin(run)
    return Start(checkpoint, run, resumed=False, created=created)


def _resume(
    out: Path, checkpoint: Checkpoint, target: Target, per_page: int, *, resume: bool
) -> Start:
    if not resume:
        raise UsageError(
            f"{out} holds an interrupted collection ({CHECKPOINT_DIR}/). Run the same command "
            "with --resume to continue it without fetching finished pages again, or collect "
            "into a new, empty directory."
        )
    run = checkpoint.load_run()
    if run is None:
        # Killed before the checkpoint's first file: nothing was fetched yet.
        run = RunInfo(target.domain, target.base_url, per_page, _now())
        checkpoint.begin(run)
        return Start(checkpoint, run, resumed=True)
    mismatched = [
        f"{name} {theirs!r} (now {ours!r})"
        for name, theirs, ours in (
            ("domain", run.domain, target.domain),
            ("base URL", run.base_url, target.base_url),
            ("page size", run.per_page, per_page),
        )
        if theirs != ours
    ]
    if mismatched:
        raise UsageError(
            f"The interrupted collection in {out} was started with {', '.join(mismatched)}. "
            "Resume it with the same --domain, --base-url and --per-page, or collect into a "
            "new, empty directory."
        )
    _remove_unfinished_writes(out)
    return Start(checkpoint, run, resumed=True)


def _remove_unfinished_writes(out: Path) -> None:
    """Drop what a run killed while writing the snapshot files left half-written; sealed
    with the snapshot, it would make fresh evidence look altered."""
    ours = {MANIFEST_NAME, *COLLECTIONS.values()}
    for path in out.iterdir():
        match = _UNFINISHED_WRITE.match(path.name)
        if match and match["name"] in ours and path.is_file():
            path.unlink()


def _refuse_inside_a_snapshot(out: Path) -> None:
    for folder in out.resolve().parents:
        if sealed_kind(folder) == SNAPSHOT_KIND:
            raise UsageError(
                f"--out {out} is inside {folder}, which holds a finished snapshot; a collection "
                "there would break that snapshot's seal. Collect into a folder outside it."
            )


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
