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

A row is a sequence of values, one per column from the first: an `int` is a number cell,
a non-empty `str` a text cell (never a formula), and an empty string no cell at all,
unless the row's formats give that column a format, when it is a blank formatted cell
(XlsxWriter's `write_blank`).
"""

import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

Value = str | int
# Deflate level 1 is about four times faster than the default 6 on sheet XML, for a file
# about a quarter larger.
PACK_LEVEL = 1
# Written where the rows go; an XML comment, so nothing else XlsxWriter writes contains it.
_MARKER = "<!--auditor-rows-->"
# XlsxWriter gives each block of 16 rows one `spans` attribute: the columns they use.
_SPAN_BLOCK = 16


class RowsWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet whose cells are given as whole rows (`add_rows`), once, from row 0."""

    def __init__(self) -> None:
        super().__init__()
        self._row_cells: list[str] = []
        self._row_columns: list[tuple[int, int]] = []

    def add_rows(self, rows: Iterable[tuple[Sequence[Value], Sequence[Any]]]) -> None:
        """Each row's values and the formats of its cells (None for none), column by column."""
        shared = self.str_table._get_shared_string_index
        longest = self.xls_strmax // 2
        if not self._row_cells:
            self._number_column_formats()
        styles: dict[int, str] = {}
        number = len(self._row_cells)
        for values, formats in rows:
            number += 1
            parts = []
            first = last = -1
            for column, (value, cell_format) in enumerate(zip(values, formats, strict=True)):
                style = ""
                if cell_format is not None:
                    style = styles.get(id(cell_format), "")
                    if not style:
                        style = styles[id(cell_format)] = f' s="{cell_format._get_xf_index()}"'
                reference = f"{_column_name(column)}{number}"
                if value.__class__ is int:
                    # XlsxWriter's own rendering of a number.
                    parts.append(f'<c r="{reference}"{style}><v>{value:.16G}</v></c>')
                elif value:
                    if len(value) > longest:  # type: ignore[arg-type]
                        value = _fit(value, self)  # type: ignore[arg-type]
                    parts.append(f'<c r="{reference}"{style} t="s"><v>{shared(value)}</v></c>')
                elif cell_format is not None:
                    parts.append(f'<c r="{reference}"{style}/>')
                else:
                    continue
                if first < 0:
                    first = column
                last = column
            self._row_cells.append("".join(parts))
            self._row_columns.append((first, last))
            if first >= 0:
                self._check_dimensions(number - 1, first)
                self._check_dimensions(number - 1, last)

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
        if self._row_cells:
            # `pack_rows` replaces the marker with the rows, outside XlsxWriter's deflate.
            self.fh.write(f"<sheetData>{_MARKER}</sheetData>")
        else:
            super()._write_sheet_data()

    def rows_xml(self) -> str:
        """The `<row>` elements, as XlsxWriter's own writer renders them."""
        rows = []
        for start in range(0, len(self._row_cells), _SPAN_BLOCK):
            block = range(start, min(start + _SPAN_BLOCK, len(self._row_cells)))
            used = [self._row_columns[i] for i in block if self._row_columns[i][0] >= 0]
            spans = f' spans="{min(u[0] for u in used) + 1}:{max(u[1] for u in used) + 1}"'
            for i in block:
                if self._row_columns[i][0] >= 0:
                    rows.append(f'<row r="{i + 1}"{spans}>{self._row_cells[i]}</row>')
        return "".join(rows)


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
            if entry.filename in rows:
                head, tail = data.split(_MARKER.encode())
                data = b"".join((head, rows[entry.filename].rows_xml().encode(), tail))
            # The entry's name, fixed 1980 date and permissions, as XlsxWriter made them.
            copy = zipfile.ZipInfo(entry.filename, entry.date_time)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.external_attr = entry.external_attr
            target.writestr(copy, data, compresslevel=PACK_LEVEL)
    return packed.getvalue()


_COLUMN_NAMES: dict[int, str] = {}


def _column_name(column: int) -> str:
    name = _COLUMN_NAMES.get(column)
    if name is None:
        name = _COLUMN_NAMES[column] = xl_col_to_name(column)
    return name


def _fit(value: str, sheet: Worksheet) -> str:
    """A string cut to a cell's limit (32,767 UTF-16 units), as XlsxWriter cuts it."""
    from xlsxwriter.worksheet import _utf16_len, _utf16_truncate

    if _utf16_len(value) > sheet.xls_strmax:
        return str(_utf16_truncate(value, sheet.xls_strmax))
    return value
