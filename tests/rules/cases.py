"""Helpers for rule tests: analyse a tiny account under an optional policy, pick findings.

A rule test marks itself `@pytest.mark.rule_case("FD-...", "positive"|"negative")` so the
registry test can check that every registered rule has both kinds.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

from auditor.analysis import Analysis, analyze
from auditor.rules.base import Finding
from auditor.timestamps import format_timestamp, parse_timestamp
from tests.builders import write_account

# Moments around tests.builders.COLLECTED_AT (2026-09-30T12:00:00Z), the default as_of.
AS_OF = "2026-09-30T12:00:00Z"


def days_before(days: int, moment: str = AS_OF) -> str:
    """The timestamp exactly `days` days before `moment`, same time of day."""
    return format_timestamp(parse_timestamp(moment) - timedelta(days=days))


def run(
    directory: Path,
    *,
    policy: str | None = None,
    as_of: str | None = None,
    **account: Any,
) -> Analysis:
    """Write the account (see `write_account`) and analyse it, under `policy` when given."""
    snapshot = write_account(directory / "snapshot", **account)
    policy_path = None
    if policy is not None:
        policy_path = directory / "policy.toml"
        policy_path.write_text(policy, encoding="utf-8")
    moment = parse_timestamp(as_of) if as_of else None
    return analyze(snapshot, policy_path=policy_path, as_of=moment)


def findings_of(analysis: Analysis, rule_id: str) -> list[Finding]:
    assert rule_id in analysis.rules_run, f"{rule_id} did not run in this analysis"
    return [f for f in analysis.findings if f.rule_id == rule_id]


def one(analysis: Analysis, rule_id: str, subject: str) -> Finding:
    """The single finding of `rule_id` about `subject` (`agent:12`)."""
    matches = [f for f in findings_of(analysis, rule_id) if f.subject.key == subject]
    assert len(matches) == 1, [f.subject.key for f in findings_of(analysis, rule_id)]
    return matches[0]


def severities(analysis: Analysis, rule_id: str) -> dict[str, str]:
    """Subject -> severity of every finding of the rule."""
    return {f.subject.key: f.severity.value for f in findings_of(analysis, rule_id)}


def entitlements(analysis: Analysis, rule_id: str) -> set[tuple[str, str]]:
    return {(f.subject.key, f.entitlement) for f in findings_of(analysis, rule_id)}
