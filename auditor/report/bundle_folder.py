"""Which folders a report bundle may be written into: new, empty, or an earlier bundle.

A bundle's manifest lists the files the auditor wrote. Written into a folder that also
holds the user's own files, the bundle would fail `auditor verify` at once, with those
files named as extras, and the next run could overwrite one of them. So the folder must
be new or empty, or be recognisably an earlier bundle: sealed by a bundle manifest, or
holding nothing but bundle files (a run that stopped after removing its old manifest).
"""

from collections.abc import Iterable
from pathlib import Path

from auditor.errors import ReportError
from auditor.integrity.names import MANIFEST_NAME
from auditor.integrity.seal import UntrustedJsonError, is_temporary_of, parse_json

_SHOWN = 5


def refuse_foreign_folder(out: Path, bundle_files: Iterable[str], snapshot: str | None) -> None:
    """Raise unless `out` may hold a bundle of `bundle_files` (and the snapshot folder
    `snapshot`, a name inside it, as `audit` keeps it)."""
    if not out.is_dir():
        return
    if _kind(out) == "bundle":
        return  # an earlier bundle, replaced by this one
    ours = {*bundle_files, MANIFEST_NAME}
    foreign = sorted(
        entry.name for entry in out.iterdir() if not _is_bundle_entry(entry, ours, snapshot)
    )
    if not foreign:
        return
    shown = ", ".join(foreign[:_SHOWN]) + (
        f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
    )
    raise ReportError(
        f"--out {out} is not empty and is not a report bundle (it holds {shown}). The "
        "bundle's manifest would not list those files, so `auditor verify` would report the "
        "bundle as altered, and a later run could overwrite them. Give a new or empty "
        "folder, or the folder of an earlier bundle to replace."
    )


def _is_bundle_entry(entry: Path, ours: set[str], snapshot: str | None) -> bool:
    name = entry.name
    if entry.is_symlink():
        return False
    if entry.is_dir():
        return snapshot is not None and _leads_only_to(entry, snapshot.split("/"))
    # A signature or timestamp of an earlier manifest (manifest.json.sig, .tsr), and the
    # temporaries a killed run left (removed before the bundle is written).
    return name in ours or name.startswith(f"{MANIFEST_NAME}.") or is_temporary_of(name, ours)


def _leads_only_to(folder: Path, parts: list[str]) -> bool:
    """Whether `folder` is the snapshot (`parts` its path from the bundle) or a folder
    that holds nothing but the way to it (`raw/snapshot`)."""
    if folder.name != parts[0]:
        return False
    if len(parts) == 1:
        return True
    entries = list(folder.iterdir())
    return len(entries) == 1 and entries[0].is_dir() and _leads_only_to(entries[0], parts[1:])


def _kind(folder: Path) -> object:
    try:
        text = (folder / MANIFEST_NAME).read_text(encoding="utf-8")
        document = parse_json(text, replace_lone_surrogates=True)
    except (OSError, UnicodeDecodeError, UntrustedJsonError):
        return None
    return document.get("kind") if isinstance(document, dict) else None
