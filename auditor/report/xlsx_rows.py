"""Large XlsxWriter sheets written fast: whole columns rendered in one pass, packed at speed.

XlsxWriter keeps every cell as an object and writes each through several generic calls
(tens of microseconds a cell), then deflates every part at zlib's default level; the
review sheet of 10,000 agents has a million cells, which took seconds. `RowsWorksheet`
takes the rows' plain values instead, column by column (`add_columns`, or row by row with
`add_rows`): it registers their strings in the workbook's shared-string table in the order
cell-by-cell writes would, and renders each row's XML from a template per shape of row,
filled by calls in C, the same XML XlsxWriter writes for those cells (a test compares the
two byte for byte). XlsxWriter still writes everything else (styles, columns, panes,
validations), with a marker where the rows go, but zips nothing: `RowsWorkbook` keeps its
parts, and `pack_rows` zips them with the rows in place at a fast compression level,
which costs a slightly larger file, not content. The shared strings that need no
escaping are written in one pass as well.

This reaches into XlsxWriter's internals (the shared-string table, format numbering, the
sheet-data and shared-strings writers, the packager hook); `tests/report/test_xlsx_rows.py`
compares every part with XlsxWriter's own cell-by-cell output, so an XlsxWriter release
that changes them fails there rather than in a reviewer's Excel.

A row has a value for each column from the first: an `int` is a number cell, a non-empty
`str` a text cell (never a formula), and an empty string no cell at all, unless the row's
formats give that column a format, when it is a blank formatted cell (XlsxWriter's
`write_blank`).
"""

import io
import itertools
import operator
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
# Its parts, for the strings joined by NUL (`_all_plain`): the characters but NUL, and the
# literal `_xHHHH_`; a blank first or last character is checked string by string.
_STRING_SEPARATOR = "\x00"
_SPECIAL_CHARACTER = re.compile(r'[\x01-\x08\x0b-\x1f"&<>\n]')
_ESCAPE_LOOKALIKE = re.compile(r"_x[0-9a-fA-F]{4}_")


class RowsWorkbook(Workbook):  # type: ignore[misc]
    """A workbook whose shared strings (a row's facts, 70,000 of them for 10,000 agents) are
    written in one pass: those that need no escaping as they are, the others by XlsxWriter;
    and whose parts are kept for `pack_rows` to zip, rows in place, rather than deflated by
    XlsxWriter first (its `in_memory` option is required)."""

    def __init__(self, filename: Any, options: dict[str, Any]) -> None:
        if not options.get("in_memory"):
            raise ValueError("A RowsWorkbook is made in memory: give it in_memory=True.")
        super().__init__(filename, options)
        # Each part's name and bytes, in XlsxWriter's order, once the workbook is closed.
        self.package_parts: list[tuple[str, bytes]] = []

    def _get_packager(self) -> Packager:
        # XlsxWriter's own hook for another packager.
        return _Packager()


class _Packager(Packager):  # type: ignore[misc]
    def _create_package(self) -> list[Any]:
        # The parts as XlsxWriter would zip them, kept for `pack_rows`: none is left for
        # XlsxWriter to deflate (at its default level, only for `pack_rows` to inflate).
        parts = super()._create_package()
        self.workbook.package_parts = [
            (name, data.getvalue() if binary else data.getvalue().encode("utf-8"))
            for data, name, binary in parts
        ]
        return []

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
        strings = self.string_table.string_array
        if _all_plain(strings):
            # Usually the case: every string as it is, in one join.
            self.fh.write("<si><t>" + "</t></si><si><t>".join(strings) + "</t></si>")
            return
        plain: list[str] = []
        for string in strings:
            if _SPECIAL_STRING.search(string):
                self.fh.write("".join(plain))
                plain.clear()
                self._write_si(string)
            else:
                plain.append(f"<si><t>{string}</t></si>")
        self.fh.write("".join(plain))

    def _write_si(self, string: str) -> None:
        # XlsxWriter's, except that no string is taken for rich text: XlsxWriter writes one
        # that starts with `<r>` and ends with `</r>` unescaped, as the markup it made of a
        # rich string; a name like that would be markup in the workbook (a name that closes
        # its `<si>` adds a shared string, and every later cell shows another's text). The
        # bundle writes no rich strings, so such a string is text, escaped like any other
        # (it neither starts nor ends with a blank: no `xml:space` attribute).
        if string.startswith("<r>") and string.endswith("</r>"):
            self._xml_si_element(self._escape_control_characters(string), [])
            return
        super()._write_si(string)


