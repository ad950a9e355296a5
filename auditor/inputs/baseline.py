"""The optional inputs of a quarterly analysis, read and checked before any rule runs:
the baseline snapshot, the identity-provider roster and the previous review.

The roster's and the review's readers and the drift comparison are imported only when
their input is given (here and in `analysis.derive`): most analyses are given none, and
their modules (with the workbook reader's zipfile) cost every run 0.03 s to import.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from auditor.errors import SnapshotError
from auditor.snapshot import Account, read_snapshot

if TYPE_CHECKING:
    from auditor.inputs.review import PreviousReview
    from auditor.inputs.roster import Roster


@dataclass(frozen=True)
class InputProvenance:
    """Which file or folder one optional input came from, and its SHA-256."""

    path: str
    sha256: str
    # A snapshot folder (the baseline) is known by the hash of its manifest, which holds
    # the hash of every file in it; a file by its own.
    hashed: Literal["sha256", "manifest_sha256"] = "sha256"

    def document(self) -> dict[str, str]:
        """As the bundle manifest and findings.json record it."""
        return {"path": self.path, self.hashed: self.sha256}


@dataclass(frozen=True)
class QuarterInputs:
    """The quarterly input files as read; the analysis matches them to the snapshot."""

    baseline: Account | None = None
    roster: "Roster | None" = None
    previous_review: "PreviousReview | None" = None

    def provenance(self) -> dict[str, InputProvenance]:
        """Which file each given input came from and its SHA-256, by input name."""
        documents: dict[str, InputProvenance] = {}
        if self.baseline is not None:
            documents["baseline"] = InputProvenance(
                str(self.baseline.directory), self.baseline.manifest_sha256, "manifest_sha256"
            )
        for name, given in (("roster", self.roster), ("previous_review", self.previous_review)):
            if given is not None:
                documents[name] = InputProvenance(given.path, given.sha256)
        return documents


def read_baseline(path: Path) -> Account:
    try:
        return read_snapshot(path)
    except SnapshotError as error:
        # Say which of the two snapshots is damaged: some messages name only a file.
        raise SnapshotError(f"The baseline {path} cannot be used: {error}") from None


def load_inputs(
    account: Account,
    *,
    baseline_path: Path | None = None,
    roster_path: Path | None = None,
    previous_review_path: Path | None = None,
) -> QuarterInputs:
    """Read each given input; any that cannot be used is an InputError or SnapshotError."""
    baseline, roster, review = None, None, None
    if baseline_path is not None:
        from auditor.graph.changes import check_comparable

        baseline = read_baseline(baseline_path)
        check_comparable(baseline, account)
    if previous_review_path is not None:
        from auditor.inputs.review import read_previous_review, refuse_foreign_review

        review = read_previous_review(previous_review_path)
        before = baseline.agents if baseline else ()
        refuse_foreign_review(review, account.domain, account.agents, before)
    if roster_path is not None:
        from auditor.inputs.roster import read_roster

        roster = read_roster(roster_path)
    return QuarterInputs(baseline=baseline, roster=roster, previous_review=review)
