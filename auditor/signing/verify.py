"""`auditor verify`: re-hash a snapshot or a report bundle against its manifest.

The manifest's `kind` says which it is. A bundle that keeps its snapshot inside (as
`auditor audit` does, in `snapshot/`) is checked as a chain: the snapshot manifest's
hash must match the one the bundle recorded, and every snapshot file must match the
snapshot manifest. A manifest that is missing or unreadable is an error (exit 2), not a
discrepancy: without it there is nothing to verify against.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditor.errors import ReportError
from auditor.integrity.manifest import parse_manifest
from auditor.integrity.names import (
    BUNDLE_KIND,
    BUNDLE_SCHEMA_VERSION,
    CHECKPOINT_DIR,
    MANIFEST_NAME,
    SNAPSHOT_KIND,
    SNAPSHOT_SCHEMA_VERSION,
)
from auditor.integrity.record_counts import miscounted_collections
from auditor.integrity.seal import (
    Discrepancy,
    UntrustedJsonError,
    compare_with_manifest,
    is_inside,
    sha256_of,
)
from auditor.signing.check import SealCheck, Trust, check_seal

# `auditor verify` exits 1 when a file differs (2 stays for a manifest it cannot read).
EXIT_ALTERED = 1
# The newest manifest schema of each kind this auditor writes; it verifies every one up to it.
NEWEST_SCHEMA = {SNAPSHOT_KIND: SNAPSHOT_SCHEMA_VERSION, BUNDLE_KIND: BUNDLE_SCHEMA_VERSION}


@dataclass(frozen=True)
class Verification:
    """The outcome of verifying one directory: what was checked and what differs."""

    directory: Path
    kind: str
    files_checked: int
    discrepancies: list[Discrepancy]
    notes: list[str] = field(default_factory=list)
    # The signature and timestamp checks of each manifest (auditor/signing/check.py).
    seals: list[SealCheck] = field(default_factory=list)
    # A bundle's snapshot folder inside it, as its manifest names it (checked to be inside).
    nested_snapshot: str | None = None

    @property
    def intact(self) -> bool:
        return not self.discrepancies and not any(seal.failures for seal in self.seals)


def verify_directory(directory: Path) -> Verification:
    manifest = _read_manifest(directory)
    kind = manifest["kind"]
    files = _file_hashes(manifest, directory / MANIFEST_NAME)
    if kind == SNAPSHOT_KIND:
        found = compare_with_manifest(directory, files, ignored=(CHECKPOINT_DIR,))
        found += miscounted_collections(directory, manifest, found)
        return Verification(directory, kind, len(files), found)
    snapshot = manifest.get("snapshot")
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("manifest_sha256"), str):
        raise _garbled(directory / MANIFEST_NAME, "has no 'snapshot.manifest_sha256' string")
    nested = snapshot.get("path")
    if nested is None:
        found = compare_with_manifest(directory, files)
        note = (
            "The snapshot is not inside this bundle; its manifest must have SHA-256 "
            f"{snapshot['manifest_sha256']} (verify it with `auditor verify SNAPSHOT_DIR`)."
        )
        return Verification(directory, kind, len(files), found, [note])
    if not isinstance(nested, str) or not is_inside(nested):
        raise _garbled(directory / MANIFEST_NAME, f"names snapshot path {nested!r}")
    found = compare_with_manifest(directory, files, ignored=(nested,))
    nested_found, nested_count = _verify_nested(directory, nested, snapshot["manifest_sha256"])
    return Verification(
        directory, kind, len(files) + nested_count, found + nested_found, nested_snapshot=nested
    )


def verify_sealed(directory: Path, trust: Trust) -> Verification:
    """`verify_directory`, then the signature and timestamp of the manifest and, for a bundle
    that keeps its snapshot inside, of the snapshot's too (`collect --sign-key`)."""
    result = verify_directory(directory)
    folders = [""]
    nested = result.nested_snapshot
    if nested is not None:
        # A link is reported by verify_directory, not followed here.
        inside = directory / nested
        if not inside.is_symlink() and (inside / MANIFEST_NAME).is_file():
            folders.append(nested)
    return replace(result, seals=[check_seal(directory, folder, trust) for folder in folders])


def _verify_nested(
    bundle: Path, nested: str, expected_sha256: str
) -> tuple[list[Discrepancy], int]:
    """The nested snapshot's manifest against the bundle, then its files against that manifest."""
    manifest_name = f"{nested}/{MANIFEST_NAME}"
    path = bundle / nested / MANIFEST_NAME
    if (bundle / nested).is_symlink() or path.is_symlink():
        # A link would let the bundle point at a snapshot kept (and changed) elsewhere.
        return [Discrepancy(nested, "link")], 1
    if not path.is_file():
        return [Discrepancy(manifest_name, "missing")], 1
    if sha256_of(path) != expected_sha256:
        # Its file list cannot be trusted, so its files are not checked against it.
        return [Discrepancy(manifest_name, "altered")], 1
    nested_manifest = _read_manifest(bundle / nested)
    files = _file_hashes(nested_manifest, path)
    found = compare_with_manifest(bundle / nested, files, ignored=(CHECKPOINT_DIR,))
    found += miscounted_collections(bundle / nested, nested_manifest, found)
    prefixed = [replace(d, path=f"{nested}/{d.path}") for d in found]
    return prefixed, len(files) + 1


def _read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST_NAME
    if not directory.is_dir():
        raise ReportError(f"{directory} is not a directory; give a snapshot or bundle folder.")
    if not path.is_file():
        raise ReportError(
            f"{directory} has no manifest.json, so there is nothing to verify it against: it "
            "is not a snapshot or report bundle, or the run that wrote it did not finish (the "
            "manifest is written last). Run `auditor collect` or `auditor analyze` again."
        )
    try:
        document = parse_manifest(path)
    except UntrustedJsonError as error:
        raise _garbled(path, f"is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise _garbled(path, "is not a JSON object")
    if document.get("kind") not in (SNAPSHOT_KIND, BUNDLE_KIND):
        raise _garbled(path, f"has kind {document.get('kind')!r}; expected 'snapshot' or 'bundle'")
    _check_schema_version(path, document["kind"], document.get("schema_version"))
    return document


def _check_schema_version(path: Path, kind: str, version: object) -> None:
    """Only a schema this auditor knows is verified: an unknown one may seal its files in a
    way this version cannot check, and "OK" would then vouch for what was never checked."""
    newest = NEWEST_SCHEMA[kind]
    # `True == 1` in Python, and 1.0 too: only the integer is a schema version.
    if type(version) is int and 1 <= version <= newest:
        return
    known = "1" if newest == 1 else f"1 to {newest}"
    raise ReportError(
        f"{path} has schema_version {version!r}; this auditor verifies schema_version {known} "
        f"of a {kind} manifest. Verify it with the auditor version that wrote it (named under "
        "'tool' in the manifest)."
    )


def _file_hashes(manifest: dict[str, Any], path: Path) -> dict[str, str]:
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(name, str) and isinstance(digest, str) for name, digest in files.items()
    ):
        raise _garbled(path, "has no 'files' table of file name -> SHA-256")
    outside = sorted(name for name in files if not is_inside(name))
    if outside:
        raise _garbled(path, f"lists files outside its folder ({', '.join(outside)})")
    return dict(files)


def _garbled(path: Path, problem: str) -> ReportError:
    return ReportError(
        f"{path} {problem}. The manifest is damaged or was edited, so the folder cannot be "
        "verified; restore it from the original copy of the evidence."
    )
