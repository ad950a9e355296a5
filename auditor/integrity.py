"""Atomic writes and SHA-256 manifests: what makes a snapshot or bundle trustworthy.

A file is written under a temporary name and renamed into place, so a crash never
leaves a complete-looking file with half its content. Directories are sealed by writing
their `manifest.json` last and checked by re-hashing every file it names.
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

MANIFEST_NAME = "manifest.json"
_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp creates the file private (0600); evidence files get the permissions any
        # other new file would get under the user's umask.
        os.fchmod(descriptor, 0o666 & ~_umask())
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def canonical_json(document: Any) -> bytes:
    """The one JSON form the auditor writes for documents: sorted keys, UTF-8, newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def json_lines(records: Iterable[Mapping[str, Any]]) -> bytes:
    """JSON Lines with each record's own key order kept, as the API sent it."""
    lines = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in records)
    return "".join(line + "\n" for line in lines).encode()


def unseal(directory: Path) -> None:
    """Remove a directory's manifest before rewriting it, so a crash leaves it visibly unsealed."""
    (directory / MANIFEST_NAME).unlink(missing_ok=True)


@dataclass(frozen=True)
class Discrepancy:
    """One way a sealed directory differs from its manifest."""

    path: str
    kind: Literal["altered", "missing", "extra"]

    def describe(self) -> str:
        return {
            "altered": f"{self.path}: content differs from the hash in the manifest",
            "missing": f"{self.path}: listed in the manifest but missing",
            "extra": f"{self.path}: present but not listed in the manifest",
        }[self.kind]


def compare_with_manifest(
    directory: Path, expected: Mapping[str, str], ignored: Iterable[str] = ()
) -> list[Discrepancy]:
    """Re-hash every listed file and find files the manifest does not list.

    `ignored` names top-level entries (such as a nested, separately sealed snapshot)
    that are checked elsewhere.
    """
    skip = {MANIFEST_NAME, *ignored}
    found: list[Discrepancy] = []
    for name in sorted(expected):
        path = directory / name
        if not path.is_file():
            found.append(Discrepancy(name, "missing"))
        elif sha256_of(path) != expected[name]:
            found.append(Discrepancy(name, "altered"))
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).as_posix()
        if path.is_file() and relative not in expected and relative.split("/")[0] not in skip:
            found.append(Discrepancy(relative, "extra"))
    return found
