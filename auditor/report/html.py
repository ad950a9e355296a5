"""`report.html`: one self-contained page, every value escaped by jinja2's autoescape."""

from collections import Counter

import jinja2

from auditor import __version__
from auditor.analysis import Analysis
from auditor.report.tables import agent_rows, finding_rows
from auditor.rules import REGISTRY
from auditor.timestamps import format_timestamp


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("auditor", "report/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(analysis: Analysis) -> str:
    account = analysis.account
    manifest = account.manifest
    findings = finding_rows(analysis)
    agents = agent_rows(analysis)
    rules_found = sorted({f.rule_id for f in analysis.findings})
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            tool_version=__version__,
            domain=account.domain,
            source=manifest.source.base_url,
            collected_at=format_timestamp(manifest.collected_at),
            as_of=format_timestamp(analysis.as_of),
            snapshot_sha256=account.manifest_sha256,
            incomplete=manifest.incomplete_collections,
            findings=findings,
            agents=agents,
            by_severity=Counter(f["severity"] for f in findings),
            by_state=Counter(a["state"] for a in agents),
            rules=[REGISTRY[rule_id] for rule_id in rules_found],
        )
    )
