"""The rule catalogue as text and as Markdown, from the registry's metadata alone.

`auditor rules` prints `catalogue_text()`; `docs/rules.md` is `catalogue_markdown()`
(regenerate it with `auditor rules --markdown > docs/rules.md`), so the documentation
can never say something the rules do not.
"""

from collections.abc import Iterable, Mapping

from auditor.rules.base import Rule
from auditor.rules.frameworks import FRAMEWORKS, coverage, requirements_of
from auditor.rules.ordering import rule_order

REGENERATE = "auditor rules --markdown > docs/rules.md"


def catalogue_order(rules: Iterable[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda rule: rule_order(rule.id))


def compact_frameworks(keys: Iterable[str]) -> str:
    """`SOC 2 CC6.2, CC6.3; NIST SP 800-53 AC-2`: one entry per framework."""
    by_framework: dict[str, list[str]] = {}
    for requirement in requirements_of(keys):
        by_framework.setdefault(requirement.framework, []).append(requirement.control)
    ordered = sorted(by_framework, key=lambda f: FRAMEWORKS.index(f) if f in FRAMEWORKS else 99)
    return "; ".join(f"{f} {', '.join(by_framework[f])}" for f in ordered)


def input_options(rule: Rule) -> str:
    """The command-line options that supply what the rule needs (`--baseline`)."""
    return ", ".join(f"--{need.replace('_', '-')}" for need in sorted(rule.needs))


def catalogue_text(registry: Mapping[str, Rule]) -> str:
    """One line per rule (ID, default severity, subject, title) and its frameworks below."""
    rules = catalogue_order(registry.values())
    width = max((len(rule.id) for rule in rules), default=0)
    lines = [f"{'ID':<{width}}  {'SEVERITY':<8}  {'SUBJECT':<7}  TITLE / FRAMEWORKS"]
    for rule in rules:
        needs = f"  [needs {input_options(rule)}]" if rule.needs else ""
        lines.append(
            f"{rule.id:<{width}}  {rule.severity.value:<8}  {rule.subject_type:<7}  "
            f"{rule.title}{needs}"
        )
        lines.append(f"{'':<{width}}  {compact_frameworks(rule.frameworks)}")
    return "\n".join(lines) + "\n"


def catalogue_markdown(registry: Mapping[str, Rule]) -> str:
    """The whole of `docs/rules.md`."""
    rules = catalogue_order(registry.values())
    parts = [
        "# Rule catalogue",
        "",
        f"<!-- Generated from the rule metadata in auditor/rules/ by `{REGENERATE}`. "
        "Do not edit by hand: a test fails when this file is stale. -->",
        "",
        "Each rule is a pure function of the snapshot, the policy and `as_of`. A finding's "
        "severity is the rule's default unless the rule's description says when it rises. "
        "Rules that need an input beyond the snapshot run only when the option is given.",
        "",
        "| ID | severity | subject | title | needs |",
        "|---|---|---|---|---|",
        *(
            f"| [{rule.id}](#{_anchor(rule)}) | {rule.severity.value} | {rule.subject_type} | "
            f"{_cell(rule.title)} | {input_options(rule) or 'snapshot only'} |"
            for rule in rules
        ),
        "",
    ]
    for rule in rules:
        parts += _rule_section(rule)
    parts += _coverage_section(rules)
    return "\n".join(parts).rstrip("\n") + "\n"


def _rule_section(rule: Rule) -> list[str]:
    needs = input_options(rule) or "the snapshot only"
    return [
        f"## {rule.id}: {rule.title}",
        "",
        f"Default severity **{rule.severity.value}**; subject: {rule.subject_type}; "
        f"needs: {needs}.",
        "",
        f"**What it finds.** {rule.description}",
        "",
        f"**Why it matters.** {rule.rationale}",
        "",
        "**How to fix it in Freshdesk.**",
        "",
        *(f"{n}. {step}" for n, step in enumerate(rule.remediation, 1)),
        "",
        "**Frameworks.**",
        "",
        *(f"- {r.key}: {r.title}" for r in requirements_of(rule.frameworks)),
        "",
    ]


def _coverage_section(rules: list[Rule]) -> list[str]:
    lines = [
        "## Framework coverage",
        "",
        "For each requirement a rule names, the rules whose findings are evidence for it.",
        "",
        "| requirement | title | rules |",
        "|---|---|---|",
    ]
    for item in coverage(rules):
        requirement = item.requirement
        lines.append(
            f"| {requirement.key} | {_cell(requirement.title)} | {', '.join(item.rule_ids)} |"
        )
    return [*lines, ""]


def _anchor(rule: Rule) -> str:
    """GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens."""
    heading = f"{rule.id}: {rule.title}".lower()
    kept = "".join(c for c in heading if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
