"""`report.html` as text: self-contained, escaped, every section present, banner when incomplete."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import Analysis, analyze
from auditor.report import html as html_module
from auditor.report.html import render_html, script_source_hash
from auditor.report.sections import SECTIONS, Section
from auditor.report.sections import findings as findings_section
from auditor.report.sections.findings_data import script_json
from tests.builders import write_account
from tests.report.conftest import (
    CONTACT_NAME,
    GROUP_NAME,
    HYPERLINK,
    IMG,
    ROLE_NAME,
    SCRIPT,
)

SECTION_IDS = [
    "summary",
    "findings",
    "privileged",
    "matrix",
    "identity",
    "rules",
    "coverage",
    "exemptions",
    "methodology",
    "signoff",
]


@pytest.fixture
def page(hostile_analysis: Analysis) -> str:
    return render_html(hostile_analysis)


def test_every_section_is_present_in_order_and_listed_in_the_contents(page: str) -> None:
    assert re.findall(r'<section id="([a-z]+)"', page) == SECTION_IDS
    assert re.findall(r'<li><a href="#([a-z]+)">', page) == SECTION_IDS


def test_nothing_is_loaded_from_anywhere(page: str) -> None:
    assert re.findall(r"<(?:link|script|img|iframe|object|embed)\b[^>]*>", page) == [
        '<link rel="icon" href="data:,">',
        '<script type="application/json" id="findings-data">',
        "<script>",
    ]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page
    assert "url(" not in page


def test_the_only_script_is_the_one_the_content_security_policy_allows(page: str) -> None:
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert len(scripts) == 1
    # The other script element is data, which no browser runs.
    assert re.findall(r"<script([^>]*)>", page) == [
        ' type="application/json" id="findings-data"',
        "",
    ]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert f"script-src '{script_source_hash(scripts[0])}'" in policy.group(1)
    assert "default-src 'none'" in policy.group(1)


@pytest.mark.parametrize("name", [IMG, SCRIPT, ROLE_NAME, GROUP_NAME, CONTACT_NAME])
def test_hostile_names_are_escaped_everywhere(page: str, name: str) -> None:
    assert name not in page
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in page or escaped.replace('"', "&#34;") in page


def test_a_formula_name_is_shown_as_written(page: str) -> None:
    # In HTML a formula is inert text: shown exactly, quotes escaped, never prefixed.
    assert HYPERLINK.replace('"', "&#34;").replace("&A1", "&amp;A1") in page


def test_provenance_is_in_the_header(page: str, hostile_analysis: Analysis) -> None:
    header = page.split("</header>")[0]
    for text in (
        "acme",
        "https://acme.freshdesk.com/api/v2",
        "2026-09-30T12:00:00Z",
        "not recorded",
        hostile_analysis.account.manifest_sha256,
        hostile_analysis.policy.sha256,
        "freshdesk-access-auditor 0.1.0",
    ):
        assert text in header, text
    assert 'class="banner"' not in page


def test_an_incomplete_snapshot_gets_a_banner_naming_the_collections(tmp_path: Path) -> None:
    snapshot = write_account(
        tmp_path / "snapshot",
        statuses={"groups": "partial", "contacts": "denied"},
        notes={"groups": "stopped after page 3 of 5", "contacts": "HTTP 403 <forbidden>"},
    )
    page = render_html(analyze(snapshot))
    banner = page.split('<div class="banner" role="alert">')[1].split("</div>")[0]
    assert "Incomplete evidence" in banner
    assert "<strong>contacts</strong>: denied (0 records). HTTP 403 &lt;forbidden&gt;" in banner
    assert "<strong>groups</strong>: partial (0 records). stopped after page 3 of 5" in banner


def embedded_findings(page: str) -> dict[str, Any]:
    block = re.search(
        r'<script type="application/json" id="findings-data">(.*?)</script>', page, re.DOTALL
    )
    assert block is not None
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def test_findings_are_embedded_once_with_what_the_filters_match_on(
    page: str, hostile_analysis: Analysis
) -> None:
    data = embedded_findings(page)
    fields = data["fields"]
    rows = [dict(zip(fields, row, strict=True)) for row in data["findings"]]
    assert [
        (
            r["finding_id"],
            data["severities"][r["severity"]],
            data["rules"][r["rule"]][0],
            data["statuses"][r["status"]],
        )
        for r in rows
    ] == [(f.finding_id, f.severity.value, f.rule_id, f.status) for f in hostile_analysis.findings]
    clauses = data["clauses"]
    for row, finding in zip(rows, hostile_analysis.findings, strict=True):
        parts = [row["detail"]] if isinstance(row["detail"], int) else row["detail"]
        assert "".join(clauses[i] for i in parts) == finding.detail
        assert row["subject_name"] == finding.subject.name
    # Each finding's ID appears once in the table's data and once in the printable list.
    first = hostile_analysis.findings[0].finding_id
    assert page.count(f'["{first}",') == 1
    assert page.count(f'<li id="{first}">') == 1
    # The controls are hidden until the script shows them: without it they would do nothing.
    assert '<div class="controls" id="findings-controls" hidden>' in page
    assert '<div id="findings-app" hidden>' in page


def test_the_embedded_json_cannot_end_its_script_element() -> None:
    hostile = "</script><img src=x onerror=alert(1)><!-- &amp; \u2028 \u2029"
    text = str(script_json({"name": hostile, "other": "<!-- <\\/script> -->"}))
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert "\u2028" not in text.replace("\\u2028", "")
    assert json.loads(text) == {"name": hostile, "other": "<!-- <\\/script> -->"}


def test_above_the_list_limit_findings_are_only_in_the_json(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(findings_section, "LIST_LIMIT", 2)
    page = render_html(hostile_analysis)
    assert '<ol class="findings-list" id="findings-list" data-complete="false">\n</ol>' in page
    assert f"holds {len(hostile_analysis.findings)} findings, more than the 2" in page
    assert len(embedded_findings(page)["findings"]) == len(hostile_analysis.findings)


def test_a_section_without_data_is_left_out(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    absent = Section("changes", "Changes since the baseline", "sections/signoff.html.j2", _none)
    monkeypatch.setattr(html_module, "SECTIONS", (absent, *SECTIONS))
    page = render_html(hostile_analysis)
    assert 'id="changes"' not in page
    assert "Changes since the baseline" not in page
    assert re.findall(r'<section id="([a-z]+)"', page) == SECTION_IDS


def _none(analysis: Analysis) -> None:
    return None
