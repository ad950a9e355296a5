"""The findings table and the choices its filters offer (severity, rule, status)."""

from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.report.tables import finding_rows
from auditor.rules.base import Severity


@dataclass(frozen=True)
class FindingsTable:
    rows: list[dict[str, str]]
    severities: list[str]
    rules: list[tuple[str, str]]
    statuses: list[str]


def build_findings(analysis: Analysis) -> FindingsTable:
    findings = analysis.findings
    present = {f.severity for f in findings}
    return FindingsTable(
        rows=finding_rows(analysis),
        severities=[s.value for s in sorted(present, key=lambda s: -Severity(s).rank)],
        rules=sorted({(f.rule_id, f.title) for f in findings}),
        statuses=[s for s in ("open", "exempted") if any(f.status == s for f in findings)],
    )
