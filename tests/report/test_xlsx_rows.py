"""`RowsWorksheet` writes whole rows as XlsxWriter's cell-by-cell writes would, byte for byte."""

import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import pytest
import xlsxwriter
from openpyxl import load_workbook

from auditor.report.xlsx_rows import PACK_LEVEL, RowsWorkbook, RowsWorksheet, Value, pack_rows

Row = tuple[Sequence[Value], Sequence[Any]]
HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "Nul\x00Esc\x1b[2J",
    " leading and trailing ",
    "<b>&amp;</b> \"quoted\" 'single'",
    "_x0041_ literal",
    "line\nbreak\ttab",
    "Zoë 李小龙 \u200b\ufeff",
]


def rows_of(formats: dict[str, Any]) -> list[Row]:
    """A header, then rows of every kind of cell: numbers, text (hostile, repeated, too long
    for a cell), empty values with and without a format, rows with other formats, an empty
    row, and sparse rows that change a 16-row block's span."""
    plain = [None, None, None, formats["fill"], formats["date"]]
    marked = [None, formats["mark"], None, formats["fill"], formats["date"]]
    rows: list[Row] = [(["id", "name", "note", "decision", "date"], [formats["header"]] * 5)]
    for number in range(40):
        name = HOSTILE[number % len(HOSTILE)]
        note = "x" * 40_000 if number in {7, 8} else ("" if number % 3 else f"note {number % 4}")
        rows.append(([number, name, note, "", ""], marked if number % 11 == 0 else plain))
    rows.append((["", "", "", "", ""], [None] * 5))
    rows.append((["", "", "only the third", "", ""], [None] * 5))
    rows.extend(([str(n), "late" if n == 19 else "", "", "", ""], [None] * 5) for n in range(20))
    return rows


def workbook(write_rows: Callable[[Any, list[Row]], None], fast: bool) -> bytes:
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False}
    book = (RowsWorkbook if fast else xlsxwriter.Workbook)(buffer, options)
    # A fixed document time (XlsxWriter's default is the clock), as the auditor sets one.
    book.set_properties({"created": datetime(2026, 9, 30, 18, 0, 0)})
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7"}),
        "fill": book.add_format({"bg_color": "#FFF2CC", "locked": False}),
        "date": book.add_format({"bg_color": "#FFF2CC", "num_format": "yyyy-mm-dd"}),
        "mark": book.add_format({"bg_color": "#F8CBAD", "bold": True}),
    }
    sheet = book.add_worksheet("Rows", worksheet_class=RowsWorksheet if fast else None)
    sheet.set_column(3, 3, 11, formats["fill"])
    sheet.set_column(4, 4, 13, formats["date"])
    write_rows(sheet, rows_of(formats))
    sheet.autofilter(0, 0, 62, 4)
    about = book.add_worksheet("About")
    about.write_string(0, 0, "note 1", book.add_format({"italic": True}))
    about.write_string(1, 0, "written after the rows")
    book.close()
    if fast:
        return pack_rows(book, [sheet])
    return buffer.getvalue()


def cell_by_cell(sheet: Any, rows: list[Row]) -> None:
    """What `RowsWorksheet` promises, in XlsxWriter's plain calls."""
    for number, (values, formats) in enumerate(rows):
        for column, (value, cell_format) in enumerate(zip(values, formats, strict=True)):
            if isinstance(value, int):
                sheet.write_number(number, column, value, cell_format)
            elif value:
                sheet.write_string(number, column, value, cell_format)
            elif cell_format is not None:
                sheet.write_blank(number, column, None, cell_format)


def whole_rows(sheet: Any, rows: list[Row]) -> None:
    # In two calls, to show that rows go on where the last call stopped.
    sheet.add_rows(rows[:30])
    sheet.add_rows(rows[30:])


def parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {entry.filename: archive.read(entry) for entry in archive.infolist()}


def test_every_part_is_what_cell_by_cell_writes_give() -> None:
    fast, plain = parts(workbook(whole_rows, True)), parts(workbook(cell_by_cell, False))
    assert list(fast) == list(plain)
    for name, data in plain.items():
        assert fast[name] == data, name


def test_the_package_is_the_same_zip_but_deflated_faster() -> None:
    fast, plain = workbook(whole_rows, True), workbook(cell_by_cell, False)
    with zipfile.ZipFile(io.BytesIO(fast)) as f, zipfile.ZipFile(io.BytesIO(plain)) as p:
        for mine, theirs in zip(f.infolist(), p.infolist(), strict=True):
            assert (mine.filename, mine.date_time, mine.external_attr) == (
                theirs.filename,
                theirs.date_time,
                theirs.external_attr,
            )
            assert mine.compress_type == zipfile.ZIP_DEFLATED
    assert PACK_LEVEL == 1
    assert workbook(whole_rows, True) == fast


