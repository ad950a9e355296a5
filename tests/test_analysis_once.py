"""Each result derived from the quarterly inputs is computed once per analysis, however many
rules and report sections read it."""

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from auditor.graph import changes
from auditor.graph.identity import IdentityGraph
from auditor.inputs import review, roster
from auditor.report.bundle import write_bundle
from tests.quarterly.test_sample import analyse_sample

DERIVED: dict[str, Callable[..., Any]] = {
    "compare": changes.compare,
    "match_roster": roster.match_roster,
    "check_review": review.check_review,
}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count every call of each derivation and graph build, from whichever module makes it."""
    counted: Counter[str] = Counter()

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return function(*args, **kwargs)

        return wrapper

    # Patch each module's own reference, so a module that imported the function by name
    # and calls it again is counted too.
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("auditor"):
            continue
        for name, function in DERIVED.items():
            if getattr(module, name, None) is function:
                monkeypatch.setattr(module, name, counting(name, function))
    build = IdentityGraph.__init__
    monkeypatch.setattr(IdentityGraph, "__init__", counting("IdentityGraph", build))
    return counted


def test_one_analysis_and_its_bundle_derive_each_result_once(
    calls: Counter[str], tmp_path: Path
) -> None:
    analysis = analyse_sample()
    write_bundle(analysis, tmp_path / "bundle")

    # The current graph and the baseline's, and one of each derived result.
    assert calls == {"IdentityGraph": 2, "compare": 1, "match_roster": 1, "check_review": 1}
    # What the rules read is what the report shows.
    assert analysis.changes is not None
    assert analysis.changes.agents
    assert analysis.roster is not None
    assert analysis.previous_review is not None
    assert {f.rule_id for f in analysis.findings} >= {
        "FD-DRIFT-001",
        "FD-DRIFT-004",
        "FD-STALE-004",
    }
