"""Read a CSV file a person exported or saved (a roster, a filled-in review) as text cells.

Every cell stays a string (no type guessing: IDs stay digits, "NA" stays "NA"), a
byte-order mark from Excel is accepted, the delimiter is the one the header row uses
(Excel in European locales saves "CSV" with semicolons), blank lines are skipped, and each
way the file can be unusable becomes an `InputError` that says which input it was and
what to do. The standard library's csv module is enough for this, which keeps pandas (and
numpy, most of an install's size) out of the tool's dependencies.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError

# Comma first: it wins a tie, and a header without any of these is one column.
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class CsvTable:
    """The header's column names, and each data row by column name.

    A short row's missing cells are empty strings; where two columns share a name, the
    first one's cell is kept.
    """

    columns: tuple[str, ...]
    rows: list[dict[str, str]]


def read_csv_input(path: Path, what: str, *, when_empty: str, how_to_fix: str) -> CsvTable:
    """`what` names the input in messages ("The roster"); the other two finish them."""
    try:
        delimiter = header_delimiter(path)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            lines = [(reader.line_num, line) for line in reader if line]
    except FileNotFoundError:
        raise InputError(f"{what} {path} does not exist. Check the path.") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise InputError(
            f"{what} {path} is not a readable UTF-8 CSV file ({error}). {how_to_fix}"
        ) from None
    except OSError as error:
        raise InputError(
            f"Cannot read {what[0].lower() + what[1:]} {path}: {error.strerror}."
        ) from None
    if not lines:
        raise InputError(f"{what} {path} is empty{when_empty}.")
    (_, header), *data = lines
    rows = []
    for line_number, line in data:
        if len(line) > len(header):
            raise InputError(
                f"{what} {path} is not a readable UTF-8 CSV file (line {line_number} has "
                f"{len(line)} cells, the header only {len(header)}). {how_to_fix}"
            )
        row: dict[str, str] = {}
        for index, name in enumerate(header):
            row.setdefault(name, line[index] if index < len(line) else "")
        rows.append(row)
    return CsvTable(tuple(header), rows)


def header_delimiter(path: Path) -> str:
    """The delimiter the first non-blank line uses most often outside quotes.

    Only the header is looked at: data cells may hold separators of their own, such as
    Entra ID's `proxyAddresses` (`SMTP:a@x;smtp:b@x`) inside a comma-separated file.
    """
    with path.open(encoding="utf-8-sig") as handle:
        header = next((line for line in handle if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for character in header:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in counts:
            counts[character] += 1
    return max(DELIMITERS, key=lambda d: counts[d])