def test_openpyxl_reads_the_cells_back_as_text_numbers_and_formatted_blanks() -> None:
    sheet = load_workbook(io.BytesIO(workbook(whole_rows, True)))["Rows"]
    assert [cell.value for cell in sheet[1]] == ["id", "name", "note", "decision", "date"]
    assert sheet.cell(2, 1).value == 0
    assert sheet.cell(2, 1).data_type == "n"
    assert sheet.cell(3, 2).value == HOSTILE[1]
    assert sheet.cell(3, 2).data_type == "s"
    assert sheet.cell(2, 4).value is None
    assert sheet.cell(2, 4).fill.fgColor.rgb == "FFFFF2CC"
    assert sheet.cell(2, 5).number_format == "yyyy-mm-dd"
    assert sheet.cell(2, 2).font.b
    assert not sheet.cell(3, 2).font.b
    assert len(str(sheet.cell(9, 3).value)) == 32_767


@pytest.mark.parametrize("rows", [[], [(["", ""], [None, None])]])
def test_a_sheet_without_cells_is_an_empty_sheet(rows: list[Row]) -> None:
    def write(sheet: Any, _: list[Row]) -> None:
        sheet.add_rows(rows)

    def nothing(sheet: Any, _: list[Row]) -> None:
        pass

    assert parts(workbook(write, True)) == parts(workbook(nothing, False))


def strings_part(strings: list[str], fast: bool) -> bytes:
    """`xl/sharedStrings.xml` of a sheet of `strings`, one a row, written by whole rows
    (`fast`) or by XlsxWriter cell by cell."""
    buffer = io.BytesIO()
    book = (RowsWorkbook if fast else xlsxwriter.Workbook)(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Rows", worksheet_class=RowsWorksheet if fast else None)
    rows: list[Row] = [([string], [None]) for string in strings]
    (whole_rows if fast else cell_by_cell)(sheet, rows)
    book.close()
    package = pack_rows(book, [sheet]) if fast else buffer.getvalue()
    return parts(package)["xl/sharedStrings.xml"]


@pytest.mark.parametrize(
    "special",
    [
        None,
        " lead",
        "trail ",
        "\u2003em space",
        "tab\t",
        "_x0041_",
        "a&b",
        "<b>",
        'say "x"',
        "\x01",
        "line\nbreak",
        "nul\x00",
        "x_x00",
        "",
    ],
)
def test_shared_strings_plain_or_not_are_written_as_xlsxwriter_writes_them(
    special: str | None,
) -> None:
    # Plain strings are written in one join; one special string among them (or a NUL
    # next to a string that looks like the start of an escape) must not be.
    strings = ["plain", "Zoë 李小龙", "x_x00", "_x", "café (high)."]
    if special is not None:
        strings.insert(2, special)
    assert strings_part(strings, True) == strings_part(strings, False)


def test_columns_of_one_value_throughout_are_written_as_xlsxwriter_writes_them() -> None:
    # Rows whose columns hold one text, one number, a formatted blank and nothing
    # throughout (written into the rows' templates), beside a column that varies.
    def package(fast: bool) -> dict[str, bytes]:
        buffer = io.BytesIO()
        book = (RowsWorkbook if fast else xlsxwriter.Workbook)(buffer, {"in_memory": True})
        sheet = book.add_worksheet("Rows", worksheet_class=RowsWorksheet if fast else None)
        fill = book.add_format({"bg_color": "#FFF2CC"})
        rows: list[Row] = [
            (["same text", 1234567890123456, "", "", f"row {n}"], [None, None, fill, None, None])
            for n in range(20)
        ]
        (whole_rows if fast else cell_by_cell)(sheet, rows)
        book.close()
        return parts(pack_rows(book, [sheet]) if fast else buffer.getvalue())

    assert package(True) == package(False)


def test_a_string_that_looks_like_rich_text_is_text_and_shifts_no_cell() -> None:
    """XlsxWriter writes a string that starts with `<r>` and ends with `</r>` unescaped,
    taking it for rich text it made itself: a name that closes its `<si>` there would add
    a shared string and give every later cell another cell's text."""
    rich = "<r><t>Mallory</t></r></si><si><r><t>SHIFTED</t></r>"
    strings = ["before", rich, " <r>spaced</r> ", "after"]
    buffer = io.BytesIO()
    book = RowsWorkbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Rows", worksheet_class=RowsWorksheet)
    sheet.add_rows([([string], [None]) for string in strings])
    book.close()
    package = pack_rows(book, [sheet])
    assert b"<t>SHIFTED" not in parts(package)["xl/sharedStrings.xml"]
    read = load_workbook(io.BytesIO(package))["Rows"]
    assert [read.cell(row, 1).value for row in range(1, len(strings) + 1)] == strings
