"""The findings: counts by rule, and the data behind the table, its filters and its list.

The table itself is drawn by report.js from the embedded JSON, a page of rows at a time,
so it stays fast at 100,000 findings. A compact list of every finding is written into
the page as well while the report is small: it is what a reader without JavaScript sees
and what prints. Above `LIST_LIMIT` the script builds that list only when printing.
"""

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.report.agent_facts import SEVERITY_RANK
from auditor.report.sections.findings_data import findings_payload, script_json
from auditor.report.sections.findings_list import finding_items
from auditor.rules.base import Severity
from auditor.rules.frameworks import requirements_of

# Above this many findings the page carries them only once, as JSON.
LIST_LIMIT = 2000


@dataclass(frozen=True)
class RuleGroup:
    rule_id: str
    title: str
    severity: str
    open: int
    exempted: int
    controls: list[str]

    @property
    def total(self) -> int:
        return self.open + self.exempted


@dataclass(frozen=True)
class FindingsTable:
    total: int
    groups: list[RuleGroup]
    data: Markup
    # Every finding as an item of the printable list (findings_list.py), or empty above
    # LIST_LIMIT (the script builds the list when printing).
    items: Markup
    severities: list[str]
    rules: list[tuple[str, str]]
    statuses: list[str]
    controls: list[str]
    list_limit: int


def build_findings(analysis: Analysis) -> FindingsTable:
    findings = analysis.findings
    # One pass over the findings for every count the section shows, a C loop: `attrgetter`
    # of several fields gives each finding's tuple of them.
    tally = Counter(map(attrgetter("rule.id", "severity", "status"), findings))
    rules = dict(map(attrgetter("rule.id", "rule"), findings))
    counts: Counter[tuple[str, str]] = Counter()
    worst: dict[str, Severity] = {}
    for (rule_id, severity, status), count in tally.items():
        counts[(rule_id, status)] += count
        if rule_id not in worst or SEVERITY_RANK[severity] > SEVERITY_RANK[worst[rule_id]]:
            worst[rule_id] = severity
    present = {severity for _, severity, _ in tally}
    groups = [
        RuleGroup(
            rule_id=rule.id,
            title=rule.title,
            severity=worst[rule.id].value,
            open=counts[(rule.id, "open")],
            exempted=counts[(rule.id, "exempted")],
            controls=[r.key for r in requirements_of(rule.frameworks)],
        )
        for rule in rules.values()
    ]
    groups.sort(key=lambda g: (-Severity(g.severity).rank, -g.total, g.rule_id))
    return FindingsTable(
        total=len(findings),
        groups=groups,
        data=script_json(findings_payload(analysis)),
        items=finding_items(findings) if len(findings) <= LIST_LIMIT else Markup(),
        severities=[s.value for s in sorted(present, key=lambda s: -Severity(s).rank)],
        rules=sorted({(rule.id, rule.title) for rule in rules.values()}),
        statuses=[s for s in ("open", "exempted") if any(key[2] == s for key in tally)],
        controls=sorted({key for g in groups for key in g.controls}),
        list_limit=LIST_LIMIT,
    )
