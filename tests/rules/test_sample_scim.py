"""The sample account's SCIM users: the SCIM rules find exactly the planted cases."""

import json
from typing import Any

from auditor.analysis import analyze
from auditor.sample import SAMPLE_DATA
from auditor.timestamps import parse_timestamp

SCIM_RULES = ("FD-STALE-005", "FD-HYG-006")


def test_the_planted_scim_cases_are_found_and_nothing_else() -> None:
    planted: dict[str, Any] = json.loads((SAMPLE_DATA / "planted.json").read_text("utf-8"))
    analysis = analyze(
        SAMPLE_DATA / "snapshot",
        policy_path=SAMPLE_DATA / "policy.toml",
        as_of=parse_timestamp(planted["as_of"]),
    )
    expected = {
        (f["rule"], f["subject"], f["severity"], f["status"])
        for f in planted["findings"]
        if f["rule"] in SCIM_RULES
    }
    found = {
        (f.rule_id, f.subject.key, f.severity.value, f.status)
        for f in analysis.findings
        if f.rule_id in SCIM_RULES
    }
    assert found == expected
    assert {rule for rule, *_ in expected} == set(SCIM_RULES)
    assert analysis.scim is not None
    assert sorted(u.user_name for u in analysis.scim.orphans) == [
        "colin.fraser@acme.example",
        "nina.okafor@acme.example",
    ]
