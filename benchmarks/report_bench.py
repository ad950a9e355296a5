"""report.html benchmark: a report of 100,000 findings, its size, load time and search time.

Analyses a synthetic account (`--agents` active agents, which yields about 1.3 findings
each) and widens its findings to `--findings` by repeating them over made-up agents,
with every number in each detail shifted per copy, so the details vary as a real
account's would (last-login dates, day counts, IDs) rather than repeating verbatim.
Analysing 75,000 agents to get there directly would measure the analysis, not the report.

Then, in headless Chromium (/usr/bin/chromium), `--repeat` times, each in a fresh page:
- the load event (navigation start to loadEventEnd);
- a search for one agent's email address typed right after load (cold: the search
  index is built then, if the page has not built it yet) and once more a second later
  (warm), each from the input event to the next painted frame.

Prints min and median of each and the file size against the targets (load < 2 s, search
< 200 ms, file <= 25 MB), and exits 1 with `--check-targets` when one is missed.

    .venv/bin/python -m benchmarks.report_bench
    .venv/bin/python -m benchmarks.report_bench --findings 20000 --repeat 1
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from auditor.analysis import Analysis, analyze
from auditor.report.html import render_html
from auditor.rules.base import Finding, Subject
from benchmarks.synthetic_account import AccountSize, write_synthetic_account

CHROMIUM = "/usr/bin/chromium"
LOAD_TARGET_S = 2.0
SEARCH_TARGET_MS = 200.0
SIZE_TARGET_MB = 25.0
_NUMBER = re.compile(r"\d+")
# In the page: type `term` into the search box, resolve with the ms until the next frame.
_SEARCH = """term => new Promise(done => {
  const box = document.getElementById('filter-search');
  const start = performance.now();
  box.value = term;
  box.dispatchEvent(new Event('input'));
  requestAnimationFrame(() => setTimeout(() => done([performance.now() - start,
    document.querySelectorAll('#findings-table tbody tr').length]), 0));
})"""
_LOAD = "() => performance.getEntriesByType('navigation')[0].loadEventEnd"


def widened(analysis: Analysis, count: int) -> Analysis:
    """The analysis with `count` findings: its own, then copies over made-up agents."""
    own = analysis.findings
    findings = list(own[:count])
    copy = 1
    while len(findings) < count:
        for finding in own[: count - len(findings)]:
            findings.append(_copy(finding, copy))
        copy += 1
    return replace(analysis, findings=findings)


def _copy(finding: Finding, copy: int) -> Finding:
    subject = finding.subject
    shifted = Subject(
        subject.type,
        f"{subject.id}{copy:03d}",
        f"{subject.name} {copy:03d}",
        f"c{copy:03d}.{subject.email}" if subject.email else "",
    )
    detail = _NUMBER.sub(lambda m: str(int(m.group()) + copy), finding.detail)
    entitlement = f"{finding.entitlement}#{copy}" if finding.entitlement else ""
    return replace(finding, subject=shifted, detail=detail, entitlement=entitlement)


def build_report(directory: Path, agents: int, findings: int) -> tuple[Path, Analysis, float]:
    size = AccountSize(
        agents=agents,
        inactive=agents // 10,
        groups=50,
        ungrouped=agents // 50,
        contacts=200,
        companies=20,
    )
    snapshot = write_synthetic_account(directory / "snapshot", size)
    analysis = widened(analyze(snapshot), findings)
    started = time.perf_counter()
    page = render_html(analysis)
    rendered = time.perf_counter() - started
    report = directory / "report.html"
    report.write_text(page, encoding="utf-8")
    return report, analysis, rendered


def measure(report: Path, term: str, repeat: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {"load_s": [], "cold_search_ms": [], "warm_search_ms": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--headless=new", "--disable-gpu"]
        )
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            page.on("request", lambda request, seen=requests: seen.append(request.url))
            page.goto(report.resolve().as_uri(), wait_until="load", timeout=300_000)
            figures["load_s"].append(page.evaluate(_LOAD) / 1000)
            cold, rows = page.evaluate(_SEARCH, term)
            page.wait_for_timeout(1000)
            page.evaluate(_SEARCH, "")
            warm, _ = page.evaluate(_SEARCH, term)
            figures["cold_search_ms"].append(cold)
            figures["warm_search_ms"].append(warm)
            if requests != [report.resolve().as_uri()] or rows < 1:
                raise SystemExit(f"unexpected: requests {requests[:3]}, {rows} rows found")
            page.close()
        browser.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agents", type=int, default=5000)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check-targets", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        report, analysis, rendered = build_report(Path(temporary), args.agents, args.findings)
        megabytes = report.stat().st_size / 1e6
        # One agent's findings among all of them, found by its address.
        target = next(f.subject for f in reversed(analysis.findings) if f.subject.email)
        figures = measure(report, target.email, args.repeat)
    load1 = os.getloadavg()[0]
    print(f"findings: {len(analysis.findings)}  file: {megabytes:.1f} MB  render: {rendered:.1f} s")
    print(f"machine: {os.cpu_count()} cores, load average {load1:.1f}")
    targets = {"load_s": LOAD_TARGET_S, "cold_search_ms": None, "warm_search_ms": None}
    missed = megabytes > SIZE_TARGET_MB
    for name, values in figures.items():
        low, middle = min(values), statistics.median(values)
        limit = targets[name] if name == "load_s" else SEARCH_TARGET_MS
        ok = middle < limit if limit is not None else True
        missed |= not ok
        print(f"{name}: min {low:.3f}  median {middle:.3f}  (target < {limit})")
    return 1 if args.check_targets and missed else 0


if __name__ == "__main__":
    sys.exit(main())
