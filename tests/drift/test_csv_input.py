"""Reading a person's CSV export: text cells exactly as written, and clear errors."""

from pathlib import Path

import pytest

from auditor.drift.csv_input import CsvTable, read_csv_input
from auditor.errors import InputError


def read(path: Path) -> CsvTable:
    return read_csv_input(path, "The roster", when_empty="", how_to_fix="Export it again.")


def test_cells_stay_text_as_written(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(
        b'\xef\xbb\xbfid;name;note\r\n0042;"Nguyen; Thi";NA\r\n\r\n7;Ana\r\n"1";"";"say ""hi"""\r\n'
    )
    table = read(path)
    assert table.columns == ("id", "name", "note")
    assert table.rows == [
        {"id": "0042", "name": "Nguyen; Thi", "note": "NA"},
        # A short row's missing cells are empty; the blank line is skipped.
        {"id": "7", "name": "Ana", "note": ""},
        {"id": "1", "name": "", "note": 'say "hi"'},
    ]


def test_a_repeated_column_name_keeps_the_first_cell(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("email,email\na@x.example,b@x.example\n", encoding="utf-8")
    assert read(path).rows == [{"email": "a@x.example"}]


def test_a_row_longer_than_the_header_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("email,status\n\na@x.example,active,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3 has 3 cells, the header only 2\)\. Export"):
        read(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (b"email\n\xff\xfe\n", "not a readable UTF-8 CSV file"),
    ],
)
def test_unusable_files_are_input_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read(path)
    with pytest.raises(InputError, match="does not exist"):
        read(tmp_path / "missing.csv")