def _all_plain(strings: list[str]) -> bool:
    """Whether no string is special (`_SPECIAL_STRING`), told by searches over all of them
    joined by NUL (itself special, so never in a plain string) and checks of their first
    and last characters by `map` in C, rather than a search per string."""
    if not strings or not all(strings):
        return False  # no string to join; an empty one, which has no first character
    joined = _STRING_SEPARATOR.join(strings)
    return (
        joined.count(_STRING_SEPARATOR) == len(strings) - 1
        and _SPECIAL_CHARACTER.search(joined) is None
        and ("_x" not in joined or _ESCAPE_LOOKALIKE.search(joined) is None)
        and not any(map(str.isspace, map(operator.itemgetter(0), strings)))
        and not any(map(str.isspace, map(operator.itemgetter(-1), strings)))
    )


class RowsWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet whose cells are given as whole rows (`add_rows`), once, from row 0."""

    def __init__(self) -> None:
        super().__init__()
        self._row_cells: list[str] = []
        self._row_columns: list[tuple[int, int]] = []

    def add_rows(self, rows: Iterable[tuple[Sequence[Value], Sequence[Any]]]) -> None:
        """Each row's values and the formats of its cells (None for none), column by column:
        `add_columns` with the rows turned into columns (a short row padded with no cells)."""
        given = list(rows)
        width = max((len(values) for values, _ in given), default=0)
        values_of: list[Sequence[Value]] = []
        formats: list[Sequence[Any]] = []
        for values, cell_formats in given:
            if len(values) < width:
                padding = width - len(values)
                values = [*values, *[""] * padding]
                cell_formats = [*cell_formats, *[None] * padding]
            values_of.append(values)
            formats.append(cell_formats)
        self.add_columns(list(zip(*values_of, strict=True)) if width else [], formats)

    def add_columns(
        self, columns: Sequence[Sequence[Value]], formats: Sequence[Sequence[Any]]
    ) -> None:
        """The next rows, given as columns of values (one value per row in each) and each
        row's cell formats (one list per row, column by column, None for no format).

        Rows of one shape (the same formats list, and their empty, text and number cells in
        the same columns) share one template of their XML, filled in with the row's number
        and a value per column; the templates are filled, and the strings registered, by a
        few calls in C per column and per shape, not several per cell or per row.
        """
        if not self._row_cells:
            self._number_column_formats()
        rows = len(formats)
        if any(len(column) != rows for column in columns):
            raise ValueError("Every column of the rows needs one value per row.")
        if not rows:
            return
        if not columns:
            self._row_cells.extend([""] * rows)
            self._row_columns.extend([(-1, -1)] * rows)
            return
        numbers = list(map(_holds_numbers, columns))
        empties = [column.count("") for column in columns]
        lookup = self._register_strings(columns, numbers, empties)
        # A column of one value throughout is written into the templates; each of the
        # others fills a `%` placeholder of every template with each cell's value: a
        # string's index in the table, a number itself, or None for an empty cell (which
        # its template's `%.0s` leaves out).
        constant = [
            empty == rows if column[0] == "" else column.count(column[0]) == rows
            for column, empty in zip(columns, empties, strict=True)
        ]
        filled = [index for index, fixed in enumerate(constant) if not fixed]
        values = [
            [v if v.__class__ is int else lookup.get(v) for v in columns[index]]
            if numbers[index]
            else list(map(lookup.get, columns[index]))
            for index in filled
        ]
        # A row's shape: its formats list, and the kind of each cell where kinds vary.
        varying = (
            _kinds(columns[index], numbers[index])
            for index in filled
            if numbers[index] or 0 < empties[index] < rows
        )
        keys = list(zip(map(id, formats), *varying, strict=True))
        # Each shape's first row: of repeated keys, a dict keeps the value given last.
        first_rows = dict(zip(reversed(keys), range(rows - 1, -1, -1), strict=True))
        styles = self._styles_by_formats(formats)
        shapes = {
            key: _Shape(
                [column[row] for column in columns], styles[id(formats[row])], constant, lookup
            )
            for key, row in first_rows.items()
        }
        pieces = {key: shape.pieces for key, shape in shapes.items()}
        used = {key: shape.columns for key, shape in shapes.items()}
        start = len(self._row_cells) + 1
        # The row number put in every cell reference by one join, the values by `%`.
        numbered = map(str, range(start, start + rows))
        templates = map(str.join, numbered, map(pieces.__getitem__, keys))
        cells = zip(*values, strict=True) if values else itertools.repeat((), rows)
        self._row_cells.extend(map(operator.mod, templates, cells))
        self._row_columns.extend(map(used.__getitem__, keys))
        added = range(start - 1, len(self._row_columns))
        rows_used = [i for i in added if self._row_columns[i][0] >= 0]
        if rows_used:
            self._check_dimensions(rows_used[0], min(self._row_columns[i][0] for i in rows_used))
            self._check_dimensions(rows_used[-1], max(self._row_columns[i][1] for i in rows_used))

    def _register_strings(
        self, columns: Sequence[Sequence[Value]], numbers: Sequence[bool], empties: Sequence[int]
    ) -> dict[Value, int]:
        """Add the columns' new strings to the shared-string table in cell order (row by
        row, as cell-by-cell writes would), count every text cell, and return each string's
        index (a string too long for a cell: that of the table's string cut to length)."""
        table = self.str_table
        known: dict[Value, int] = table.string_table
        text_cells = sum(
            sum(1 for v in column if v.__class__ is str and v)
            if has_numbers
            else len(column) - empty
            for column, has_numbers, empty in zip(columns, numbers, empties, strict=True)
        )
        # Every value, row by row, once; no empty string (nor a number 0, no string either).
        distinct = dict.fromkeys(
            filter(None, itertools.chain.from_iterable(zip(*columns, strict=True)))
        )
        new = [v for v in distinct if v.__class__ is str and v not in known]
        longest = self.xls_strmax // 2
        if max(map(len, new), default=0) <= longest:
            # Added as `_get_shared_string_index` adds each, in one call.
            known.update(
                zip(new, range(table.unique_count, table.unique_count + len(new)), strict=True)
            )
            table.unique_count += len(new)
            table.count += text_cells
            return known
        # A string too long for a cell is registered cut to length, as XlsxWriter cuts it:
        # each of its cells then counts as a repeat of the cut string.
        lookup = dict(known)
        register = table._get_shared_string_index
        for value in new:
            lookup[value] = register(_fit(value, self) if len(value) > longest else value)
        table.count += text_cells - len(new)
        return lookup

    def _styles_by_formats(self, formats: Sequence[Sequence[Any]]) -> dict[int, list[str]]:
        """The styles of each distinct formats list, by its identity, numbered in the order
        in which the rows first use them (as XlsxWriter numbers formats when first written)."""
        first_rows = dict(
            zip(map(id, reversed(formats)), range(len(formats) - 1, -1, -1), strict=True)
        )
        return {id(formats[row]): self._styles(formats[row]) for row in sorted(first_rows.values())}

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

    def rows_xml(self, rows_per_piece: int = 4096) -> Iterator[str]:
        """The `<row>` elements, as XlsxWriter's own writer renders them, in pieces of
        `rows_per_piece` rows: each row's number, the span of its block and its cells put
        in by one `%` in C; a row without a cell left out."""
        cells, columns = self._row_cells, self._row_columns
        # The columns a block of 16 rows uses, from the first used to the last.
        firsts = [first if first >= 0 else len(_COLUMNS) for first, _ in columns]
        lasts = [last for _, last in columns]
        spans = [
            f"{min(firsts[start : start + _SPAN_BLOCK]) + 1}:"
            f"{max(lasts[start : start + _SPAN_BLOCK]) + 1}"
            for start in range(0, len(cells), _SPAN_BLOCK)
        ]
        row_spans = itertools.chain.from_iterable(
            map(itertools.repeat, spans, itertools.repeat(_SPAN_BLOCK))
        )
        # (The spans of the last block may run past the rows.)
        rows = zip(range(1, len(cells) + 1), row_spans, cells, strict=False)
        used = [first >= 0 for first, _ in columns]
        rendered = map(_ROW.__mod__, itertools.compress(rows, used))
        while piece := "".join(itertools.islice(rendered, rows_per_piece)):
            yield piece


# A row element: its number, the span of its block of rows, and its cells.
_ROW = '<row r="%d" spans="%s">%s</row>'
# Where a row's number goes in its template: a character no tag or attribute holds.
_ROW_NUMBER = "\0"


class _Shape:
    """The XML of one shape of row: the pieces between its cell references' row numbers,
    with a `%` placeholder for the value of each column not `constant` (a number, a shared
    string's index, or none: `%.0s`, which writes nothing); a constant column's cell as it
    is (its string's index from `lookup`)."""

    def __init__(
        self,
        values: Sequence[Value],
        styles: Sequence[str],
        constant: Sequence[bool],
        lookup: Mapping[Value, int],
    ) -> None:
        parts: list[str] = []
        used = []
        for column, (value, style, fixed) in enumerate(zip(values, styles, constant, strict=True)):
            reference = f'<c r="{_COLUMNS[column]}{_ROW_NUMBER}"{style}'
            if value.__class__ is int:
                # XlsxWriter's own rendering of a number (`{:.16G}`).
                number = "%.16G" % value if fixed else "%.16G"  # noqa: UP031 - the same format
                parts.append(f"{reference}><v>{number}</v></c>")
            elif value:
                index = str(lookup[value]) if fixed else "%d"
                parts.append(f'{reference} t="s"><v>{index}</v></c>')
            elif style:
                parts.append(f"{reference}/>" if fixed else f"{reference}/>%.0s")
            else:
                if not fixed:
                    parts.append("%.0s")  # a cell of the column, empty here: no cell
                continue
            used.append(column)
        self.pieces = "".join(parts).split(_ROW_NUMBER)
        self.columns = (used[0], used[-1]) if used else (-1, -1)


def _holds_numbers(column: Sequence[Value]) -> bool:
    """Whether a value of the column is a number: `str.join` takes only strings, and joins
    tens of thousands of cells faster than a test of each."""
    try:
        "".join(column)  # type: ignore[arg-type]
    except TypeError:
        return True
    return False


def _kinds(column: Sequence[Value], has_numbers: bool) -> Sequence[int]:
    """Each cell's kind: 0 empty, 1 text, 2 a number (one that is 0 as well)."""
    if has_numbers:
        return [2 if v.__class__ is int else 1 if v else 0 for v in column]
    return list(map(bool, column))


def pack_rows(workbook: RowsWorkbook, sheets: Sequence[RowsWorksheet]) -> bytes:
    """The closed `workbook`'s package, each sheet's rows in place, deflated at speed."""
    rows = {f"xl/worksheets/sheet{sheet.index + 1}.xml": sheet for sheet in sheets}
    marker = _MARKER.encode()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=PACK_LEVEL) as target:
        for name, data in workbook.package_parts:
            # An entry named alone has the fixed 1980 date and the permissions that
            # XlsxWriter gives its entries.
            with target.open(name, "w") as entry:
                if name in rows and marker in data:
                    head, tail = data.split(marker)
                    entry.write(head)
                    for piece in rows[name].rows_xml():
                        entry.write(piece.encode())
                    entry.write(tail)
                else:
                    entry.write(data)
    return packed.getvalue()


def _fit(value: str, sheet: Worksheet) -> str:
    """A string cut to a cell's limit (32,767 UTF-16 units), as XlsxWriter cuts it."""
    from xlsxwriter.worksheet import _utf16_len, _utf16_truncate

    if _utf16_len(value) > sheet.xls_strmax:
        return str(_utf16_truncate(value, sheet.xls_strmax))
    return value
