"""One entry per rule in the catalogue: what it checks, why, how to fix it, which controls."""

from collections import Counter
from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.report.run_info import rule_evaluated, run_info
from auditor.rules import REGISTRY
from auditor.rules.frameworks import Requirement, requirements_of


@dataclass(frozen=True)
class RuleEntry:
    id: str
    title: str
    severity: str
    subject_type: str
    description: str
    rationale: str
    remediation: tuple[str, ...]
    requirements: list[Requirement]
    open: int
    exempted: int
    # Inputs beyond the snapshot (for example "baseline") without which the rule does not run.
    needs: list[str]
    evaluated: bool

    @property
    def findings(self) -> int:
        return self.open + self.exempted


def build_rules(analysis: Analysis) -> list[RuleEntry]:
    counts = Counter((f.rule_id, f.status) for f in analysis.findings)
    info = run_info(analysis)
    return [
        RuleEntry(
            id=rule.id,
            title=rule.title,
            severity=rule.severity.value,
            subject_type=rule.subject_type,
            description=rule.description,
            rationale=rule.rationale,
            remediation=rule.remediation,
            requirements=requirements_of(rule.frameworks),
            open=counts[(rule.id, "open")],
            exempted=counts[(rule.id, "exempted")],
            needs=sorted(rule.needs),
            evaluated=rule_evaluated(rule, info),
        )
        for rule in sorted(REGISTRY.values(), key=lambda r: r.id)
    ]
