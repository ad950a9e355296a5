"""`reviewed_at` as reviewers write it: a date when it can mean only one day, else a problem."""

from pathlib import Path

import pytest

from auditor.inputs.review import read_previous_review
from auditor.inputs.review_dates import ReviewDate, read_review_date
from tests.quarterly.quarters import write_review


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2026-10-05", "2026-10-05"),
        (" 2026-10-05T14:30:00Z ", "2026-10-05"),
        ("25/10/2026", "2026-10-25"),
        ("10/25/2026", "2026-10-25"),
        ("05/05/2026", "2026-05-05"),
        ("25.10.2026", "2026-10-25"),
        ("", ""),
    ],
)
def test_dates_that_can_mean_only_one_day_are_read(written: str, iso: str) -> None:
    assert read_review_date(written) == ReviewDate(iso=iso)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("05/10/2026", "is ambiguous (day/month or month/day)"),
        ("31/02/2026", "is not a real date"),
        ("13/13/2026", "is not a real date"),
        ("last Tuesday", "is not a date; write it as YYYY-MM-DD"),
        ("2026-13-01", "is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_other_dates_are_refused_with_the_reason(written: str, problem: str) -> None:
    read = read_review_date(written)
    assert read.iso == ""
    assert problem in read.problem


def test_an_ambiguous_date_in_the_csv_is_a_problem_on_its_line(tmp_path: Path) -> None:
    review = read_previous_review(
        write_review(
            tmp_path / "review.csv",
            [
                {
                    "agent_id": "1",
                    "entitlement": "role:2",
                    "decision": "keep",
                    "reviewer": "ciso@acme.example",
                    "reviewed_at": "2026-10-05",
                },
                {
                    "agent_id": "2",
                    "entitlement": "role:4",
                    "decision": "keep",
                    "reviewer": "ciso@acme.example",
                    "reviewed_at": "05/10/2026",
                },
            ],
        )
    )
    assert [(p.line, p.problem) for p in review.problems] == [
        (
            3,
            "reviewed_at '05/10/2026' is ambiguous (day/month or month/day); write it as "
            "YYYY-MM-DD (agent 2 role:4)",
        )
    ]
    assert [r.reviewed_at for r in review.rows] == ["2026-10-05", ""]
