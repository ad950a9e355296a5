"""A JSON Lines data file read a block of whole lines at a time, hashed as it is read.

Lines are parsed a block at a time (`parse_compact_block`), and a block holding any line
that is not in the collector's compact form is read again line by line by the strict
parser, which names the line. A part of a file (a byte range starting at a line) is read
the same way, so that a second process can read the end of a large file
(`contacts_split`).
"""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from auditor.errors import SnapshotError
from auditor.integrity.seal import (
    NOT_COMPACT,
    LoneSurrogateError,
    UntrustedJsonError,
    parse_compact_block,
    parse_compact_json,
    parse_json,
)

# Takes one record and its line number.
TakeRecord = Callable[[Any, int], None]
# Takes a block's records and the first one's line number.
TakeBlock = Callable[[list[Any], int], None]


class HashedBlocks:
    """The whole lines of each chunk read from a file, joined by their line breaks (the
    last one of the chunk dropped), each chunk hashed into the caller's digests as it is
    read.

    From `start` (the first byte of a line) up to `end` (just after a line break, or the
    end of the file when None); each chunk read goes into every digest of `digests`.
    """

    # About 270 contacts: enough that the work per block is done by C loops, and few
    # enough that a block's parsed records stay in the processor's cache (at 4 MiB a
    # block, the same work took three times as long).
    CHUNK = 1 << 16

    def __init__(self, path: Path, *digests: Any, start: int = 0, end: int | None = None) -> None:
        self._path = path
        self._digests = digests
        self._start = start
        self._end = end

    def __iter__(self) -> Iterator[bytes]:
        tail = b""
        for chunk in self.chunks():
            end = chunk.rfind(b"\n")
            if end < 0:
                tail += chunk
                continue
            yield tail + chunk[:end]
            tail = chunk[end + 1 :]
        if tail:
            yield tail

    def chunks(self) -> Iterator[bytes]:
        """The range's bytes as read, each chunk hashed before it is given."""
        with self._path.open("rb") as handle:
            handle.seek(self._start)
            left = None if self._end is None else self._end - self._start
            while chunk := handle.read(self.CHUNK if left is None else min(self.CHUNK, left)):
                for digest in self._digests:
                    digest.update(chunk)
                if left is not None:
                    left -= len(chunk)
                yield chunk
            # A range that ends early (a file shorter than its range) hashes what there is.


def take_blocks(
    blocks: Iterable[bytes],
    first_line: int,
    take: TakeRecord,
    take_block: TakeBlock | None,
    file_name: str,
    notes: list[str],
) -> tuple[int, int]:
    """Give every record of `blocks` (whose first line is `first_line`) to `take`, or a
    block of compact lines whole to `take_block`; return the number of records and the
    number of the line after the last."""

    def one_by_one(records: list[Any], first: int) -> None:
        for line, raw in enumerate(records, start=first):
            take(raw, line)

    count = 0
    for text in blocks:
        records = parse_compact_block(text)
        if records is not None:
            (take_block or one_by_one)(records, first_line)
            count += len(records)
            first_line += len(records)
            continue
        lines = text.split(b"\n")
        for line, raw in _records(lines, first_line, file_name, notes):
            take(raw, line)
            count += 1
        first_line += len(lines)
    return count, first_line


def _records(
    lines: Iterable[bytes], first_line: int, file_name: str, notes: list[str]
) -> Iterator[tuple[int, Any]]:
    """Each record with its line number; a lone surrogate becomes U+FFFD, with a note."""
    for number, raw in enumerate(lines, start=first_line):
        record = parse_compact_json(raw)
        if record is not NOT_COMPACT:
            yield number, record
            continue
        # Decoded line by line, so bad UTF-8 is named by its line too.
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _damaged(file_name, number, "not UTF-8 text") from None
        if not line.strip():
            continue
        try:
            record = parse_json(line)
        except LoneSurrogateError:
            record = parse_json(line, replace_lone_surrogates=True)
            notes.append(_surrogate_note(file_name, number, record))
        except UntrustedJsonError as error:
            raise _damaged(file_name, number, f"not valid JSON ({error})") from None
        yield number, record


def _surrogate_note(file_name: str, line: int, record: Any) -> str:
    record_id = record.get("id", record.get("group_id")) if isinstance(record, dict) else None
    where = f"record id {record_id} (line {line})" if record_id is not None else f"line {line}"
    return (
        f"{file_name}: {where} holds text that is not valid Unicode (an unpaired UTF-16 "
        "surrogate, as the API sent it). The snapshot keeps it as sent; the report shows "
        "it as U+FFFD (\ufffd)."
    )


def _damaged(file_name: str, line: int, problem: str) -> SnapshotError:
    return SnapshotError(
        f"{file_name}, line {line}: {problem}. The snapshot is damaged; collect the account again."
    )
