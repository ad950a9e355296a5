"""The worksheet's rows are built once per analysis and handed out as copies."""

import dataclasses

from auditor.analysis import Analysis
from auditor.report import access_review
from auditor.report.access_review import review_rows


def test_each_caller_gets_its_own_copy_of_the_same_rows(hostile_analysis: Analysis) -> None:
    first = review_rows(hostile_analysis)
    for row in first:
        row.update(decision="keep", agent_name="changed by the first caller")
    again = review_rows(hostile_analysis)
    assert again == access_review._build_review_rows(hostile_analysis)
    assert {row["decision"] for row in again} == {""}
    assert "changed by the first caller" not in {row["agent_name"] for row in again}


def test_another_analysis_gets_its_own_rows(hostile_analysis: Analysis) -> None:
    review_rows(hostile_analysis)
    fewer = dataclasses.replace(
        hostile_analysis, findings=[f for f in hostile_analysis.findings if f.rule_id < "FD-S"]
    )
    rows = review_rows(fewer)
    assert rows == access_review._build_review_rows(fewer)
    assert rows != review_rows(hostile_analysis)


def test_the_workbook_takes_the_kept_rows_over(hostile_analysis: Analysis) -> None:
    built = access_review._build_review_rows(hostile_analysis)
    review_rows(hostile_analysis)
    taken = access_review.take_review_rows(hostile_analysis)
    assert taken == built
    assert access_review._last_rows is None
    # Asked again, they are built again, the same.
    assert access_review.take_review_rows(hostile_analysis) == built
    assert review_rows(hostile_analysis) == built
