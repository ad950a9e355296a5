"""`access_review.csv` keeps its rows for `access_review.xlsx`, which takes them over once."""

import dataclasses

from auditor.analysis import Analysis
from auditor.report import access_review
from auditor.report.access_review import access_review_csv_bytes, review_rows, take_review_rows
from auditor.report.csv_files import csv_bytes
from auditor.worksheet import REVIEW_COLUMNS


def test_the_workbook_takes_the_rows_the_csv_was_written_from(hostile_analysis: Analysis) -> None:
    built = review_rows(hostile_analysis)
    assert access_review_csv_bytes(hostile_analysis) == csv_bytes(REVIEW_COLUMNS, built)
    taken = take_review_rows(hostile_analysis)
    assert taken == built
    assert access_review._kept_rows is None
    # Asked again, they are built again, the same; the taker may complete its own.
    taken[0]["decision"] = "keep"
    assert take_review_rows(hostile_analysis) == built
    assert review_rows(hostile_analysis) == built


def test_rows_kept_for_another_analysis_are_not_taken(hostile_analysis: Analysis) -> None:
    fewer = dataclasses.replace(
        hostile_analysis, findings=[f for f in hostile_analysis.findings if f.rule_id < "FD-S"]
    )
    access_review_csv_bytes(hostile_analysis)
    assert take_review_rows(fewer) == review_rows(fewer)
    assert review_rows(fewer) != review_rows(hostile_analysis)
    assert access_review._kept_rows is None
