"""Large XlsxWriter sheets written fast: whole rows rendered in one pass, packed at speed.

XlsxWriter keeps every cell as an object and writes each through several generic calls
(tens of microseconds a cell), then deflates every part at zlib's default level; the
review sheet of 10,000 agents has a million cells, which took seconds. `RowsWorksheet`
takes whole rows of plain values instead: it registers their strings in the workbook's
shared-string table in the order cell-by-cell writes would, and renders each row's XML
directly, the same XML XlsxWriter writes for those cells (a test compares the two byte for
byte). XlsxWriter still writes everything else (styles, columns, panes, validations, the
package), with a marker where the rows go; `pack_rows` puts them in while copying the
package at a fast compression level, which costs a slightly larger file, not content.
`RowsWorkbook` writes the shared strings that need no escaping in one pass as well.

This reaches into XlsxWriter's internals (the shared-string table, format numbering, the
sheet-data and shared-strings writers, the packager hook); `tests/report/test_xlsx_rows.py`
compares every part with XlsxWriter's own cell-by-cell output, so an XlsxWriter release
that changes them fails there rather than in a reviewer's Excel.

A row is a sequence of values, one per column from the first: an `int` is a number cell,
a non-empty `str` a text cell (never a formula), and an empty string no cell at all,
unless the row's formats give that column a format, when it is a blank formatted cell
(XlsxWriter's `write_blank`).
"""

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

Value = str | int
# Deflate level 1 is about four times faster than the default 6 on sheet XML, for a file
# about a quarter larger.
PACK_LEVEL = 1
# Written where the rows go; an XML comment, so nothing else XlsxWriter writes contains it.
_MARKER = "<!--auditor-rows-->"
# XlsxWriter gives each block of 16 rows one `spans` attribute: the columns they use.
_SPAN_BLOCK = 16
# The column letters of the first 702 columns (A to ZZ), more than any sheet here needs.
_COLUMNS = [xl_col_to_name(column) for column in range(702)]


# A shared string XlsxWriter writes other than as `<si><t>text</t></si>`, or may: one with a
# control character or a literal `_xHHHH_` (escaped), an XML special character (escaped),
# a blank first or last (marked `xml:space="preserve"`) or rich text (`<r>`).
_SPECIAL_STRING = re.compile(r'_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f"&<>\n]|^\s|\s$')


class RowsWorkbook(Workbook):  # type: ignore[misc]
    """A workbook whose shared strings (a row's facts, 70,000 of them for 10,000 agents) are
    written in one pass: those that need no escaping as they are, the others by XlsxWriter."""

    def _get_packager(self) -> Packager:
        # XlsxWriter's own hook for another packager.
        return _Packager()


class _Packager(Packager):  # type: ignore[misc]
    def _write_shared_strings_file(self) -> None:
        # XlsxWriter's, with the faster `SharedStrings`.
        strings = _SharedStrings()
        strings.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        strings._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        strings._assemble_xml_file()


class _SharedStrings(SharedStrings):  # type: ignore[misc]
    def _write_sst_strings(self) -> None:
        plain: list[str] = []
        for string in self.string_table.string_array:
            if _SPECIAL_STRING.search(string):
                self.fh.write("".join(plain))
                plain.clear()
                self._write_si(string)
            else:
                plain.append(f"<si><t>{string}</t></si>")
        self.fh.write("".join(plain))


class RowsWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet whose cells are given as whole rows (`add_rows`), once, from row 0."""

    def __init__(self) -> None:
        super().__init__()
        self._row_cells: list[str] = []
        self._row_columns: list[tuple[int, int]] = []

    def add_rows(self, rows: Iterable[tuple[Sequence[Value], Sequence[Any]]]) -> None:
        """Each row's values and the formats of its cells (None for none), column by column.

        Rows of one shape (the same formats, and their empty and number cells in the same
        columns) share one template of their XML: a row costs a few calls in C (the template
        filled in with its number and shared-string indices), not several per cell.
        """
        if not self._row_cells:
            self._number_column_formats()
        table = self.str_table
        # The shared-string table, looked up directly: `register` adds a new string (or
        # counts a repeat); the repeats found here are counted once at the end.
        known, register = table.string_table, table._get_shared_string_index
        string_cells = registered = 0
        longest = self.xls_strmax // 2
        # By the identity of each row's formats list, held here with its styles so that no
        # other list can take its address while the rows are written.
        styles_of: dict[int, tuple[Any, list[str]]] = {}
        shapes: dict[tuple[int, tuple[type, ...], tuple[bool, ...]], _Shape] = {}
        number = len(self._row_cells)
        for values, formats in rows:
            number += 1
            key = (id(formats), tuple(map(type, values)), tuple(map(bool, values)))
            shape = shapes.get(key)
            if shape is None:
                held = styles_of.get(id(formats))
                if held is None:
                    held = styles_of[id(formats)] = (formats, self._styles(formats))
                shape = shapes[key] = _Shape(values, held[1])
            cells: list[Any] = [values[column] for column in shape.value_columns]
            indices: list[Any] = list(map(known.get, cells))
            for position in shape.number_positions:
                indices[position] = cells[position]
            string_cells += len(cells) - len(shape.number_positions)
            if None in indices:
                # A string not in the table yet, or too long for a cell (the table holds it
                # cut to length): registered in cell order, as cell-by-cell writes would.
                for position, index in enumerate(indices):
                    if index is None:
                        value = cells[position]
                        if len(value) > longest:
                            value = _fit(value, self)
                        indices[position] = register(value)
                        registered += 1
            # The row number put in every cell reference by one join, the values by `%`.
            self._row_cells.append(str(number).join(shape.pieces) % tuple(indices))
            self._row_columns.append(shape.columns)
        table.count += string_cells - registered
        used = [i for i, columns in enumerate(self._row_columns) if columns[0] >= 0]
        if used:
            self._check_dimensions(used[0], min(self._row_columns[i][0] for i in used))
            self._check_dimensions(used[-1], max(self._row_columns[i][1] for i in used))

    def _styles(self, formats: Sequence[Any]) -> list[str]:
        """The `s` attribute of each cell format, numbered in cell order as XlsxWriter does."""
        return [
            f' s="{cell_format._get_xf_index()}"' if cell_format is not None else ""
            for cell_format in formats
        ]

    def _number_column_formats(self) -> None:
        """Number the column formats before the cells' formats, as XlsxWriter would.

        XlsxWriter numbers a format when it first writes it: the columns (`<cols>`), then
        the cells, sheet by sheet. The cells here are numbered as they are added, so the
        column formats (set before the rows, on the workbook's first sheet) come first.
        """
        for column in sorted(self.col_info):
            column_format = self.col_info[column].column_format
            if column_format is not None:
                column_format._get_xf_index()

    def _write_sheet_data(self) -> None:
        if self.dim_rowmin is None:
            super()._write_sheet_data()  # no cell: XlsxWriter's empty <sheetData/>
        else:
            # `pack_rows` replaces the marker with the rows, outside XlsxWriter's deflate.
            self.fh.write(f"<sheetData>{_MARKER}</sheetData>")

    def rows_xml(self) -> str:
        """The `<row>` elements, as XlsxWriter's own writer renders them."""
        rows = []
        for start in range(0, len(self._row_cells), _SPAN_BLOCK):
            block = [
                i
                for i in range(start, min(start + _SPAN_BLOCK, len(self._row_cells)))
                if self._row_columns[i][0] >= 0
            ]
            if not block:
                continue
            first = min(self._row_columns[i][0] for i in block)
            last = max(self._row_columns[i][1] for i in block)
            for i in block:
                cells = self._row_cells[i]
                rows.append(f'<row r="{i + 1}" spans="{first + 1}:{last + 1}">{cells}</row>')
        return "".join(rows)


# Where a row's number goes in its template: a character no tag or attribute holds.
_ROW_NUMBER = "\0"


class _Shape:
    """The XML of one shape of row: the pieces between its cell references' row numbers,
    with a `%` placeholder for each cell value (a number, or a shared string's index)."""

    def __init__(self, values: Sequence[Value], styles: Sequence[str]) -> None:
        parts: list[str] = []
        # The columns whose values fill the template (numbers and text), and which of those
        # are numbers; the other cells are blank.
        self.value_columns: list[int] = []
        self.number_positions: list[int] = []
        used = []
        for column, (value, style) in enumerate(zip(values, styles, strict=True)):
            reference = f'<c r="{_COLUMNS[column]}{_ROW_NUMBER}"{style}'
            if value.__class__ is int:
                # XlsxWriter's own rendering of a number (`{:.16G}`).
                parts.append(f"{reference}><v>%.16G</v></c>")
                self.number_positions.append(len(self.value_columns))
                self.value_columns.append(column)
            elif value:
                parts.append(f'{reference} t="s"><v>%d</v></c>')
                self.value_columns.append(column)
            elif style:
                parts.append(f"{reference}/>")
            else:
                continue
            used.append(column)
        self.pieces = "".join(parts).split(_ROW_NUMBER)
        self.columns = (used[0], used[-1]) if used else (-1, -1)


def pack_rows(package: bytes, sheets: Sequence[RowsWorksheet]) -> bytes:
    """`package` (XlsxWriter's output) with each sheet's rows in place, deflated at speed."""
    rows = {f"xl/worksheets/sheet{sheet.index + 1}.xml": sheet for sheet in sheets}
    packed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename in rows and _MARKER.encode() in data:
                head, tail = data.split(_MARKER.encode())
                data = b"".join((head, rows[entry.filename].rows_xml().encode(), tail))
            # The entry's name, fixed 1980 date and permissions, as XlsxWriter made them.
            copy = zipfile.ZipInfo(entry.filename, entry.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.external_attr = entry.external_attr
            target.writestr(copy, data, compresslevel=PACK_LEVEL)
    return packed.getvalue()


def _fit(value: str, sheet: Worksheet) -> str:
    """A string cut to a cell's limit (32,767 UTF-16 units), as XlsxWriter cuts it."""
    from xlsxwriter.worksheet import _utf16_len, _utf16_truncate

    if _utf16_len(value) > sheet.xls_strmax:
        return str(_utf16_truncate(value, sheet.xls_strmax))
    return value
