"""The bundle's `manifest.json`: what was analysed, with which policy, and each file's SHA-256.

It seals the bundle the way a snapshot's manifest seals the snapshot, and it chains the
two: it records the SHA-256 of the snapshot's own manifest, which in turn holds the hash
of every raw data file. `auditor verify` re-checks the whole chain.
"""

from typing import Any

from auditor.analysis import Analysis
from auditor.integrity.names import BUNDLE_KIND, BUNDLE_SCHEMA_VERSION, MANIFEST_NAME
from auditor.integrity.seal import canonical_json
from auditor.report.run_info import run_info

SCHEMA_VERSION = BUNDLE_SCHEMA_VERSION


def bundle_manifest(
    analysis: Analysis, files: dict[str, str], snapshot_path: str | None
) -> dict[str, Any]:
    """The manifest document; `snapshot_path` is the snapshot's folder when inside the bundle."""
    info = run_info(analysis)
    snapshot: dict[str, Any] = {"manifest_sha256": info.snapshot_manifest_sha256}
    if snapshot_path is not None:
        snapshot["path"] = snapshot_path
        snapshot["manifest"] = f"{snapshot_path}/{MANIFEST_NAME}"
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": BUNDLE_KIND,
        "tool": {"name": info.tool_name, "version": info.tool_version},
        "account": info.domain,
        "source": info.base_url,
        "collected_at": info.collected_at,
        "as_of": info.as_of,
        "policy": info.policy_document(),
        "snapshot": snapshot,
        "inputs": info.input_files,
        "completeness": info.completeness_document(),
        "files": dict(sorted(files.items())),
    }


def bundle_manifest_bytes(
    analysis: Analysis, files: dict[str, str], snapshot_path: str | None
) -> bytes:
    return canonical_json(bundle_manifest(analysis, files, snapshot_path))
