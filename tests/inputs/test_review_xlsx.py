"""`--previous-review` given last quarter's filled-in `access_review.xlsx`: read like the CSV,
with the same line-by-line checks, dates as Excel and LibreOffice store them."""

import os
import shutil
import subprocess
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor.analysis import Analysis
from auditor.errors import InputError
from auditor.inputs.review import read_previous_review
from auditor.inputs.xlsx_input import cell_text
from auditor.report.access_review_xlsx import SHEET_NAME
from auditor.report.bundle import write_bundle
from tests.builders import ADMIN, AGENT, agent, group
from tests.quarterly.quarters import hits, run

CURRENT = {
    "agents": [
        agent(1, role_ids=[ADMIN], group_ids=[10]),
        agent(2, role_ids=[AGENT], scope=2),
    ],
    "groups": [group(10, "Billing")],
}
Cell = str | date | datetime
# What the reviewer fills in, by (agent_id, entitlement).
DECISIONS: dict[tuple[int, str], dict[str, Cell]] = {
    (1, "role:2"): {
        "decision": "revoke",
        "justification": "left the billing team",
        "reviewer": "ciso@acme.example",
        "reviewed_at": datetime(2026, 10, 2),
    },
    (1, "group:10"): {
        "decision": "keep",
        "reviewer": "ciso@acme.example",
        "reviewed_at": "25/10/2026",
    },
    (2, "role:4"): {
        "decision": "keep",
        "reviewer": "ciso@acme.example",
        "reviewed_at": "05/10/2026",
    },
}


def quarter_workbook(tmp_path: Path) -> Path:
    """This quarter's bundle, written as `analyze` writes it; returns its workbook."""
    write_bundle(run(tmp_path / "q3", current=CURRENT), tmp_path / "q3" / "bundle")
    return tmp_path / "q3" / "bundle" / "access_review.xlsx"


def fill_in(
    workbook: Path, out: Path, decisions: Mapping[tuple[int, str], Mapping[str, Cell]]
) -> Path:
    """What a reviewer does in Excel: type into the yellow cells, save."""
    book = load_workbook(workbook)
    sheet = book[SHEET_NAME]
    header = [str(cell.value) for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        key = (
            int(str(row[header.index("agent_id")].value)),
            str(row[header.index("entitlement")].value),
        )
        for name, value in decisions.get(key, {}).items():
            row[header.index(name)].value = value
    book.save(out)
    return out


def next_quarter(tmp_path: Path, review: Path) -> Analysis:
    return run(tmp_path / "q4", current=CURRENT, previous_review=review)


def test_a_filled_in_workbook_is_read_back_like_the_csv(tmp_path: Path) -> None:
    filled = fill_in(quarter_workbook(tmp_path), tmp_path / "filled.xlsx", DECISIONS)
    analysis = next_quarter(tmp_path, filled)
    assert hits(analysis, "FD-DRIFT-004") == {("agent:1", "role:2", "high")}
    review = read_previous_review(filled)
    by_key = {(r.agent_id, r.entitlement): r for r in review.rows}
    # A date cell and an unambiguous day/month text both become ISO dates.
    assert by_key[(1, "role:2")].reviewed_at == "2026-10-02"
    assert by_key[(1, "group:10")].reviewed_at == "2026-10-25"
    assert by_key[(1, "role:2")].justification == "left the billing team"
    # An ambiguous one is refused on its line (the spreadsheet row), never guessed.
    line = by_key[(2, "role:4")].line
    assert by_key[(2, "role:4")].reviewed_at == ""
    assert [(p.line, p.problem) for p in review.problems] == [
        (
            line,
            "reviewed_at '05/10/2026' is ambiguous (day/month or month/day); write it as "
            "YYYY-MM-DD (agent 2 role:4)",
        )
    ]


def test_the_workbooks_extra_columns_are_no_problem_and_none_is_missing(tmp_path: Path) -> None:
    filled = fill_in(quarter_workbook(tmp_path), tmp_path / "filled.xlsx", {})
    review = read_previous_review(filled)
    assert review.problems == ()
    assert review.rows_read == len(review.rows) > 0
    prefilled = next_quarter(tmp_path, filled)
    assert prefilled.previous_review is not None
    assert prefilled.previous_review.counts()["undecided"] == len(review.rows)


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused_clearly(tmp_path: Path) -> None:
    fake = tmp_path / "review.xlsx"
    fake.write_text("agent_id,entitlement,decision\n1,role:2,revoke\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"is not an \.xlsx workbook \(it is not a zip archive\)"):
        read_previous_review(fake)
    with pytest.raises(InputError, match="does not exist"):
        read_previous_review(tmp_path / "missing.xlsx")


def test_a_workbook_without_the_review_columns_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "email"])
    sheet.append(["Ann", "ann@acme.example"])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(InputError, match="no agent_id, entitlement, decision column"):
        read_previous_review(tmp_path / "other.xlsx")


LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRE_LIBREOFFICE = os.environ.get("AUDITOR_REQUIRE_LIBREOFFICE") == "1"


def convert(source: Path, target_format: str, out_dir: Path) -> Path:
    if LIBREOFFICE is None:
        if REQUIRE_LIBREOFFICE:
            pytest.fail("AUDITOR_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-calc)")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "profile"
    # Its own profile: a user's running LibreOffice, or a parallel test, would block it.
    command = [
        LIBREOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        target_format,
        "--outdir",
        str(out_dir),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    converted = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    assert converted.is_file(), f"LibreOffice wrote no {converted.name}"
    return converted


def test_a_workbook_saved_again_by_libreoffice_reads_back_the_same(tmp_path: Path) -> None:
    filled = fill_in(quarter_workbook(tmp_path), tmp_path / "filled.xlsx", DECISIONS)
    resaved = convert(filled, "xlsx", tmp_path / "libreoffice")
    original, again = read_previous_review(filled), read_previous_review(resaved)
    assert again.rows == original.rows
    assert [p.problem for p in again.problems] == [p.problem for p in original.problems]
    # LibreOffice keeps the list and the date check for the next reviewer.
    sheet = load_workbook(resaved)[SHEET_NAME]
    types = sorted(v.type for v in sheet.data_validations.dataValidation)
    assert types == ["date", "list"]
    assert hits(next_quarter(tmp_path, resaved), "FD-DRIFT-004") == {("agent:1", "role:2", "high")}


def test_a_workbook_exported_as_csv_by_libreoffice_reads_back_the_same(tmp_path: Path) -> None:
    filled = fill_in(quarter_workbook(tmp_path), tmp_path / "filled.xlsx", DECISIONS)
    # UTF-8, comma-separated, quoted text: what "Save as CSV" gives with these options.
    exported = convert(filled, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "csv")
    from_csv, from_xlsx = read_previous_review(exported), read_previous_review(filled)
    assert {(r.agent_id, r.entitlement, r.decision) for r in from_csv.rows} == {
        (r.agent_id, r.entitlement, r.decision) for r in from_xlsx.rows
    }
    by_key = {(r.agent_id, r.entitlement): r for r in from_csv.rows}
    assert by_key[(1, "role:2")].reviewed_at == "2026-10-02"
    assert any("ambiguous" in p.problem for p in from_csv.problems)


def test_characters_xml_cannot_hold_come_back_as_they_were(tmp_path: Path) -> None:
    """OOXML escapes them as `_xHHHH_`; Excel undoes that, and so must the reader."""
    assert cell_text("Ann_x0008_Lee") == "Ann\x08Lee"
    assert cell_text("literal _x005F_x0041_ text") == "literal _x0041_ text"
    assert cell_text(datetime(2026, 10, 2, 14, 30)) == "2026-10-02T14:30:00"
    assert cell_text(7.0) == "7"
