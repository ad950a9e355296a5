"""The CSV files: Excel-ready (BOM, CRLF), formula cells neutralised, every name intact."""

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from auditor.analysis import Analysis
from auditor.csv_cells import neutralise
from auditor.report.csv_files import csv_bytes
from auditor.report.tables import AGENT_COLUMNS, FINDING_COLUMNS
from auditor.worksheet import REVIEW_COLUMNS
from tests.report.conftest import (
    CJK,
    DDE,
    GROUP_QUOTED,
    HYPERLINK,
    IMG,
    MINUS,
    MIXED,
    SCRIPT,
)

CSV_FILES = {
    "findings.csv": FINDING_COLUMNS,
    "agents.csv": AGENT_COLUMNS,
    "access_review.csv": REVIEW_COLUMNS,
}


def read_frame(path: Path) -> pd.DataFrame:
    """Read as a reviewer's script would: every cell text, nothing turned into NaN."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        # A formula behind blanks or invisible characters, which some imports strip first.
        (" =1+1", "' =1+1"),
        ("\n=cmd", "'\n=cmd"),
        ("\u00a0 @SUM(A1)", "'\u00a0 @SUM(A1)"),
        ("\ufeff=1", "'\ufeff=1"),
        ("\u200b+cmd", "'\u200b+cmd"),
        (" plain", " plain"),
        ("  ", "  "),
    ],
)
def test_formula_triggers_at_the_start_of_a_cell_are_neutralised(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_csv_files_start_with_a_bom_use_crlf_and_keep_the_column_order(
    hostile_bundle: Path,
) -> None:
    for name, columns in CSV_FILES.items():
        raw = (hostile_bundle / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        header, _, _ = raw[3:].partition(b"\r\n")
        assert header.decode().split(",") == columns, name
        assert list(read_frame(hostile_bundle / name).columns) == columns, name


def test_agent_names_survive_a_round_trip_through_pandas(hostile_bundle: Path) -> None:
    frame = read_frame(hostile_bundle / "agents.csv")
    assert dict(zip(frame["id"], frame["name"], strict=True)) == {
        "1": IMG,
        "2": SCRIPT,
        "3": "'" + HYPERLINK,
        "4": MIXED,
        "5": "'" + DDE,
        "6": "'" + MINUS,
        "7": "Former Admin",
        "8": CJK,
    }
    groups = dict(zip(frame["id"], frame["groups"], strict=True))
    assert groups["5"] == f"{GROUP_QUOTED} (11)"


def test_agents_csv_marks_privilege_and_links_findings(
    hostile_bundle: Path, hostile_analysis: Analysis
) -> None:
    frame = read_frame(hostile_bundle / "agents.csv")
    privileged = {row["id"] for row in frame.to_dict("records") if row["privileged"] == "yes"}
    assert privileged == {"1", "4", "7"}
    links = {
        row["id"]: row["finding_ids"] for row in frame.to_dict("records") if row["finding_ids"]
    }
    expected = {
        f.subject.id: f.finding_id for f in hostile_analysis.findings if f.subject.type == "agent"
    }
    assert links == expected


def test_no_cell_of_any_csv_can_run_as_a_formula(hostile_bundle: Path) -> None:
    for name in CSV_FILES:
        text = (hostile_bundle / name).read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def test_findings_csv_holds_every_finding_with_its_stable_id_and_exemption(
    hostile_bundle: Path, hostile_analysis: Analysis
) -> None:
    frame = read_frame(hostile_bundle / "findings.csv")
    assert list(frame["finding_id"]) == [f.finding_id for f in hostile_analysis.findings]
    rows = {row["subject_id"]: row for row in frame.to_dict("records")}
    dormant = rows["3"]
    assert (dormant["rule_id"], dormant["status"]) == ("FD-STALE-002", "exempted")
    assert dormant["subject_name"] == "'" + HYPERLINK
    assert dormant["exemption_approved_by"] == "ciso@acme.example"
    assert dormant["exemption_expires"] == "2027-03-31"
    expired = rows["7"]
    assert (expired["rule_id"], expired["status"]) == ("FD-STALE-001", "open")
    assert "expired on 2026-01-31" in expired["exemption_note"]
    assert rows["4"]["subject_name"] == MIXED


def test_access_review_has_empty_decision_columns_for_the_reviewer(
    hostile_bundle: Path,
) -> None:
    frame = read_frame(hostile_bundle / "access_review.csv")
    decisions = frame[["decision", "justification", "reviewer", "reviewed_at"]]
    assert set(decisions.to_numpy().ravel()) == {""}
    held = set(zip(frame["agent_id"], frame["entitlement"], strict=True))
    assert {("4", "role:1"), ("4", "role:99"), ("2", "scope:global"), ("5", "group:11")} <= held


def test_csv_bytes_quotes_commas_quotes_and_newlines() -> None:
    data = csv_bytes(["a", "b"], [{"a": 'x, "y"\nz', "b": "ünï"}])
    assert data == b'\xef\xbb\xbfa,b\r\n"x, ""y""\nz",\xc3\xbcn\xc3\xaf\r\n'
