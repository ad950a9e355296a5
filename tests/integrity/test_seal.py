"""Atomic writes and manifest comparison."""

import itertools
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.integrity.seal import (
    NOT_COMPACT,
    Discrepancy,
    UntrustedJsonError,
    canonical_json,
    canonical_json_array,
    compare_with_manifest,
    is_inside,
    parse_compact_block,
    parse_compact_json,
    parse_json,
    remove_stale_temporaries,
    sha256_of,
    write_atomic,
)


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


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"id": NaN}', "NaN is not a JSON number"),
        ('{"id": -Infinity}', "-Infinity is not a JSON number"),
        ('{"x": 1e999}', "the number 1e999 is out of range"),
        ('{"id": 1, "name": "a", "id": 2}', "the key 'id' appears twice in one object"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"id": ' + "9" * 5000 + "}", "a number with more digits than any API value has"),
        ('{"name": "\\ud800"}', "an unpaired surrogate escape"),
        ('{"name": "a"', "Expecting ',' delimiter"),
    ],
)
def test_parse_json_refuses_what_json_loads_lets_through(text: str, problem: str) -> None:
    with pytest.raises(UntrustedJsonError) as raised:
        parse_json(text)
    assert problem in str(raised.value)


def test_parse_json_reads_ordinary_records_as_json_loads_does() -> None:
    text = '{"id": 1, "name": "Zo\\u00eb \\ud83d\\ude00", "rate": 0.5, "tags": [{"a": null}]}'
    assert parse_json(text) == {"id": 1, "name": "Zoë 😀", "rate": 0.5, "tags": [{"a": None}]}


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("agents.jsonl", True),
        ("snapshot/agents.jsonl", True),
        (".partial/agents.p00001.json", True),
        ("", False),
        (".", False),
        ("..", False),
        ("../etc/passwd", False),
        ("/etc/passwd", False),
        ("snapshot/../../x", False),
        ("./agents.jsonl", False),
        ("snapshot//agents.jsonl", False),
        ("snapshot/", False),
        ("..\\x", False),
        ("a\0b", False),
    ],
)
def test_is_inside_accepts_only_canonical_paths_below_the_folder(name: str, inside: bool) -> None:
    assert is_inside(name) is inside


def test_symbolic_links_are_never_part_of_a_sealed_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a").write_text("a")
    (outside / "more").write_text("hidden")
    sealed = tmp_path / "sealed"
    sealed.mkdir()
    (sealed / "a").symlink_to(outside / "a")
    (sealed / "b").write_text("b")
    (sealed / "dir").symlink_to(outside, target_is_directory=True)
    (sealed / "c").symlink_to(outside / "more")
    expected = {"a": sha256_of(outside / "a"), "b": sha256_of(sealed / "b")}
    assert compare_with_manifest(sealed, expected) == [
        Discrepancy("a", "link"),
        Discrepancy("c", "link"),
        Discrepancy("dir", "link"),
    ]
    assert "symbolic link" in Discrepancy("a", "link").describe()


def test_temporaries_left_by_a_killed_write_are_removed_by_the_next(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", b"x")
    # What `kill -9` during write_atomic leaves behind.
    (tmp_path / ".a.txt.k2j3h4_x").write_bytes(b"half")
    (tmp_path / ".b.txt.zzzz9999").write_bytes(b"not ours")
    (tmp_path / ".a.txt.my-notes").write_bytes(b"not a temporary")
    remove_stale_temporaries(tmp_path, ["a.txt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".a.txt.my-notes",
        ".b.txt.zzzz9999",
        "a.txt",
    ]


@pytest.mark.parametrize(
    "line",
    [
        b'{"id":1,"name":"a","id":2}',  # the last key would silently win
        b'{"id":NaN}',
        b'{"n":1e400}',
        b'{"n":123456789012345678901234567890}',  # orjson reads it as a float
        b'{"id": 1}',  # not the compact form: the strict parser decides
        b'"\\ud800"',
        b"\xff\xfe{}",
        b"",
    ],
)
def test_only_lines_that_round_trip_byte_for_byte_take_the_fast_path(line: bytes) -> None:
    assert parse_compact_json(line) is NOT_COMPACT


def test_a_compact_line_is_parsed_as_the_strict_parser_parses_it() -> None:
    line = '{"id":7,"name":"José","tags":["a"],"score":1.5,"none":null}'
    assert parse_compact_json(line.encode() + b"\n") == parse_json(line)


@pytest.mark.parametrize(
    "items",
    [[], [{"b": 1, "a": [1, {"c": "x\ny"}]}], [{"a": 1}, [], "text", {"e": {"f": None}}]],
)
def test_an_array_written_item_by_item_is_the_canonical_array(items: list[object]) -> None:
    assert b"".join(canonical_json_array(iter(items))) == canonical_json(items)


_COMPACT_LINES = [b'{"id":1,"name":"a"}', b'{"id":2,"tags":["x"],"n":null}', b"[1,2]", b'"text"']


@pytest.mark.parametrize(
    "line",
    [
        b'{"id":1,"name":"a","id":2}',
        b'{"n":123456789012345678901234567890}',
        b'{"id": 1}',
        b'{"id":1}\r',
        b'"\\ud800"',
        b"\xff\xfe{}",
        b"",
    ],
)
def test_a_block_with_one_line_that_is_not_compact_goes_line_by_line(line: bytes) -> None:
    for at in range(len(_COMPACT_LINES) + 1):
        lines = [*_COMPACT_LINES[:at], line, *_COMPACT_LINES[at:]]
        assert parse_compact_block(b"\n".join(lines)) is None


def test_a_compact_block_is_each_line_parsed_alone() -> None:
    parsed = parse_compact_block(b"\n".join(_COMPACT_LINES))
    assert parsed == [parse_json(x.decode()) for x in _COMPACT_LINES]


def test_lines_that_are_json_only_when_joined_are_not_records() -> None:
    """Joined by commas these make one valid array of as many items as there are lines,
    but no line but the last is a JSON document of its own."""
    lines = [b'{"a":[{"x":1}', b'{"y":2}]}', b"{},{}"]
    assert orjson.loads(b"[" + b",".join(lines) + b"]") == [{"a": [{"x": 1}, {"y": 2}]}, {}, {}]
    assert parse_compact_block(b"\n".join(lines)) is None


def test_a_blank_line_is_no_block_of_records() -> None:
    """The line-by-line reader skips it and counts it as a line; an empty list of
    records would lose it from the line numbers."""
    assert parse_compact_block(b"") is None
    assert parse_compact_block(b'{"a":1}\n\n{"b":2}') is None
    assert parse_compact_block(b'\n{"b":2}') is None


_PIECES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=5,
).map(orjson.dumps)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=4), st.data())
def test_a_block_is_compact_exactly_when_each_of_its_lines_is(
    texts: list[bytes], data: st.DataObject
) -> None:
    """Lines cut from compact texts at random places, or spliced: the block is parsed
    exactly when every line on its own is compact, and then as each line alone."""
    joined = b"".join(texts)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(joined)), max_size=3)))
    if cuts:
        bounds = [0, *cuts, len(joined)]
        texts = [joined[a:b] for a, b in itertools.pairwise(bounds)]
    texts = [text.replace(b"\n", b" ") for text in texts]  # each one line
    alone = [parse_compact_json(text) for text in texts]
    block = parse_compact_block(b"\n".join(texts))
    if any(record is NOT_COMPACT for record in alone):
        assert block is None
    else:
        assert block == alone
