"""`report.html` in a real browser: headless Chromium, driven by Playwright, fully offline.

The page must load without a console error and without a single network request, its
filters must change what is visible, hostile names must stay text (no dialog, no
injected element), and it must print to a multi-page PDF. Screenshots and PDFs are kept
under `test-artifacts/` for a person to look at.

Skipped with a reason when /usr/bin/chromium is missing, unless AUDITOR_REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser fails the run instead.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from auditor.analysis import Analysis, analyze
from auditor.report.bundle import write_bundle
from auditor.report.html import render_html
from auditor.report.sections import findings as findings_section
from auditor.rules.base import Subject
from auditor.sample import SAMPLE_DATA
from tests.report.conftest import CONTACT_NAME, HYPERLINK, IMG, ROLE_NAME, SCRIPT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SAMPLE = SAMPLE_DATA

if not CHROMIUM.exists():
    if os.environ.get("AUDITOR_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"{CHROMIUM} is missing but AUDITOR_REQUIRE_BROWSER=1: install Debian's chromium",
            pytrace=False,
        )
    pytest.skip(
        f"browser tests need {CHROMIUM} (apt-get install chromium)", allow_module_level=True
    )

from playwright.sync_api import BrowserContext, Page, sync_playwright  # noqa: E402


@dataclass
class Visit:
    """A page and everything it did while loading and being used."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def visible_finding_ids(self) -> set[str]:
        ids: list[str] = self.page.eval_on_selector_all(
            "#findings-table tbody tr",
            "rows => rows.filter(r => !r.hidden).map(r => r.dataset.findingId)",
        )
        return set(ids)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


def open_report(context: BrowserContext, report: Path) -> Visit:
    page = context.new_page()
    visit = Visit(page, report.resolve().as_uri())
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on(
        "console",
        lambda message: visit.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: visit.errors.append(str(error)))

    def record_dialog(dialog: object) -> None:
        visit.dialogs.append(str(getattr(dialog, "message", "")))
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", record_dialog)
    page.goto(visit.url, wait_until="load")
    page.wait_for_timeout(200)  # let an injected handler (onerror, onload) fire if it could
    return visit


@pytest.fixture
def visit(browser: BrowserContext, hostile_bundle: Path) -> Iterator[Visit]:
    opened = open_report(browser, hostile_bundle / "report.html")
    yield opened
    opened.page.close()


# Every finding ID the page's embedded data holds, in order.
FINDING_IDS = (
    "() => JSON.parse(document.getElementById('findings-data').textContent)"
    ".findings.map(row => row[0])"
)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_page_loads_offline_without_errors_or_requests(visit: Visit) -> None:
    assert visit.requests == [visit.url]
    assert visit.errors == []
    assert visit.page.title() == "Freshdesk access review: acme as of 2026-09-30T12:00:00Z"
    assert visit.page.locator("#findings-controls").is_visible()


def test_hostile_names_render_as_text_and_inject_nothing(visit: Visit) -> None:
    page = visit.page
    assert visit.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    assert page.locator('script:not([type="application/json"])').count() == 1
    assert page.locator("svg[onload], [onerror], b").count() == 0
    names = set(
        page.eval_on_selector_all(".subject .name", "cells => cells.map(c => c.textContent)")
    )
    assert {IMG, SCRIPT, HYPERLINK, CONTACT_NAME, ROLE_NAME} <= names
    assert page.evaluate("typeof window.alert") == "function"


def test_severity_rule_and_status_filters_change_the_visible_rows(
    visit: Visit, hostile_analysis: Analysis
) -> None:
    page = visit.page
    every = {f.finding_id for f in hostile_analysis.findings}
    assert visit.visible_finding_ids() == every

    page.select_option("#filter-severity", "medium")
    medium = {f.finding_id for f in hostile_analysis.findings if f.severity.value == "medium"}
    assert visit.visible_finding_ids() == medium
    assert page.inner_text("#findings-count") == f"Showing {len(medium)} of {len(every)} findings"

    page.select_option("#filter-status", "exempted")
    exempted = {f.finding_id for f in hostile_analysis.findings if f.status == "exempted"}
    assert visit.visible_finding_ids() == medium & exempted

    page.click("#filter-reset")
    page.select_option("#filter-rule", "FD-HYG-005")
    role_finding = {f.finding_id for f in hostile_analysis.findings if f.rule_id == "FD-HYG-005"}
    assert visit.visible_finding_ids() == role_finding

    page.click("#filter-reset")
    assert visit.visible_finding_ids() == every
    assert page.inner_text("#findings-count") == f"Showing all {len(every)} findings"


