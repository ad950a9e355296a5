"""`access_review.xlsx`: a workbook a reviewer fills in Excel or LibreOffice and gives back."""

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from auditor.analysis import Analysis, analyze
from auditor.report.access_review_xlsx import SHEET_NAME
from auditor.report.bundle import write_bundle
from auditor.snapshot import Source, write_snapshot
from auditor.snapshot.manifest import KeyOwner
from auditor.snapshot.writer import Collected
from auditor.timestamps import parse_timestamp
from auditor.worksheet import REVIEW_COLUMNS
from tests.builders import ADMIN, agent, standard_roles, write_account
from tests.report.conftest import HYPERLINK, MIXED

FILL_IN = ["decision", "justification", "reviewer", "reviewed_at"]


def review_sheet(bundle: Path) -> Worksheet:
    sheet = load_workbook(bundle / "access_review.xlsx")[SHEET_NAME]
    assert isinstance(sheet, Worksheet)
    return sheet


def header_of(sheet: Worksheet) -> list[str]:
    return [str(cell.value) for cell in sheet[1]]


def rows_of(sheet: Worksheet) -> list[dict[str, object]]:
    header = header_of(sheet)
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]


def test_the_workbook_has_every_csv_column_facts_first_and_the_fill_in_columns_last(
    hostile_bundle: Path,
) -> None:
    header = header_of(review_sheet(hostile_bundle))
    assert set(REVIEW_COLUMNS) <= set(header)
    assert header[-4:] == FILL_IN
    assert header[:3] == ["agent_id", "agent_name", "agent_email"]
    for extra in ("finding_titles", "suggested_decision", "suggestion_reason"):
        assert header.index(extra) < header.index("decision")


def test_decision_is_a_keep_revoke_list_and_reviewed_at_a_date(hostile_bundle: Path) -> None:
    sheet = review_sheet(hostile_bundle)
    header = header_of(sheet)
    letter = {name: sheet.cell(1, i + 1).column_letter for i, name in enumerate(header)}
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    last = sheet.max_row
    decision = rules[f"{letter['decision']}2:{letter['decision']}{last}"]
    assert (decision.type, decision.formula1) == ("list", '"keep,revoke"')
    assert decision.showErrorMessage
    reviewed = rules[f"{letter['reviewed_at']}2:{letter['reviewed_at']}{last}"]
    # 2000-01-01 and 2100-12-31 as spreadsheet serial dates; "between" is OOXML's default.
    assert (reviewed.type, reviewed.operator or "between") == ("date", "between")
    assert (reviewed.formula1, reviewed.formula2) == ("36526", "73415")
    assert reviewed.showErrorMessage
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{letter['reviewed_at']}{last}"


def test_fill_in_columns_are_highlighted_and_secondary_facts_fold_away(
    hostile_bundle: Path,
) -> None:
    sheet = review_sheet(hostile_bundle)
    header = header_of(sheet)
    for column, name in enumerate(header, start=1):
        fill = sheet.cell(2, column).fill.fgColor.rgb
        if name in FILL_IN:
            assert fill == "FFFFF2CC", name
        else:
            assert fill != "FFFFF2CC", name
    letter = {name: sheet.cell(1, i + 1).column_letter for i, name in enumerate(header)}
    assert sheet.column_dimensions[letter["review_item_id"]].outlineLevel == 1
    assert sheet.column_dimensions[letter["agent_name"]].outlineLevel == 0
    assert sheet.cell(2, header.index("reviewed_at") + 1).number_format == "yyyy-mm-dd"


def test_cells_from_the_api_are_text_never_formulas(hostile_bundle: Path) -> None:
    sheet = review_sheet(hostile_bundle)
    name_column = header_of(sheet).index("agent_name") + 1
    names = {
        sheet.cell(row, name_column).value: sheet.cell(row, name_column).data_type
        for row in range(2, sheet.max_row + 1)
    }
    assert names[HYPERLINK] == "s"
    assert names[MIXED] == "s"
    assert all(kind == "s" for kind in names.values())


def test_each_row_has_its_finding_titles_and_a_suggested_decision_with_a_reason(
    hostile_bundle: Path, hostile_analysis: Analysis
) -> None:
    rows = {(r["agent_id"], r["entitlement"]): r for r in rows_of(review_sheet(hostile_bundle))}
    former = rows[(7, "role:2")]
    assert former["suggested_decision"] == "revoke"
    assert "deactivated" in str(former["suggestion_reason"])
    assert "FD-STALE-001" in str(former["finding_titles"])
    # Agent 3's dormancy finding is exempted by the policy: no argument for a revoke.
    seasonal = rows[(3, "scope:group")]
    assert seasonal["suggested_decision"] == "keep"
    assert "exempted by the policy" in str(seasonal["suggestion_reason"])
    assert "FD-STALE-002 Dormant" in str(seasonal["finding_titles"])
    # An undefined role argues against that reference, not against the agent's other roles.
    assert rows[(4, "role:99")]["suggested_decision"] == "revoke"
    assert rows[(4, "role:1")]["suggested_decision"] == "keep"
    assert all(r["suggested_decision"] in {"keep", "revoke"} for r in rows.values())
    assert all(r["suggestion_reason"] for r in rows.values())
    assert all(r[name] is None for r in rows.values() for name in FILL_IN)


def test_the_key_owners_own_rows_are_marked_for_an_independent_reviewer(tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot"
    records = {
        "agents": [agent(1, role_ids=[ADMIN]), agent(2)],
        "agents_inactive": [],
        "roles": standard_roles(),
        "groups": [],
        "contacts": [],
        "companies": [],
    }
    write_snapshot(
        snapshot,
        {name: Collected(records=items) for name, items in records.items()},
        source=Source(
            base_url="https://acme.freshdesk.com/api/v2",
            domain="acme",
            key_owner=KeyOwner(id=1, name="Ann Owner", email="ann@acme.example"),
        ),
        collected_at=parse_timestamp("2026-09-30T12:00:00Z"),
    )
    write_bundle(analyze(snapshot), tmp_path / "out")
    sheet = review_sheet(tmp_path / "out")
    marks = {(r["agent_id"], r["entitlement"]): r["independent_review"] for r in rows_of(sheet)}
    assert marks[(1, "role:2")] == (
        "Required: the API key's owner (Ann Owner) must not review their own access."
    )
    assert marks[(1, "scope:group")] == marks[(1, "role:2")]
    assert marks[(2, "scope:group")] is None


def test_document_times_and_zip_entries_are_fixed(hostile_bundle: Path) -> None:
    with zipfile.ZipFile(hostile_bundle / "access_review.xlsx") as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-09-30T12:00:00Z' in core


def test_a_name_that_looks_like_rich_text_stays_the_name_and_moves_no_other_cell(
    tmp_path: Path,
) -> None:
    """XlsxWriter takes a string that starts with `<r>` and ends with `</r>` for rich text
    and writes it unescaped: this name would close its cell and shift every later one."""
    rich = "<r><t>Mallory</t></r></si><si><r><t>SHIFTED</t></r>"
    write_account(tmp_path / "snapshot", agents=[agent(1, name=rich), agent(2, name="Bob Honest")])
    write_bundle(analyze(tmp_path / "snapshot"), tmp_path / "out")
    names = {r["agent_id"]: r["agent_name"] for r in rows_of(review_sheet(tmp_path / "out"))}
    assert names == {1: rich, 2: "Bob Honest"}
