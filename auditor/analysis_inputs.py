"""What an analysis takes besides the snapshot, as the command line hands it over.

A module of its own that imports the analysis only to run it: the command line holds
the inputs before any of the analysis is imported, because `auditor analyze` first
starts reading the snapshot's contacts on the second core (`snapshot.contacts_prefetch`)
and only then imports the graph, the rules and the reports.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.analysis import Analysis
    from auditor.snapshot.contacts_prefetch import Prefetch


@dataclass(frozen=True)
class AnalysisInputs:
    """What an analysis takes besides the snapshot; every field is optional."""

    policy: Path | None = None
    as_of: datetime | None = None
    baseline: Path | None = None
    roster: Path | None = None
    previous_review: Path | None = None

    def check(self) -> None:
        """Read every input once before slow work (a collection), so that a mistyped path or
        policy key fails at once; the analysis reads them again and matches them to the
        snapshot."""
        from auditor.analysis import policy_for_rules
        from auditor.inputs.baseline import read_baseline
        from auditor.inputs.review import read_previous_review
        from auditor.inputs.roster import read_roster

        policy_for_rules(self.policy)
        if self.baseline is not None:
            read_baseline(self.baseline)
        if self.roster is not None:
            read_roster(self.roster)
        if self.previous_review is not None:
            read_previous_review(self.previous_review)

    def run(self, snapshot: Path, prefetch: "Prefetch | None" = None) -> "Analysis":
        """The analysis of `snapshot`, with its contacts' second reader if one was started."""
        from auditor.analysis import analyze

        return analyze(
            snapshot,
            prefetch=prefetch,
            policy_path=self.policy,
            as_of=self.as_of,
            baseline_path=self.baseline,
            roster_path=self.roster,
            previous_review_path=self.previous_review,
        )
