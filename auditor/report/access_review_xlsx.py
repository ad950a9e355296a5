"""`access_review.xlsx`: the reviewer's worksheet as an Excel workbook to fill in and return.

The rows are those of `access_review.csv` (`review_columns`), with every column the CSV has,
so next quarter's `--previous-review` reads either file the same way. Around them, what
a reviewer in Excel or LibreOffice needs: the facts first, in topic groups (agent,
entitlement, findings, since last review, suggestion) whose secondary columns collapse
into an outline; the four columns to fill highlighted at the end, `decision` a keep/revoke
list and `reviewed_at` a date check; a frozen header and an autofilter; each row's
finding titles and a suggested decision with its reason; and the rows of the API key's
owner, who must not approve their own access, marked for an independent reviewer.

Every cell from the API is written as a string (never a formula, number or link), and
the document's times are the run's `as_of`: XlsxWriter stamps every zip entry 1980-01-01,
so the same inputs give the same bytes.
"""

import io
import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from auditor import TOOL_NAME, __version__
from auditor.analysis import Analysis
from auditor.report.access_review import review_columns
from auditor.report.review_suggestions import (
    AgentArguments,
    Suggestion,
    arguments_by_agent,
    findings_by_agent,
)
from auditor.report.run_info import run_info
from auditor.report.xlsx_rows import RowsWorkbook, RowsWorksheet, pack_rows
from auditor.rules.base import Finding
from auditor.worksheet import DECISIONS

FILE_NAME = "access_review.xlsx"
SHEET_NAME = "Access review"
ABOUT_SHEET_NAME = "About"
# The extra columns the workbook adds to the CSV's.
FINDING_TITLES = "finding_titles"
SUGGESTED_DECISION = "suggested_decision"
SUGGESTION_REASON = "suggestion_reason"
INDEPENDENT_REVIEW = "independent_review"
FILL_IN = ("decision", "justification", "reviewer", "reviewed_at")
# The dates a `reviewed_at` cell accepts; anything outside is a typing error.
EARLIEST_REVIEW, LATEST_REVIEW = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Column:
    name: str
    group: str
    width: int
    # A secondary fact, folded away when the reviewer collapses the outline.
    detail: bool = False


COLUMNS = (
    Column("agent_id", "Agent", 9),
    Column("agent_name", "Agent", 24),
    Column("agent_email", "Agent", 28),
    Column("agent_state", "Agent", 11, detail=True),
    Column("agent_tier", "Agent", 13, detail=True),
    Column("last_login", "Agent", 21, detail=True),
    Column("entitlement_name", "Entitlement", 24),
    Column("privileged", "Entitlement", 10),
    Column("entitlement", "Entitlement", 14, detail=True),
    Column("entitlement_type", "Entitlement", 13, detail=True),
    Column(FINDING_TITLES, "Findings", 40),
    Column("finding_ids", "Findings", 20, detail=True),
    Column("change", "Since last review", 10),
    Column("previous_decision", "Since last review", 10),
    Column(SUGGESTED_DECISION, "Suggestion", 11),
    Column(SUGGESTION_REASON, "Suggestion", 48),
    Column(INDEPENDENT_REVIEW, "Suggestion", 30),
    Column("review_item_id", "Reference", 20, detail=True),
    Column("decision", "Your decision", 11),
    Column("justification", "Your decision", 36),
    Column("reviewer", "Your decision", 24),
    Column("reviewed_at", "Your decision", 13),
)
GROUP_COLOURS = {
    "Agent": "#DDEBF7",
    "Entitlement": "#E2EFDA",
    "Findings": "#FCE4D6",
    "Since last review": "#EDEDED",
    "Suggestion": "#E4DFEC",
    "Reference": "#EDEDED",
    "Your decision": "#FFE699",
}
FILL_IN_CELL = "#FFF2CC"
KEY_OWNER_CELL = "#F8CBAD"


