"""`--previous-review`: FD-DRIFT-004, the problems of a filled-in worksheet, and this
quarter's worksheet pre-filled from last quarter's decisions."""

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.inputs.review import read_previous_review
from auditor.report.access_review import review_rows
from tests.builders import ADMIN, AGENT, agent, group
from tests.quarterly.quarters import hits, run, write_csv, write_review

CURRENT = {
    "agents": [
        agent(1, role_ids=[ADMIN], group_ids=[10]),
        agent(2, role_ids=[AGENT], scope=2),
    ],
    "inactive_agents": [agent(3, role_ids=[ADMIN], active=False)],
    "groups": [group(10, "Billing")],
}


def decided(
    agent_id: int,
    entitlement: str,
    decision: str,
    *,
    reviewer: str = "ciso@acme.example",
    reviewed_at: str = "2026-07-02",
    **shown: str,
) -> dict[str, str]:
    """One filled-in row of last quarter's worksheet."""
    return {
        "agent_id": str(agent_id),
        "entitlement": entitlement,
        "decision": decision,
        "reviewer": reviewer,
        "reviewed_at": reviewed_at,
        **shown,
    }


@pytest.mark.rule_case("FD-DRIFT-004", "positive")
@pytest.mark.rule_case("FD-DRIFT-004", "negative")
def test_revocations_still_held_are_findings_and_done_ones_are_not(tmp_path: Path) -> None:
    review = write_review(
        tmp_path / "previous_review.csv",
        [
            decided(1, "role:2", "Revoke", justification="left the billing team"),  # still held
            decided(1, "group:10", "keep"),
            decided(2, "scope:global", "revoke"),  # done: agent 2 has Group scope now
            decided(2, "role:4", "KEEP"),
            decided(3, "role:2", "revoke"),  # deactivated, but the role is still attached
        ],
    )
    analysis = run(tmp_path, current=CURRENT, previous_review=review)
    assert hits(analysis, "FD-DRIFT-004") == {
        ("agent:1", "role:2", "high"),
        ("agent:3", "role:2", "high"),
    }
    detail = next(f.detail for f in analysis.findings if f.subject.key == "agent:1")
    assert detail == (
        "The previous review decided to revoke role:2 (Administrator) ('left the billing team'):"
        " reviewer ciso@acme.example, 2026-07-02 (previous_review.csv line 2); the active agent"
        " still holds it."
    )
    assert analysis.previous_review is not None
    assert analysis.previous_review.counts() == {
        "rows": 5,
        "kept": 2,
        "revoked": 3,
        "undecided": 0,
        "unrecognised": 0,
        "revocations_confirmed": 1,
        "revocations_still_held": 2,
        "revocations_unverifiable": 0,
        "problems": 0,
    }


@pytest.mark.rule_case("FD-DRIFT-004", "positive")
def test_bad_rows_are_reported_with_their_line(tmp_path: Path) -> None:
    review = write_review(
        tmp_path / "previous_review.csv",
        [
            decided(1, "role:2", "maybe"),
            decided(2, "role:4", "revoke", reviewer=""),
            decided(9, "role:4", "revoke"),
            decided(1, "group:10", "keep"),
            {"agent_id": "4.3E+10", "entitlement": "role:4", "decision": "keep"},
            {"agent_id": "1", "entitlement": "admin", "decision": "keep"},
            decided(1, "group:10", "revoke"),
        ],
    )
    analysis = run(tmp_path, current=CURRENT, previous_review=review)
    assert analysis.previous_review is not None
    problems = {(p.line, p.problem) for p in analysis.previous_review.problems}
    assert problems == {
        (
            2,
            "decision 'maybe' for agent 1 role:2 is neither keep nor revoke; it is not carried "
            "forward",
        ),
        (3, "revoke of agent 2 role:4 names no reviewer"),
        (
            4,
            "names agent 9, which is not in this snapshot (deleted since the review, or a wrong "
            "ID; --baseline tells which)",
        ),
        (6, "agent_id '4.3E+10' is not a Freshdesk agent ID"),
        (7, "entitlement 'admin' is not role:ID, group:ID or scope:global/group/restricted"),
        (8, "repeats agent 1 group:10 of line 5; a revoke on either line is checked"),
    }
    counts = analysis.previous_review.counts()
    assert (counts["rows"], counts["kept"], counts["revoked"], counts["unrecognised"]) == (
        7,
        0,  # the keep of group:10 was overruled by its repeated revoke
        3,
        1,
    )
    # Agent 9 is in no snapshot: whether its revocation was carried out cannot be told.
    assert {(r.row.agent_id, r.status) for r in analysis.previous_review.revocations} == {
        (2, "still_held"),
        (9, "unverifiable"),
        (1, "still_held"),
    }
    # A revoke without a reviewer is still checked; so is the revoke of a repeated row.
    assert hits(analysis, "FD-DRIFT-004") == {
        ("agent:2", "role:4", "high"),
        ("agent:1", "group:10", "high"),
    }
    no_reviewer = next(f for f in analysis.findings if f.subject.key == "agent:2")
    assert "reviewer no reviewer recorded" in no_reviewer.detail


