"""The one manifest reader: strict JSON for every stage that asks what seals a folder."""

from pathlib import Path

import pytest

from auditor.integrity.manifest import parse_manifest, sealed_kind
from auditor.integrity.seal import UntrustedJsonError


def write_manifest(folder: Path, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return folder


def test_the_kind_of_a_readable_manifest_is_named(tmp_path: Path) -> None:
    assert sealed_kind(write_manifest(tmp_path / "a", '{"kind": "snapshot"}')) == "snapshot"
    assert sealed_kind(write_manifest(tmp_path / "b", '{"kind": "bundle"}')) == "bundle"


@pytest.mark.parametrize(
    "text",
    [
        # Python's json would read the last "kind" and call this folder a bundle.
        '{"kind": "snapshot", "kind": "bundle"}',
        '{"kind": "snapshot", "size": NaN}',
        b'{"kind": "snap\xffshot"}',
        '["snapshot"]',
        '{"kind": 1}',
    ],
)
def test_a_manifest_the_strict_parser_refuses_seals_nothing(tmp_path: Path, text: str) -> None:
    assert sealed_kind(write_manifest(tmp_path, text)) is None


def test_no_manifest_seals_nothing(tmp_path: Path) -> None:
    assert sealed_kind(tmp_path) is None


def test_text_that_is_not_utf8_is_refused_as_untrusted_json(tmp_path: Path) -> None:
    folder = write_manifest(tmp_path, b'{"kind": "\xff"}')
    with pytest.raises(UntrustedJsonError, match="utf-8"):
        parse_manifest(folder / "manifest.json")
