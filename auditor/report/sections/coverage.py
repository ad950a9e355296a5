"""The framework coverage table: each control requirement, the rules that test it, the result.

A requirement whose rules did not run (they compare with an input the run was not given)
says so rather than showing zero findings, which would read as a passed control.
"""

from collections import Counter
from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.report.run_info import rule_evaluated, run_info
from auditor.rules import REGISTRY
from auditor.rules.frameworks import Requirement, coverage


@dataclass(frozen=True)
class CoverageRow:
    requirement: Requirement
    # (rule ID, whether it ran in this analysis), in the catalogue's order.
    rules: tuple[tuple[str, bool], ...]
    open: int
    exempted: int

    @property
    def evaluated(self) -> bool:
        return any(ran for _, ran in self.rules)


def build_coverage(analysis: Analysis) -> list[CoverageRow]:
    counts = Counter((f.rule_id, f.status) for f in analysis.findings)
    info = run_info(analysis)
    return [
        CoverageRow(
            requirement=entry.requirement,
            rules=tuple(
                (rule_id, rule_evaluated(REGISTRY[rule_id], info)) for rule_id in entry.rule_ids
            ),
            open=sum(counts[(rule_id, "open")] for rule_id in entry.rule_ids),
            exempted=sum(counts[(rule_id, "exempted")] for rule_id in entry.rule_ids),
        )
        for entry in coverage(REGISTRY.values())
    ]