@pytest.mark.rule_case("FD-DRIFT-004", "negative")
def test_with_a_baseline_an_agent_deleted_since_is_not_unknown(tmp_path: Path) -> None:
    review = write_review(
        tmp_path / "previous_review.csv",
        [decided(8, "role:4", "revoke"), decided(9, "role:4", "keep")],
    )
    baseline = {**CURRENT, "agents": [*CURRENT["agents"], agent(8)]}
    analysis = run(tmp_path, current=CURRENT, baseline=baseline, previous_review=review)
    assert analysis.previous_review is not None
    assert [p.problem for p in analysis.previous_review.problems if p.line > 1] == [
        "names agent 9, which is in neither this snapshot nor the baseline"
    ]
    assert [(r.row.agent_id, r.status) for r in analysis.previous_review.revocations] == [
        (8, "agent_gone")
    ]
    assert hits(analysis, "FD-DRIFT-004") == set()


def test_a_worksheet_missing_optional_columns_is_used_and_reported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "review.csv",
        ["Agent_ID", "Entitlement", "Decision", "Reviewer"],
        [["1", "role:2", "revoke", "ciso@acme.example"]],
    )
    analysis = run(tmp_path, current=CURRENT, previous_review=path)
    assert analysis.previous_review is not None
    assert [(p.line, p.problem) for p in analysis.previous_review.problems] == [
        (
            1,
            "columns missing: review_item_id, agent_name, agent_email, agent_state, agent_tier, "
            "entitlement_type, entitlement_name, privileged, last_login, finding_ids, change, "
            "previous_decision, justification, reviewed_at",
        )
    ]
    assert hits(analysis, "FD-DRIFT-004") == {("agent:1", "role:2", "high")}


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["agent", "role", "decision"], "agent_id, entitlement"),
        (["agent_id", "entitlement", "verdict"], "decision"),
    ],
)
def test_a_file_that_is_not_a_worksheet_is_an_input_error(
    tmp_path: Path, header: list[str], missing: str
) -> None:
    path = write_csv(tmp_path / "review.csv", header, [["1", "role:2", "keep"]])
    with pytest.raises(InputError, match=f"has no {missing} column"):
        read_previous_review(path)


def test_this_quarters_worksheet_carries_forward_unchanged_decisions(tmp_path: Path) -> None:
    shown = {"agent_email": "agent1@acme.example", "agent_state": "active"}
    review = write_review(
        tmp_path / "previous_review.csv",
        [
            decided(
                1, "role:2", "revoke", entitlement_name="Administrator", privileged="yes", **shown
            ),
            decided(1, "group:10", "Keep", entitlement_name="Billing", privileged="no", **shown),
            # Last quarter agent 2 was deactivated: a keep then says nothing about now.
            decided(
                2,
                "role:4",
                "keep",
                entitlement_name="Agent",
                agent_email="agent2@acme.example",
                agent_state="deactivated",
            ),
            # Role 4 was then named differently: the entitlement changed under its key.
            decided(2, "scope:group", "keep", entitlement_name="Own tickets"),
        ],
    )
    analysis = run(tmp_path, current=CURRENT, previous_review=review)
    prefilled = {
        (row["agent_id"], row["entitlement"]): (row["change"], row["previous_decision"])
        for row in review_rows(analysis)
    }
    assert prefilled == {
        ("1", "role:2"): ("unchanged", "revoke"),
        ("1", "group:10"): ("unchanged", "keep"),
        ("1", "scope:group"): ("new", ""),
        ("2", "role:4"): ("changed", ""),
        ("2", "scope:group"): ("changed", ""),
        ("3", "role:2"): ("new", ""),
        ("3", "scope:group"): ("new", ""),
    }


def test_without_a_previous_review_the_worksheet_columns_stay_empty(tmp_path: Path) -> None:
    analysis = run(tmp_path, current=CURRENT)
    assert {(r["change"], r["previous_decision"]) for r in review_rows(analysis)} == {("", "")}


@pytest.mark.rule_case("FD-DRIFT-004", "positive")
def test_a_worksheet_resaved_by_excel_with_semicolons_is_read(tmp_path: Path) -> None:
    # Excel in European locales saves "CSV" with `;`, without a BOM; cells with `;` are quoted.
    header = ["agent_id", "entitlement", "decision", "reviewer", "justification"]
    rows = [
        ["1", "role:2", "Revoke ", "ciso@acme.example", '"left; moved to sales"'],
        ["2", "role:4", "keep", "ciso@acme.example", ""],
    ]
    path = tmp_path / "previous_review.csv"
    path.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    analysis = run(tmp_path, current=CURRENT, previous_review=path)
    assert hits(analysis, "FD-DRIFT-004") == {("agent:1", "role:2", "high")}
    assert "('left; moved to sales')" in next(
        f.detail for f in analysis.findings if f.rule_id == "FD-DRIFT-004"
    )


def test_a_worksheet_round_trips_through_the_auditors_own_csv(tmp_path: Path) -> None:
    # Last quarter's own output, filled in: every row unchanged, every decision carried over,
    # even a formula-like name that access_review.csv neutralised on the way out.
    current = {
        **CURRENT,
        "agents": [*CURRENT["agents"], agent(4, group_ids=[11])],
        "groups": [group(10, "=Billing"), group(11, " =Support")],
    }
    first = run(tmp_path / "q2", current=current)
    rows = review_rows(first)
    for row in rows:
        row.update(decision="keep", reviewer="lead@acme.example", reviewed_at="2026-07-01")
    review = write_review(tmp_path / "access_review.csv", rows)
    second = run(tmp_path / "q3", current=current, previous_review=review)
    assert second.previous_review is not None
    assert second.previous_review.problems == ()
    assert {(r["change"], r["previous_decision"]) for r in review_rows(second)} == {
        ("unchanged", "keep")
    }
