"""`review_rows` gives new rows on every call: the workbook completes its own in place."""

from auditor.analysis import Analysis
from auditor.report.access_review import access_review_csv_bytes, review_rows
from auditor.report.csv_files import csv_bytes
from auditor.worksheet import REVIEW_COLUMNS


def test_the_csv_is_written_from_the_rows(hostile_analysis: Analysis) -> None:
    built = review_rows(hostile_analysis)
    assert access_review_csv_bytes(hostile_analysis) == csv_bytes(REVIEW_COLUMNS, built)


def test_a_caller_completing_its_rows_changes_no_one_elses(hostile_analysis: Analysis) -> None:
    built = review_rows(hostile_analysis)
    built[0]["decision"] = "keep"
    assert review_rows(hostile_analysis)[0]["decision"] == ""
