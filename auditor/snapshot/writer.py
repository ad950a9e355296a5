"""Write a snapshot directory: data files first, each atomically, the manifest last.

The manifest is removed before anything is rewritten and written only when every data
file is in place, so an interrupted write leaves a directory that the reader refuses
instead of one that looks complete.
"""

import dataclasses
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from auditor import TOOL_NAME, __version__
from auditor.integrity.names import MANIFEST_NAME
from auditor.integrity.seal import (
    canonical_json,
    json_lines,
    remove_stale_temporaries,
    sha256_of,
    unseal,
    write_atomic,
    write_atomic_chunks,
)
from auditor.records import parse, to_json
from auditor.redaction import redact
from auditor.snapshot.manifest import (
    COLLECTIONS,
    SCHEMA_VERSION,
    SCIM_FILES,
    AccountRecord,
    CollectionStats,
    CollectionStatus,
    ScimRecord,
    SnapshotManifest,
    Source,
    ToolInfo,
)
from auditor.timestamps import format_timestamp


@dataclass
class Collected:
    """One collection's records as the API returned them, and how they were fetched."""

    records: list[dict[str, Any]]
    status: CollectionStatus = "complete"
    requests: int = 0
    pages: int = 0
    retries: int = 0
    rate_limited: int = 0
    endpoint: str = ""
    note: str = ""
    # The records' JSON lines, made while they were being fetched (None: made when written).
    encoded: "EncodedLines | None" = None


class EncodedLines:
    """Records' JSON lines made ahead of writing, while a long listing waits for its rate
    limit, so that writing a million contacts does not start with encoding them all.

    Lines are found by record identity (records are never changed after they arrive);
    the record lists are kept here, so no identity is reused while a line is held."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: list[Sequence[Mapping[str, Any]]] = []
        self._lines: dict[int, bytes] = {}

    def add(self, records: Sequence[Mapping[str, Any]]) -> None:
        # JSON text holds no raw line break, so the lines of `json_lines` split cleanly.
        lines = json_lines(records).split(b"\n")
        with self._lock:
            self._held.append(records)
            for record, line in zip(records, lines, strict=False):
                self._lines[id(record)] = line + b"\n"

    def join(self, records: Iterable[Mapping[str, Any]]) -> bytes:
        """`json_lines(records)`, byte for byte, from the lines made ahead where there are."""
        with self._lock:
            made = self._lines
            try:
                return b"".join([made[id(record)] for record in records])
            except KeyError:  # some came otherwise (from a resumed run's checkpoint)
                return b"".join(made.get(id(r)) or json_lines([r]) for r in records)


def write_snapshot(
    directory: Path,
    collections: Mapping[str, Collected],
    *,
    source: Source,
    collected_at: datetime,
    notes: list[str] | None = None,
    account: AccountRecord | None = None,
    scim: "ScimCollected | None" = None,
) -> SnapshotManifest:
    directory.mkdir(parents=True, exist_ok=True)
    unseal(directory)
    remove_stale_temporaries(directory, [*COLLECTIONS.values(), *SCIM_FILES, MANIFEST_NAME])
    stats: dict[str, CollectionStats] = {}
    hashes: dict[str, str] = {}
    for name in sorted(collections):
        collected = collections[name]
        file_name = COLLECTIONS[name]
        path = directory / file_name
        records = sorted(collected.records, key=_record_key)
        encoded = collected.encoded
        data = encoded.join(records) if encoded else json_lines(records)
        # The hash of what is on disk, read back once the file is complete.
        hashes[file_name] = write_atomic_chunks(path, (data,))
        stats[name] = CollectionStats(
            file=file_name,
            status=collected.status,
            records=len(collected.records),
            requests=collected.requests,
            pages=collected.pages,
            retries=collected.retries,
            rate_limited=collected.rate_limited,
            endpoint=collected.endpoint,
            # Notes quote servers' error text, which an echoing proxy fills with the key.
            note=redact(collected.note),
        )
    if scim is not None:
        for file_name, records in scim.files().items():
            path = directory / file_name
            write_atomic(path, json_lines(records))
            hashes[file_name] = sha256_of(path)
    manifest = SnapshotManifest(
        schema_version=SCHEMA_VERSION,
        tool=ToolInfo(name=TOOL_NAME, version=__version__),
        source=source,
        collected_at=collected_at,
        collections=stats,
        files=hashes,
        notes=[redact(note) for note in notes or []],
        account=account,
        # The note quotes the SCIM server's error text, like a collection's.
        scim=dataclasses.replace(scim.record, note=redact(scim.record.note)) if scim else None,
    )
    document = to_json(manifest)
    if account is None:
        del document["account"]  # snapshots without an `/account` answer stay as they were
    if scim is None:
        del document["scim"]  # nor do snapshots collected without a SCIM token
    document["collected_at"] = format_timestamp(collected_at)
    # Read back as the reader will read it, before it is sealed: dataclasses check
    # nothing as they are made, and a manifest the reader refuses would make the whole
    # snapshot unreadable.
    parse(SnapshotManifest, document)
    write_atomic(directory / MANIFEST_NAME, canonical_json(document))
    return manifest


@dataclass
class ScimCollected:
    """The SCIM users (and groups) as served, in the order served, and how they were read."""

    record: ScimRecord
    users: list[dict[str, Any]]
    groups: list[dict[str, Any]]

    def files(self) -> dict[str, list[dict[str, Any]]]:
        """The data files to write: the users whenever SCIM answered, groups when read."""
        files = {}
        if self.record.status in ("complete", "partial"):
            files[self.record.users_file] = self.users
        if self.record.groups_status in ("complete", "partial"):
            files[self.record.groups_file] = self.groups
        return files


def _record_key(record: Mapping[str, Any]) -> int:
    key = record.get("id", record.get("group_id", 0))
    return key if isinstance(key, int) else 0
