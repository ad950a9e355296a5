"""Reading a `manifest.json`: the one place that opens a manifest, always with the strict
JSON parser, since a manifest is a document the auditor did not necessarily write."""

from pathlib import Path
from typing import Any

from auditor.integrity.names import MANIFEST_NAME
from auditor.integrity.seal import UntrustedJsonError, parse_json


def parse_manifest(path: Path) -> Any:
    """The manifest's document as parsed; `UntrustedJsonError` says why it cannot be read
    as JSON, text that is not UTF-8 included. A missing file is the caller's `OSError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UntrustedJsonError(str(error)) from None
    # A snapshot manifest quotes the API (the key owner's name), lone surrogates too: they
    # are read as U+FFFD, as in a record, rather than refused.
    return parse_json(text, replace_lone_surrogates=True)


def sealed_kind(directory: Path) -> str | None:
    """The `kind` of the manifest that seals `directory` (`snapshot`, `bundle`), or None
    when no readable manifest says."""
    try:
        document = parse_manifest(directory / MANIFEST_NAME)
    except (OSError, UntrustedJsonError):
        return None
    kind = document.get("kind") if isinstance(document, dict) else None
    return kind if isinstance(kind, str) else None
