"""The registry: every SPEC rule registered once, with complete metadata, tested and documented.

Rule tests declare what they cover with `@pytest.mark.rule_case("FD-...", "positive"|
"negative")`; this module reads those marks from the test sources (wherever they are)
so a rule without a positive and a negative test fails here, by name.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from auditor.rules import REGISTRY
from auditor.rules.base import Severity
from auditor.rules.frameworks import FRAMEWORKS, REQUIREMENTS, requirements_of
from auditor.rules.registry import rule

TESTS = Path(__file__).resolve().parents[1]
DOCS = TESTS.parent / "docs" / "rules.md"
SPEC_RULES = {
    *(f"FD-STALE-00{n}" for n in range(1, 5)),
    *(f"FD-BROAD-00{n}" for n in range(1, 8)),
    *(f"FD-HYG-00{n}" for n in range(1, 6)),
    *(f"FD-DRIFT-00{n}" for n in range(1, 5)),
    "FD-EVID-001",
    # Issue 15, SCIM (docs/spec-additions.md until SPEC's table lists them).
    "FD-STALE-005",
    "FD-HYG-006",
}
OPTIONAL_INPUTS = {"baseline", "roster", "previous_review", "scim_token_file"}


def rule_cases() -> dict[str, set[str]]:
    """Rule ID -> the kinds of case ("positive", "negative") some test declares for it."""
    cases: dict[str, set[str]] = defaultdict(set)
    for path in TESTS.rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr == "rule_case"
                    and len(decorator.args) == 2
                    and all(isinstance(a, ast.Constant) for a in decorator.args)
                ):
                    rule_id, kind = (a.value for a in decorator.args)  # type: ignore[attr-defined]
                    cases[rule_id].add(kind)
    return cases


def test_every_spec_rule_is_registered_and_nothing_else() -> None:
    assert set(REGISTRY) == SPEC_RULES


@pytest.mark.parametrize("rule_id", sorted(REGISTRY))
def test_rule_metadata_is_complete(rule_id: str) -> None:
    registered = REGISTRY[rule_id]
    assert re.fullmatch(r"FD-[A-Z]+-\d{3}", registered.id)
    assert registered.title
    assert not registered.title.endswith(".")
    assert isinstance(registered.severity, Severity)
    assert registered.subject_type in {"agent", "contact", "group", "role", "account"}
    assert len(registered.description.split()) >= 8, "the check's docstring documents the rule"
    assert len(registered.rationale.split(". ")) >= 2, "the rationale explains why, in sentences"
    assert len(registered.remediation) >= 2
    assert any(" > " in step for step in registered.remediation), (
        "a remediation step names the place in Freshdesk's UI (for example Admin > Team > Agents)"
    )
    assert registered.needs <= OPTIONAL_INPUTS
    frameworks = {r.framework for r in requirements_of(registered.frameworks)}
    assert frameworks == set(FRAMEWORKS), f"{rule_id} misses {set(FRAMEWORKS) - frameworks}"
    assert len(set(registered.frameworks)) == len(registered.frameworks)


def test_every_rule_has_a_positive_and_a_negative_test() -> None:
    cases = rule_cases()
    missing = {
        rule_id: sorted({"positive", "negative"} - cases.get(rule_id, set()))
        for rule_id in REGISTRY
        if {"positive", "negative"} - cases.get(rule_id, set())
    }
    assert not missing, (
        f"rules without a marked test case: {missing}; mark a test with "
        '@pytest.mark.rule_case("FD-...", "positive") (or "negative")'
    )
    unknown = set(cases) - set(REGISTRY)
    assert not unknown, f"rule_case marks name unregistered rules: {sorted(unknown)}"
    assert all(kinds <= {"positive", "negative"} for kinds in cases.values())


def test_every_rule_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    undocumented = [r.id for r in REGISTRY.values() if f"## {r.id}: {r.title}\n" not in text]
    assert not undocumented


def test_registration_refuses_a_duplicate_id_or_an_unknown_requirement() -> None:
    def check(context: object) -> list[object]:
        """A check that is never run."""
        return []

    metadata = {
        "title": "t",
        "severity": Severity.LOW,
        "subject": "agent",
        "rationale": "r",
        "remediation": ("s",),
    }
    with pytest.raises(ValueError, match="registered twice"):
        rule(id="FD-STALE-001", frameworks=(), **metadata)(check)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown framework requirements"):
        rule(id="FD-TEST-999", frameworks=("SOC 2 CC9.9",), **metadata)(check)  # type: ignore[arg-type]
    assert "FD-TEST-999" not in REGISTRY


def test_requirement_keys_are_framework_and_control() -> None:
    for key, requirement in REQUIREMENTS.items():
        assert key == f"{requirement.framework} {requirement.control}"
        assert requirement.framework in FRAMEWORKS
        assert requirement.title