def workbook_columns(analysis: Analysis) -> dict[str, list[str]]:
    """`review_columns` with each row's finding titles, suggestion and independence mark."""
    columns = review_columns(analysis)
    findings = findings_by_agent(analysis.findings)
    # The rows name the agents' findings only; a title is its rule's, made once per rule.
    rule_titles = {f.rule_id: f"{f.rule_id} {f.title}" for fs in findings.values() for f in fs}
    titles = {f.finding_id: rule_titles[f.rule_id] for fs in findings.values() for f in fs}
    # Each agent's rows share its finding IDs, and so their titles: each text made once.
    titles_of = {
        finding_ids: "; ".join(
            dict.fromkeys(titles[i] for i in finding_ids.split("; ") if i and i in titles)
        )
        for finding_ids in dict.fromkeys(columns["finding_ids"])
    }
    columns[FINDING_TITLES] = list(map(titles_of.__getitem__, columns["finding_ids"]))
    suggestions = _suggestions(columns, findings)
    columns[SUGGESTED_DECISION] = list(map(operator.attrgetter("decision"), suggestions))
    columns[SUGGESTION_REASON] = list(map(operator.attrgetter("reason"), suggestions))
    owner = analysis.account.manifest.source.key_owner
    agent_ids = columns["agent_id"]
    if owner is None:
        columns[INDEPENDENT_REVIEW] = [""] * len(agent_ids)
    else:
        owner_id = str(owner.id)
        mark = f"Required: the API key's owner ({owner.name}) must not review their own access."
        columns[INDEPENDENT_REVIEW] = [mark if i == owner_id else "" for i in agent_ids]
    return columns


def _suggestions(
    columns: Mapping[str, list[str]], findings: Mapping[str, list[Finding]]
) -> list[Suggestion]:
    """Each row's suggestion, from what its agent's findings argue (worked out once for
    the agents whose findings are alike, and once for all the agents without one) and
    the row's own facts, row by row in one `map`."""
    arguments = arguments_by_agent(findings)
    agents = map(arguments.get, columns["agent_id"], itertools.repeat(AgentArguments([])))
    privileged = map("yes".__eq__, columns["privileged"])
    kept = map("keep".__eq__, columns["previous_decision"])
    unchanged = map("unchanged".__eq__, columns["change"])
    return list(
        map(
            AgentArguments.suggest_for,
            agents,
            columns["entitlement"],
            columns["agent_state"],
            privileged,
            map(operator.and_, kept, unchanged),
        )
    )