def test_search_matches_names_emails_and_ids(visit: Visit, hostile_analysis: Analysis) -> None:
    page = visit.page
    by_agent = {f.subject.key: f.finding_id for f in hostile_analysis.findings}
    page.fill("#filter-search", "łukasiewicz")
    assert visit.visible_finding_ids() == {by_agent["agent:4"]}
    page.fill("#filter-search", "reseller.example")
    assert visit.visible_finding_ids() == {by_agent["contact:1"]}
    page.fill("#filter-search", by_agent["agent:7"])
    assert visit.visible_finding_ids() == {by_agent["agent:7"]}
    page.fill("#filter-search", "no such text anywhere")
    assert visit.visible_finding_ids() == set()
    assert page.locator("#findings-empty").is_visible()


def test_without_javascript_every_row_shows_and_the_controls_stay_hidden(
    browser: BrowserContext, hostile_bundle: Path, hostile_analysis: Analysis
) -> None:
    page = browser.new_page()
    try:
        cdp = browser.new_cdp_session(page)
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto((hostile_bundle / "report.html").resolve().as_uri())
        # The compact list stands in for the table the script would draw.
        items = page.locator("#findings-list li")
        assert items.count() == len(hostile_analysis.findings)
        assert all(items.nth(i).is_visible() for i in range(items.count()))
        ids = page.eval_on_selector_all("#findings-list li", "items => items.map(i => i.id)")
        assert ids == [f.finding_id for f in hostile_analysis.findings]
        assert not page.locator("#findings-controls").is_visible()
        assert not page.locator("#findings-table").is_visible()
    finally:
        page.close()


def test_screenshot_and_a_multi_page_pdf(visit: Visit) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "report-hostile.png"), full_page=True)
    page = visit.page
    page.select_option("#filter-severity", "high")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1000})  # A4 portrait less the margins
    # On paper every finding shows, whatever the filters say, and the controls do not.
    items = page.locator("#findings-list li")
    assert items.count() == len(visit.page.evaluate(FINDING_IDS))
    assert all(items.nth(i).is_visible() for i in range(items.count()))
    assert not page.locator("#findings-controls").is_visible()
    assert not page.locator("#findings-table").is_visible()
    # The rule catalogue comes last on paper, an appendix after the sign-off.
    tops = page.evaluate(
        "() => Array.from(document.querySelectorAll('main > section'))"
        ".sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)"
        ".map(s => s.id)"
    )
    assert tops[-1] == "rules"
    assert tops[:2] == ["summary", "findings"]
    wide = page.evaluate(
        "() => Array.from(document.querySelectorAll('main > section:not(.landscape)'))"
        ".filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.id)"
    )
    assert wide == []  # nothing on a portrait page is wider than the page
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / "report-hostile.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) >= 5


