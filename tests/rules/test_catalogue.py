"""`auditor rules` and docs/rules.md: one catalogue, generated from the rules' metadata."""

from pathlib import Path

from auditor.rules import REGISTRY
from auditor.rules.catalogue import REGENERATE, catalogue_markdown, catalogue_text
from auditor.rules.frameworks import coverage
from tests.rules.invoke import run_auditor

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    committed = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert committed == catalogue_markdown(REGISTRY), (
        f"docs/rules.md is stale: regenerate it with `{REGENERATE}` and commit the result"
    )


def test_auditor_rules_prints_every_rule_with_severity_title_and_frameworks() -> None:
    outcome = run_auditor("rules")
    assert outcome.code == 0
    assert outcome.out == catalogue_text(REGISTRY)
    lines = outcome.out.splitlines()
    assert lines[0].split() == ["ID", "SEVERITY", "SUBJECT", "TITLE", "/", "FRAMEWORKS"]
    stale = lines.index(next(line for line in lines if line.startswith("FD-STALE-002 ")))
    assert lines[stale].split()[:3] == ["FD-STALE-002", "medium", "agent"]
    assert "Dormant agent: not seen for longer than the dormancy threshold" in lines[stale]
    assert lines[stale + 1].strip() == (
        "SOC 2 CC6.2; ISO 27001:2022 A.5.18; CIS Controls v8 5.3; NIST SP 800-53 AC-2(3)"
    )
    listed = {line.split()[0] for line in lines[1::2]}
    assert listed == set(REGISTRY)


def test_auditor_rules_markdown_is_the_docs_page() -> None:
    outcome = run_auditor("rules", "--markdown")
    assert outcome.code == 0
    assert outcome.out == catalogue_markdown(REGISTRY)


def test_markdown_documents_a_rule_with_its_fix_and_frameworks() -> None:
    text = catalogue_markdown(REGISTRY)
    section = text.split("## FD-BROAD-004: ")[1].split("\n## ")[0]
    assert "Default severity **high**; subject: agent; needs: the snapshot only." in section
    assert "**What it finds.** An active agent holding a privileged role" in section
    assert "1. In Freshdesk go to Admin > Team > Agents and open the agent." in section
    assert "- ISO 27001:2022 A.8.2: Privileged access rights" in section
    assert "needs: --baseline." in text.split("## FD-DRIFT-001: ")[1]


def test_coverage_lists_for_each_requirement_the_rules_that_test_it() -> None:
    table = {item.requirement.key: item.rule_ids for item in coverage(REGISTRY.values())}
    assert table["CIS Controls v8 5.3"] == ("FD-STALE-002",)
    assert {"FD-BROAD-001", "FD-BROAD-002"} <= set(table["ISO 27001:2022 A.8.2"])
    assert {"FD-BROAD-005", "FD-HYG-003"} <= set(table["NIST SP 800-53 IA-4"])
    named = {key for rule in REGISTRY.values() for key in rule.frameworks}
    assert set(table) == named
    assert "| CIS Controls v8 5.3 | Disable Dormant Accounts | FD-STALE-002 |" in (
        catalogue_markdown(REGISTRY)
    )
