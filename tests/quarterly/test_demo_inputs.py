"""`auditor demo` runs the quarterly review: baseline, roster and previous review of the sample."""

import json
from pathlib import Path

from auditor.demo import run_demo
from tests.quarterly.test_sample import RULES, SAMPLE


def test_the_demo_finds_the_planted_drift_roster_and_remediation_cases(tmp_path: Path) -> None:
    result = run_demo(tmp_path / "demo", show_progress=False)
    planted = json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))
    expected = {(f["rule"], f["subject"]) for f in planted["findings"] if f["rule"] in RULES}
    found = {(f.rule_id, f.subject.key) for f in result.analysis.findings if f.rule_id in RULES}
    assert found == expected
    html = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    for section in ('id="changes"', 'id="roster"', 'id="previous-review"'):
        assert section in html