def access_review_xlsx_bytes(analysis: Analysis) -> bytes:
    buffer = io.BytesIO()
    workbook = RowsWorkbook(
        buffer,
        {
            "in_memory": True,
            # Text from the API stays text, whatever it looks like.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    info = run_info(analysis)
    moment = analysis.as_of.astimezone(UTC).replace(tzinfo=None)
    workbook.set_properties(
        {
            "title": f"Access review of {info.domain}",
            "subject": f"Freshdesk access as of {info.as_of}",
            "author": f"{TOOL_NAME} {__version__}",
            "comments": f"Snapshot manifest SHA-256 {info.snapshot_manifest_sha256}",
            "created": moment,
        }
    )
    columns = workbook_columns(analysis)
    rows = len(columns["agent_id"])
    _write_review_sheet(workbook, columns, rows)
    _write_about_sheet(workbook, analysis, rows)
    workbook.close()
    return pack_rows(workbook, [workbook.get_worksheet_by_name(SHEET_NAME)])


def _write_review_sheet(workbook: Any, columns: Mapping[str, list[str]], rows: int) -> None:
    sheet = workbook.add_worksheet(SHEET_NAME, worksheet_class=RowsWorksheet)
    formats = _Formats(workbook)
    for index, column in enumerate(COLUMNS):
        # The columns to fill are highlighted also below the rows (`formats.row`).
        options = {"level": 1} if column.detail else {}
        sheet.set_column(index, index, column.width, formats.row[index], options)
    # The header on its own, so that a column of one value in every row (empty, say)
    # is one to the sheet as well.
    sheet.add_columns([[c.name] for c in COLUMNS], [[formats.header(c.group) for c in COLUMNS]])
    values = _sheet_columns(columns, rows)
    marks = values[_INDEPENDENT_REVIEW]
    sheet.add_columns(values, [formats.own_access_row if m else formats.row for m in marks])
    last_row, last_column = max(rows, 1), len(COLUMNS) - 1
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, last_row, last_column)
    _validate(sheet, last_row, _index("decision"), _decision_rule())
    _validate(sheet, last_row, _index("reviewed_at"), _date_rule())
    sheet.activate()


def _sheet_columns(columns: Mapping[str, list[str]], rows: int) -> list[Sequence[str | int]]:
    """The sheet's columns in order: the agent's ID a number, every other fact text (an
    empty fact no cell, not an empty string a filter lists), the columns to fill blank."""
    values: list[Sequence[str | int]] = [columns[column.name] for column in COLUMNS]
    agent_ids = {i: int(i) if i.isdigit() else i for i in dict.fromkeys(columns["agent_id"])}
    values[_AGENT_ID] = list(map(agent_ids.__getitem__, columns["agent_id"]))
    for index in _FILL_IN_INDEXES:
        values[index] = [""] * rows
    return values


def _validate(sheet: Any, last_row: int, column: int, rule: dict[str, Any]) -> None:
    sheet.data_validation(1, column, last_row, column, rule)


def _decision_rule() -> dict[str, Any]:
    return {
        "validate": "list",
        "source": list(DECISIONS),
        "input_title": "Decision",
        "input_message": "keep or revoke",
        "error_title": "Not a decision",
        "error_message": "Choose keep or revoke from the list.",
    }


def _date_rule() -> dict[str, Any]:
    return {
        "validate": "date",
        "criteria": "between",
        "minimum": EARLIEST_REVIEW,
        "maximum": LATEST_REVIEW,
        "input_title": "Reviewed at",
        "input_message": "The date of your decision, for example 2026-10-15.",
        "error_title": "Not a date",
        "error_message": "Enter the date of your decision as a date, for example 2026-10-15.",
    }


def _index(name: str) -> int:
    return next(i for i, column in enumerate(COLUMNS) if column.name == name)


_AGENT_ID = _index("agent_id")
_FILL_IN_INDEXES = [_index(name) for name in FILL_IN]
_INDEPENDENT_REVIEW = _index(INDEPENDENT_REVIEW)


def _write_about_sheet(workbook: Any, analysis: Analysis, rows: int) -> None:
    info = run_info(analysis)
    sheet = workbook.add_worksheet(ABOUT_SHEET_NAME)
    bold = workbook.add_format({"bold": True})
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 90)
    lines = [
        ("Access review", f"Freshdesk account {info.domain}"),
        ("As of", info.as_of),
        ("Collected at", info.collected_at),
        ("Snapshot manifest SHA-256", info.snapshot_manifest_sha256),
        ("API key owner", info.key_owner),
        ("Written by", f"{TOOL_NAME} {__version__}"),
        ("Rows", str(rows)),
        ("", ""),
        (
            "How to fill it in",
            f"On the '{SHEET_NAME}' sheet, fill the yellow columns of every row: decision "
            "(keep or revoke), justification, reviewer (your email) and reviewed_at (a date). "
            "Suggested_decision and its reason are a starting point, not a decision.",
        ),
        (
            "Independent review",
            "Rows marked in independent_review hold the API key owner's own access: someone "
            "else must decide them.",
        ),
        (
            "Next quarter",
            "Give this file, filled in, as --previous-review: revocations are checked and "
            "unchanged decisions carried forward. Keep the column names as they are.",
        ),
        ("", ""),
        *[(group, _group_columns(group)) for group in GROUP_COLOURS],
    ]
    for number, (label, text) in enumerate(lines):
        sheet.write_string(number, 0, label, bold)
        sheet.write_string(number, 1, text)


def _group_columns(group: str) -> str:
    return ", ".join(column.name for column in COLUMNS if column.group == group)


class _Formats:
    """The workbook's cell formats, made once (each `add_format` is a new style)."""

    def __init__(self, workbook: Any) -> None:
        add: Callable[[dict[str, Any]], Any] = workbook.add_format
        self._headers = {
            group: add({"bold": True, "bg_color": colour, "border": 1, "text_wrap": True})
            for group, colour in GROUP_COLOURS.items()
        }
        self.fill_in = add({"bg_color": FILL_IN_CELL, "locked": False})
        self.date = add({"bg_color": FILL_IN_CELL, "locked": False, "num_format": "yyyy-mm-dd"})
        self.key_owner = add({"bg_color": KEY_OWNER_CELL, "bold": True})
        # Each data row's cell formats: the columns to fill highlighted, and on the API key
        # owner's own rows their name and the independence mark as well.
        self.row = [self._fill_in_format(column.name) for column in COLUMNS]
        self.own_access_row = [
            self.key_owner if column.name in {"agent_name", INDEPENDENT_REVIEW} else cell_format
            for column, cell_format in zip(COLUMNS, self.row, strict=True)
        ]

    def _fill_in_format(self, name: str) -> Any:
        if name == "reviewed_at":
            return self.date
        return self.fill_in if name in FILL_IN else None

    def header(self, group: str) -> Any:
        return self._headers[group]
