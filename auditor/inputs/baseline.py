"""The optional inputs of a quarterly analysis, read and checked before any rule runs:
the baseline snapshot, the identity-provider roster and the previous review."""

from dataclasses import dataclass
from pathlib import Path

from auditor.errors import SnapshotError
from auditor.graph.changes import check_comparable
from auditor.inputs.review import PreviousReview, read_previous_review
from auditor.inputs.roster import Roster, read_roster
from auditor.snapshot import Account, read_snapshot


@dataclass(frozen=True)
class QuarterInputs:
    """The quarterly input files as read; the analysis matches them to the snapshot."""

    baseline: Account | None = None
    roster: Roster | None = None
    previous_review: PreviousReview | None = None

    def provenance(self) -> dict[str, dict[str, str]]:
        """Which file each given input came from and its SHA-256, for the bundle manifest."""
        documents: dict[str, dict[str, str]] = {}
        if self.baseline is not None:
            documents["baseline"] = {
                "path": str(self.baseline.directory),
                "manifest_sha256": self.baseline.manifest_sha256,
            }
        for name, given in (("roster", self.roster), ("previous_review", self.previous_review)):
            if given is not None:
                documents[name] = {"path": given.path, "sha256": given.sha256}
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
    baseline = None
    if baseline_path is not None:
        baseline = read_baseline(baseline_path)
        check_comparable(baseline, account)
    return QuarterInputs(
        baseline=baseline,
        roster=read_roster(roster_path) if roster_path else None,
        previous_review=read_previous_review(previous_review_path)
        if previous_review_path
        else None,
    )
