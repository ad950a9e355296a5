"""Every finding as one compact JSON block, the data the findings table draws from.

The page embeds the findings once, as `<script type="application/json">` (which the
browser never runs), instead of one table row each: 100,000 rows of markup made a
165 MB page that took minutes to open. Each finding is a short array; rules, severities,
statuses and subject types are indexes into lists given once, and a detail is a list of
indexes into a table of its clauses (details repeat clauses such as "Global scope; "
across thousands of agents: sections/detail_clauses.py), so the block stays a small
fraction of the old page.

The text is made safe for an HTML `<script>` element: `<`, `>` and `&` are written as
JSON `\\u` escapes, so no name can close the element or open a comment, and U+2028/9
too, which some parsers treat as line ends. Control characters are removed, as on the
rest of the page.
"""

import json
from collections.abc import Mapping
from operator import attrgetter
from typing import Any

import orjson
from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.report.sections.detail_clauses import detail_indexes
from auditor.report.visible_text import visible, visible_column
from auditor.rules.base import Finding, Severity
from auditor.rules.frameworks import requirements_of

SEVERITIES = tuple(s.value for s in sorted(Severity, key=lambda s: -s.rank))
STATUSES = ("open", "exempted")
# The positions of a finding's fields in its array; report.js reads them by these numbers.
FIELDS = (
    "finding_id",
    "rule",
    "severity",
    "status",
    "subject_type",
    "subject_id",
    "subject_name",
    "subject_email",
    "detail",
    "entitlement",
    "exemption",
    "exemption_note",
)
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def findings_payload(analysis: Analysis) -> dict[str, object]:
    """The findings in reading order (most severe first), as report.js expects them.

    Built a column at a time: each field read by a C loop (`attrgetter`), named by an
    index by another and made visible by one check of the whole column, the rows then
    paired by `zip` (tuples, which JSON writes as arrays), rather than a dozen Python
    steps per finding.
    """
    findings = analysis.findings

    def column(path: str) -> list[Any]:
        """The field at `path` (`subject.name`) of every finding, read by a C loop."""
        return list(map(attrgetter(path), findings))

    def indexes(values: list[Any], index: Mapping[Any, int]) -> list[int]:
        return list(map(index.__getitem__, values))

    rule_ids = column("rule.id")
    rules = sorted(dict(zip(rule_ids, column("rule"), strict=True)).values(), key=lambda r: r.id)
    # Distinct strings, each named by its index: the order a dict keeps is the index order.
    types = column("subject.type")
    subject_types = {kind: i for i, kind in enumerate(dict.fromkeys(types))}
    clauses: dict[str, int] = {}
    columns = (
        [f.finding_id for f in findings],
        indexes(rule_ids, {rule.id: i for i, rule in enumerate(rules)}),
        # Keyed by value: a `Severity` is a `str` and finds its value's entry.
        indexes(column("severity"), {severity: i for i, severity in enumerate(SEVERITIES)}),
        indexes(column("status"), {status: i for i, status in enumerate(STATUSES)}),
        indexes(types, subject_types),
        visible_column(column("subject.id")),
        visible_column(column("subject.name")),
        visible_column(column("subject.email")),
        detail_indexes(visible_column(column("detail")), clauses),
        visible_column(column("entitlement")),
        visible_column([_exempted(f) for f in findings]),
        visible_column(column("exemption_note")),
    )
    return {
        "fields": list(FIELDS),
        "severities": list(SEVERITIES),
        "statuses": list(STATUSES),
        "subject_types": list(subject_types),
        "rules": [
            [
                rule.id,
                visible(rule.title),
                [r.key for r in requirements_of(rule.frameworks)],
            ]
            for rule in rules
        ],
        "clauses": list(clauses),
        "findings": list(zip(*columns, strict=True)),
    }


def _exempted(finding: Finding) -> str:
    """The exemption that accepts an exempted finding, in words; empty for any other."""
    exemption = finding.exemption
    if finding.status != "exempted" or exemption is None:
        return ""
    return (
        f"Exempted until {exemption.expires.isoformat()} by {exemption.approved_by}: "
        f"{exemption.reason}"
    )


def script_json(payload: object) -> Markup:
    """JSON that cannot end its `<script>` element or start markup, whatever the names say."""
    return Markup(_script_safe(_compact_json(payload)))  # noqa: S704 - no <, > or & is left in it


def _compact_json(payload: object) -> str:
    """`json.dumps(payload, ensure_ascii=False, separators=(",", ":"))`, through orjson.

    orjson writes the same text (UTF-8 kept, the same escapes for quotes, backslashes
    and control characters; a test compares the two on hostile text) about ten times
    faster. What orjson refuses (an unpaired surrogate, an integer beyond 64 bits) goes
    to `json.dumps`, so the page is what it was before either way.
    """
    try:
        return orjson.dumps(payload).decode()
    except orjson.JSONEncodeError:
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _script_safe(text: str) -> str:
    """`text` with `<`, `>`, `&`, U+2028 and U+2029 written as JSON `\\u` escapes.

    Only inside JSON strings can these occur, where the escape means the same character.
    One `str.replace` per character: each is a C loop over the text, where a regular
    expression's callback ran once per match.
    """
    for character, escape in _UNSAFE.items():
        text = text.replace(character, escape)
    return text