def test_the_sample_account_renders_offline(browser: BrowserContext, tmp_path: Path) -> None:
    snapshot = SAMPLE / "snapshot"
    if not (snapshot / "manifest.json").is_file():
        pytest.skip("auditor/sample/snapshot has not been generated")

    def given(name: str) -> Path | None:
        return SAMPLE / name if (SAMPLE / name).exists() else None

    # With every quarterly input the sample has, so their sections render in the browser too.
    analysis = analyze(
        snapshot,
        policy_path=given("policy.toml"),
        baseline_path=given("baseline"),
        roster_path=given("roster.csv"),
        previous_review_path=given("previous_review.csv"),
    )
    write_bundle(analysis, tmp_path / "sample")
    visit = open_report(browser, tmp_path / "sample" / "report.html")
    try:
        assert visit.requests == [visit.url]
        assert visit.errors == []
        assert visit.dialogs == []
        assert visit.page.locator("img").count() == 0
        assert visit.page.locator('script:not([type="application/json"])').count() == 1
        assert visit.visible_finding_ids() == {f.finding_id for f in analysis.findings}
        rows = visit.page.locator("#access-matrix tbody tr").count()
        assert rows == len(analysis.account.agents)
        ARTIFACTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / "report-sample.png"), full_page=True)
        pdf = visit.page.pdf(prefer_css_page_size=True, print_background=True)
        (ARTIFACTS / "report-sample.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) > 1
    finally:
        visit.page.close()


def test_search_ignores_accents_and_finds_a_rule_by_its_control(
    visit: Visit, hostile_analysis: Analysis
) -> None:
    page = visit.page
    by_agent = {f.subject.key: f.finding_id for f in hostile_analysis.findings}
    page.fill("#filter-search", "zoe angstrom")  # the name is Zoë Ångström-Łukasiewicz
    assert visit.visible_finding_ids() == {by_agent["agent:4"]}
    under_cc62 = {
        f.finding_id for f in hostile_analysis.findings if "SOC 2 CC6.2" in f.rule.frameworks
    }
    assert under_cc62
    assert under_cc62 != {f.finding_id for f in hostile_analysis.findings}
    page.fill("#filter-search", "CC6.2")
    assert visit.visible_finding_ids() == under_cc62
    page.fill("#filter-search", "")
    page.select_option("#filter-control", "SOC 2 CC6.2")
    assert visit.visible_finding_ids() == under_cc62


def test_filters_are_kept_in_the_url_and_restored_on_load(
    browser: BrowserContext, visit: Visit, hostile_analysis: Analysis
) -> None:
    visit.page.select_option("#filter-severity", "medium")
    visit.page.fill("#filter-search", "Zoë")
    query = visit.page.evaluate("location.search")
    assert "severity=medium" in query
    assert "q=Zo%C3%AB" in query
    medium = {f.finding_id for f in hostile_analysis.findings if f.severity.value == "medium"}
    reopened = browser.new_page()
    try:
        reopened.goto(visit.page.url)
        assert reopened.input_value("#filter-severity") == "medium"
        assert reopened.input_value("#filter-search") == "Zoë"
        ids = reopened.eval_on_selector_all(
            "#findings-table tbody tr", "rows => rows.map(r => r.dataset.findingId)"
        )
        by_agent = {f.subject.key: f.finding_id for f in hostile_analysis.findings}
        assert set(ids) == medium & {by_agent["agent:4"]}
    finally:
        reopened.close()


def test_a_bar_of_a_chart_filters_the_table_when_clicked(
    visit: Visit, hostile_analysis: Analysis
) -> None:
    page = visit.page
    page.click('#summary .chart-bar[data-filter-key="severity"][data-filter-value="medium"]')
    medium = {f.finding_id for f in hostile_analysis.findings if f.severity.value == "medium"}
    assert page.input_value("#filter-severity") == "medium"
    assert visit.visible_finding_ids() == medium
    page.click('#summary .chart-bar[data-filter-key="rule"][data-filter-value="FD-HYG-005"]')
    assert visit.visible_finding_ids() == medium & {
        f.finding_id for f in hostile_analysis.findings if f.rule_id == "FD-HYG-005"
    }
    page.click('#findings-by-rule button[data-filter-value="FD-HYG-005"]')  # clicked again: off
    assert visit.visible_finding_ids() == medium


def test_a_link_to_a_finding_shows_it_in_the_table(
    visit: Visit, hostile_analysis: Analysis
) -> None:
    target = hostile_analysis.findings[-1].finding_id
    visit.page.evaluate(f"location.hash = '#{target}'")
    visit.page.wait_for_function(
        "id => document.getElementById('filter-search').value === id", arg=target
    )
    assert visit.visible_finding_ids() == {target}


def test_the_findings_fit_a_phone_screen(visit: Visit) -> None:
    visit.page.set_viewport_size({"width": 390, "height": 844})
    # Lay out every section, also those the browser would skip until scrolled to.
    visit.page.evaluate(
        "document.querySelectorAll('main > section')"
        ".forEach(s => { s.style.contentVisibility = 'visible'; })"
    )
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    table = visit.page.evaluate(
        "() => { const t = document.getElementById('findings-table');"
        " return [t.scrollWidth, t.getBoundingClientRect().right]; }"
    )
    assert table[0] <= 390
    assert table[1] <= 390


def many_findings(analysis: Analysis, count: int) -> Analysis:
    """The analysis with `count` findings: its own (hostile names and all), then copies of
    them over made-up agents."""
    findings = list(analysis.findings)
    for index in range(len(findings), count):
        finding = analysis.findings[index % len(analysis.findings)]
        subject = Subject("agent", str(90_000 + index), f"Bulk Agent {index:04d}")
        subject = replace(subject, email=f"bulk{index:04d}@bulk.example")
        findings.append(replace(finding, subject=subject, entitlement=f"bulk:{index}"))
    return replace(analysis, findings=findings)


@pytest.fixture
def large_report(
    hostile_analysis: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Analysis]:
    # Above the list limit, as a report of 100,000 findings is: the data is only JSON.
    monkeypatch.setattr(findings_section, "LIST_LIMIT", 100)
    analysis = many_findings(hostile_analysis, 450)
    report = tmp_path / "report.html"
    report.write_text(render_html(analysis), encoding="utf-8")
    return report, analysis


def test_a_large_report_pages_and_finds_one_agent_among_all(
    browser: BrowserContext, large_report: tuple[Path, Analysis]
) -> None:
    report, analysis = large_report
    visit = open_report(browser, report)
    try:
        page = visit.page
        # Only the JSON carries the hostile names here, and they still arrive as text.
        page.fill("#filter-search", "onload")
        names = page.eval_on_selector_all(
            "#findings-table tbody .subject .name", "cells => cells.map(c => c.textContent)"
        )
        assert CONTACT_NAME in names  # <svg onload=alert(4)>
        page.fill("#filter-search", "alert(3)")
        details = page.eval_on_selector_all(
            "#findings-table tbody .detail", "cells => cells.map(c => c.textContent)"
        )
        assert details
        assert all(ROLE_NAME in detail for detail in details)  # </style><script>...</script>
        assert page.locator("svg[onload]").count() == 0
        assert page.locator("img, [onerror]").count() == 0
        assert page.locator('script:not([type="application/json"])').count() == 1
        assert visit.dialogs == []
        page.fill("#filter-search", "")
        assert visit.requests == [visit.url]
        assert visit.errors == []
        assert page.locator("#findings-table tbody tr").count() == 100  # one page, not 450
        assert page.inner_text("#page-info").startswith("Page 1 of 5")
        page.click("#page-next")
        second = [f.finding_id for f in analysis.findings[100:200]]
        assert (
            page.eval_on_selector_all(
                "#findings-table tbody tr", "rows => rows.map(r => r.dataset.findingId)"
            )
            == second
        )
        assert "page=2" in page.evaluate("location.search")
        page.fill("#filter-search", "bulk0321@bulk.example")
        assert visit.visible_finding_ids() == {analysis.findings[321].finding_id}
        page.fill("#filter-search", "")
        page.select_option("#findings-sort", "subject")
        names = page.eval_on_selector_all(
            "#findings-table tbody tr .name", "cells => cells.map(c => c.textContent)"
        )
        assert names == sorted(names, key=str.lower)
        assert "Bulk Agent 0100" in names
    finally:
        page.close()


def test_printing_a_large_report_lists_every_finding(
    browser: BrowserContext, large_report: tuple[Path, Analysis]
) -> None:
    report, analysis = large_report
    visit = open_report(browser, report)
    try:
        page = visit.page
        assert page.locator("#findings-list li").count() == 0  # not until it prints
        page.emulate_media(media="print")
        page.wait_for_function("document.getElementById('findings-list').dataset.complete")
        ids = page.eval_on_selector_all("#findings-list li", "items => items.map(i => i.id)")
        assert ids == [f.finding_id for f in analysis.findings]
        assert page.locator("#findings-list li").nth(449).is_visible()
        assert not page.locator("#findings-table").is_visible()
        pdf = page.pdf(prefer_css_page_size=True)
        assert pdf_pages(pdf) >= 5
    finally:
        page.close()
