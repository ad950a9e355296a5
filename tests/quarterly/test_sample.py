"""The sample account with every quarterly input: exactly the planted drift and roster cases."""

import json

from auditor.analysis import Analysis, analyze
from auditor.report.access_review import review_rows
from auditor.sample import SAMPLE_DATA
from auditor.timestamps import parse_timestamp

SAMPLE = SAMPLE_DATA
RULES = ("FD-DRIFT-001", "FD-DRIFT-002", "FD-DRIFT-003", "FD-DRIFT-004", "FD-STALE-004")


def analyse_sample() -> Analysis:
    planted = json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))
    inputs = planted["inputs"]
    return analyze(
        SAMPLE / inputs["snapshot"],
        policy_path=SAMPLE / inputs["policy"],
        as_of=parse_timestamp(planted["as_of"]),
        baseline_path=SAMPLE / inputs["baseline"],
        roster_path=SAMPLE / inputs["roster"],
        previous_review_path=SAMPLE / inputs["previous_review"],
    )


def test_the_planted_drift_and_roster_cases_are_found_and_nothing_else() -> None:
    planted = json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))
    expected = {
        (f["rule"], f["subject"], f["severity"], f["status"])
        for f in planted["findings"]
        if f["rule"] in RULES
    }
    found = {
        (f.rule_id, f.subject.key, f.severity.value, f.status)
        for f in analyse_sample().findings
        if f.rule_id in RULES
    }
    assert found == expected
    assert {rule for rule, *_ in expected} == set(RULES)


def test_the_sample_review_problems_are_reported() -> None:
    check = analyse_sample().previous_review
    assert check is not None
    assert [(p.line, p.problem) for p in check.problems] == [
        (
            45,
            "decision 'transfer' for agent 43000012012 group:43000003008 is neither keep nor "
            "revoke; it is not carried forward",
        ),
        (179, "revoke of agent 43000012052 group:43000003007 names no reviewer"),
    ]
    assert check.counts()["revocations_still_held"] == 1


def test_the_sample_worksheet_carries_last_quarters_decisions_forward() -> None:
    analysis = analyse_sample()
    rows = review_rows(analysis)
    changes = {row["change"] for row in rows}
    assert changes == {"new", "changed", "unchanged"}
    by_key = {(row["agent_id"], row["entitlement"]): row for row in rows}
    # Anna Kowalski's Billing membership: revoked last quarter, still held, unchanged.
    anna = by_key[("43000012043", "group:43000003003")]
    assert (anna["change"], anna["previous_decision"]) == ("unchanged", "revoke")
    # Olivia Chen's Administrator role is new this quarter.
    olivia = by_key[("43000012040", "role:43000000102")]
    assert (olivia["change"], olivia["previous_decision"]) == ("new", "")
