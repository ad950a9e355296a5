"""Atomic writes and manifest comparison."""

from pathlib import Path

import pytest

from auditor.integrity import Discrepancy, compare_with_manifest, sha256_of, write_atomic


def test_write_atomic_replaces_the_whole_file_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_atomic(target, b"old")
    write_atomic(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.txt"
    write_atomic(target, b"old")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", refuse)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_compare_with_manifest_names_each_difference(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / name).write_text(name)
    expected = {name: sha256_of(tmp_path / name) for name in ("a", "b", "c")}
    (tmp_path / "a").write_text("tampered")
    (tmp_path / "b").unlink()
    (tmp_path / "d").write_text("new")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "x").write_text("ignored by request")
    found = compare_with_manifest(tmp_path, expected, ignored=("nested",))
    assert found == [
        Discrepancy("a", "altered"),
        Discrepancy("b", "missing"),
        Discrepancy("d", "extra"),
    ]


def test_written_files_follow_the_umask_not_mkstemps_private_mode(tmp_path: Path) -> None:
    import os

    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "evidence.csv", b"x")
    finally:
        os.umask(previous)
    assert (tmp_path / "evidence.csv").stat().st_mode & 0o777 == 0o640
