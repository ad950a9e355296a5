"""`--fail-on`: which findings make a run fail (exit 1), for CI pipelines and schedulers.

Only open findings count: an exempted finding is an accepted risk, and an exemption
that has expired leaves its finding open, so it counts again.
"""

from collections import Counter
from collections.abc import Iterable

from auditor.rules.base import Finding, Severity

SEVERITY_NAMES = tuple(severity.value for severity in Severity)


def findings_at_or_above(findings: Iterable[Finding], threshold: Severity) -> list[Finding]:
    """Open findings whose severity is `threshold` or higher."""
    return [f for f in findings if f.status == "open" and f.severity.rank >= threshold.rank]


def gate_message(blocking: list[Finding], threshold: Severity) -> str:
    """`3 open findings at or above high (1 critical, 2 high): exit 1 (--fail-on high).`"""
    counts = Counter(f.severity for f in blocking)
    by_severity = ", ".join(f"{counts[s]} {s.value}" for s in sorted(counts, key=lambda s: -s.rank))
    noun = "finding" if len(blocking) == 1 else "findings"
    return (
        f"{len(blocking)} open {noun} at or above {threshold.value} ({by_severity}): "
        f"exit 1 (--fail-on {threshold.value})."
    )
