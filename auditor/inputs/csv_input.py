"""Read a CSV file a person exported or saved (a roster, a filled-in review) as text cells.

Every cell stays a string (pandas would otherwise turn IDs into floats and "NA" into a
missing value), a byte-order mark from Excel is accepted, the delimiter is the one the
header row uses (Excel in European locales saves "CSV" with semicolons), and each way
the file can be unusable becomes an `InputError` that says which input it was and what
to do.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

# Comma first: it wins a tie, and a header without any of these is one column.
DELIMITERS = (",", ";", "\t")


def read_csv_input(path: Path, what: str, *, when_empty: str, how_to_fix: str) -> "pd.DataFrame":
    """`what` names the input in messages ("The roster"); the other two finish them."""
    # Imported here, not at the top: pandas takes a quarter of a second to import, and a
    # plain `analyze` (no --roster, no --previous-review) reads no CSV input at all.
    import pandas as pd

    try:
        delimiter = header_delimiter(path)
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=delimiter
        )
    except FileNotFoundError:
        raise InputError(f"{what} {path} does not exist. Check the path.") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{what} {path} is empty{when_empty}.") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise InputError(
            f"{what} {path} is not a readable UTF-8 CSV file ({error}). {how_to_fix}"
        ) from None
    except OSError as error:
        raise InputError(
            f"Cannot read {what[0].lower() + what[1:]} {path}: {error.strerror}."
        ) from None


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
