"""The CSV files' fast paths give exactly what the plain ones give: rows neutralised at once
as cell by cell, and lines joined by hand as the `csv` module writes them."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from auditor.control_text import without_controls
from auditor.csv_cells import neutralise, neutralise_row
from auditor.report.csv_files import (
    _CONTROL_BUT_SEPARATOR,
    csv_bytes,
    csv_columns_bytes,
    csv_line,
)

# Characters that matter to neutralising or quoting, mixed with ordinary text.
SPECIAL = "=+-@\t\r\n ,\"'\x00\x1b\x7f\x85\x9f\u00a0\u200b\u200c\u200d\u2060\ufeff\u2028\u3000"
cell_text = st.text(
    alphabet=st.sampled_from(SPECIAL) | st.characters(exclude_categories=("Cs",)), max_size=12
)
rows = st.lists(cell_text, min_size=1, max_size=6)

# Cells each starting with one of the triggers or hiding one, or holding a control character.
RISKY = [
    "=1+1",
    "+cmd",
    "-2",
    "@SUM(A1)",
    "\tx",
    "\rx",
    " =1+1",
    "\n=cmd",
    "\u00a0 @SUM(A1)",
    "\ufeff=1",
    "\u200b+cmd",
    "Nul\x00byte",
    "Esc\x1b[2J",
    "C1\x85",
]
# Cells the fast path cannot pass over (a blank first) that neutralise leaves as they are.
BLANK_FIRST = [" plain", "\u00a0text", "  "]


def plain_csv(columns: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


@given(rows)
def test_a_row_is_neutralised_as_its_cells_are_one_by_one(cells: list[str]) -> None:
    assert neutralise_row(list(cells)) == [neutralise(cell) for cell in cells]


def test_every_risky_cell_is_neutralised_wherever_it_sits_in_a_safe_row() -> None:
    for risky in RISKY:
        for position in range(3):
            cells = ["safe", "also safe", ""]
            cells.insert(position, risky)
            assert neutralise_row(list(cells)) == [neutralise(cell) for cell in cells], risky
            assert neutralise_row(list(cells))[position] != risky, risky
    for blank_first in BLANK_FIRST:
        assert neutralise_row([blank_first, "=x"]) == [blank_first, "'=x"]
        assert neutralise_row([blank_first, "x"]) == [blank_first, "x"]


@given(rows)
def test_a_line_is_joined_as_the_csv_module_writes_it(cells: list[str]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(cells)
    assert csv_line(list(cells)) == buffer.getvalue()


def test_a_lone_empty_cell_is_quoted_as_the_csv_module_quotes_it() -> None:
    assert csv_line([""]) == '""\r\n'
    assert csv_line(["", ""]) == ",\r\n"


@given(st.lists(rows, max_size=5))
def test_a_csv_file_is_the_csv_module_s_with_every_cell_neutralised(
    table: list[list[str]],
) -> None:
    width = max((len(row) for row in table), default=1)
    columns = [f"c{i}" for i in range(width)]
    padded = [row + [""] * (width - len(row)) for row in table]
    mappings = [dict(zip(columns, row, strict=True)) for row in padded]
    assert csv_bytes(columns, mappings) == plain_csv(columns, padded)


@given(st.lists(rows, max_size=5))
def test_a_csv_file_given_column_by_column_is_the_same_file(table: list[list[str]]) -> None:
    width = max((len(row) for row in table), default=1)
    names = [f"c{i}" for i in range(width)]
    padded = [row + [""] * (width - len(row)) for row in table]
    columns = [[row[index] for row in padded] for index in range(width)]
    assert csv_columns_bytes(names, columns) == plain_csv(names, padded)


def test_risky_cells_are_neutralised_in_the_file() -> None:
    columns = ["a", "b"]
    table = [[risky, "x,y"] for risky in RISKY]
    mappings = [dict(zip(columns, row, strict=True)) for row in table]
    assert csv_bytes(columns, mappings) == plain_csv(columns, table)
    assert b'\r\n\'=1+1,"x,y"\r\n' in csv_bytes(columns, mappings)


def test_a_missing_cell_is_empty_and_a_single_column_is_a_cell() -> None:
    rows = [{"a": "1", "b": "=2"}, {"a": "3"}, {"b": "x,y"}]
    expected = plain_csv(["a", "b"], [["1", "=2"], ["3", ""], ["", "x,y"]])
    assert csv_bytes(["a", "b"], rows) == expected
    assert csv_bytes(["b"], rows) == plain_csv(["b"], [["=2"], [""], ["x,y"]])


def test_one_risky_cell_anywhere_in_a_safe_file_is_neutralised() -> None:
    """The whole file is checked at once: a single cell that needs neutralising, in any
    row and column (first, inside, last), takes every row through `neutralise_row`."""
    columns = ["a", "b", "c"]
    for risky in RISKY:
        for row_index in range(3):
            for column_index in range(3):
                table = [[f"safe {r}{c}" for c in range(3)] for r in range(3)]
                table[row_index][column_index] = risky
                mappings = [dict(zip(columns, row, strict=True)) for row in table]
                written = csv_bytes(columns, mappings)
                assert written == plain_csv(columns, table), (risky, row_index, column_index)


def test_the_search_for_control_characters_but_nul_is_without_controls_but_nul() -> None:
    """`csv_files` joins a file's cells by NUL and searches for the other control
    characters: exactly those `without_controls` replaces, NUL aside."""
    replaced = {chr(code) for code in range(0x110000) if without_controls(chr(code)) != chr(code)}
    found = {
        chr(code) for code in range(0x110000) if _CONTROL_BUT_SEPARATOR.match(chr(code)) is not None
    }
    assert "\x00" in replaced
    assert found == replaced - {"\x00"}
