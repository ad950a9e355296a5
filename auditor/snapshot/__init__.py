"""The snapshot directory: what `collect` writes and every later stage reads."""

from auditor.snapshot.account import Account
from auditor.snapshot.manifest import (
    COLLECTIONS,
    SCHEMA_VERSION,
    CollectionStats,
    KeyOwner,
    SnapshotManifest,
    Source,
)
from auditor.snapshot.reader import read_snapshot
from auditor.snapshot.writer import write_snapshot

__all__ = [
    "COLLECTIONS",
    "SCHEMA_VERSION",
    "Account",
    "CollectionStats",
    "KeyOwner",
    "SnapshotManifest",
    "Source",
    "read_snapshot",
    "write_snapshot",
]
