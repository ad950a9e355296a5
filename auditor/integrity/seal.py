"""Atomic writes and SHA-256 manifests: what makes a snapshot or bundle trustworthy.

A file is written under a temporary name and renamed into place, so a crash never
leaves a complete-looking file with half its content. Directories are sealed by writing
their `manifest.json` last and checked by re-hashing every file it names.
"""

import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

import orjson

from auditor.integrity.names import MANIFEST_NAME, MANIFEST_SIGNATURE, MANIFEST_TIMESTAMP
from auditor.terminal import printable

_CHUNK = 1 << 20
# A `write_atomic` temporary: `.NAME.` and the 8 random characters `tempfile.mkstemp` adds.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see either the old file or the whole new one."""
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: Path, chunks: Iterable[bytes]) -> str:
    """`write_atomic` of content produced piece by piece, never held whole in memory.

    Returns the SHA-256 of the bytes written, read back from the file once it is
    complete (what is on disk, not what was meant to be written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp creates the file private (0600); evidence files get the permissions any
        # other new file would get under the user's umask.
        os.fchmod(descriptor, 0o666 & ~_umask())
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        digest = sha256_of(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def remove_stale_temporaries(directory: Path, names: Iterable[str]) -> None:
    """Delete the temporaries of `names` that a run killed mid-write left in `directory`.

    Nothing can clean up after `kill -9`; the next run that writes the same files does,
    so the folder it seals holds no file its manifest cannot explain.
    """
    if not directory.is_dir():
        return
    ours = set(names)
    for path in directory.iterdir():
        if is_temporary_of(path.name, ours) and path.is_file() and not path.is_symlink():
            path.unlink()


def is_temporary_of(name: str, names: Iterable[str]) -> bool:
    """Whether `name` is a `write_atomic` temporary of one of `names`."""
    match = _TEMPORARY.fullmatch(name)
    return match is not None and match["name"] in set(names)


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


# Characters `json.dumps(ensure_ascii=False)` writes as they are but that break a reader:
# a lone UTF-16 surrogate (`"\ud800"` in the API's JSON) cannot be encoded as UTF-8 at
# all, and U+2028, U+2029 and NEL (U+0085), with the other C1 controls and DEL, are line
# breaks to `str.splitlines`, editors and some JSON Lines readers. They only ever occur
# inside JSON strings, where a `\uXXXX` escape keeps the text exactly as it was.
_ESCAPED_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def json_text(document: Any, **dumps_options: Any) -> str:
    """`json.dumps(document, ensure_ascii=False)`, with the characters above escaped, so
    the text is valid UTF-8 and a JSON Lines record stays on its one line."""
    text = json.dumps(document, ensure_ascii=False, **dumps_options)
    return _ESCAPED_IN_JSON.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def canonical_json(document: Any) -> bytes:
    """The one JSON form the auditor writes for documents: sorted keys, UTF-8, newline."""
    return (json_text(document, indent=2, sort_keys=True) + "\n").encode()


def canonical_json_array(items: Iterable[Any]) -> Iterator[bytes]:
    """`canonical_json(list(items))`, byte for byte, one item at a time, so a long array
    is never one document in memory. JSON text holds a line break only between tokens
    (never inside a string), so indenting each item's own lines is what the whole
    array's serialiser writes."""
    opened = False
    for item in items:
        text = canonical_json(item).decode().rstrip("\n").replace("\n", "\n  ")
        yield (",\n  " if opened else "[\n  ").encode() + text.encode()
        opened = True
    yield b"\n]\n" if opened else b"[]\n"


def json_lines(records: Iterable[Mapping[str, Any]]) -> bytes:
    """JSON Lines with each record's own key order kept, as the API sent it."""
    lines = (json_text(record, separators=(",", ":")) for record in records)
    return "".join(line + "\n" for line in lines).encode()


class UntrustedJsonError(ValueError):
    """JSON that the auditor does not accept as evidence; the message says why, to follow
    "not valid JSON"."""


class LoneSurrogateError(UntrustedJsonError):
    """A string holds an unpaired UTF-16 surrogate (a `\\ud800`-style escape), which no
    UTF-8 output can carry. Readers of API data parse it again with `replace_lone_surrogates`."""


def parse_json(text: str, *, replace_lone_surrogates: bool = False) -> Any:
    """Parse a document the auditor did not write itself (snapshot lines, manifests) strictly.

    Python's `json` accepts what RFC 8259 does not (NaN, Infinity, duplicate keys, where
    the last one silently wins) and raises RecursionError or ValueError on deep nesting
    or huge numbers. Each of these becomes an `UntrustedJsonError` naming the problem, so
    no parser reads a different record than the auditor did and no input ends in a traceback.
    A lone surrogate is a `LoneSurrogateError`, or with `replace_lone_surrogates` U+FFFD.
    """
    try:
        document = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
            parse_float=_finite_float,
        )
    except UntrustedJsonError:
        raise
    except json.JSONDecodeError as error:
        raise UntrustedJsonError(f"{error.msg}, column {error.colno}") from None
    except RecursionError:
        raise UntrustedJsonError("nested too deeply") from None
    except ValueError:
        # int() refuses numbers of thousands of digits.
        raise UntrustedJsonError("a number with more digits than any API value has") from None
    if "\\u" in text:
        # Only a `\uD800`-style escape can put an unpaired surrogate into a parsed string;
        # such text cannot be written back out as UTF-8.
        try:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            if replace_lone_surrogates:
                return _without_lone_surrogates(document)
            raise LoneSurrogateError(
                "text that is not valid Unicode (an unpaired surrogate escape)"
            ) from None
    return document


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    # `json` joins an escaped surrogate pair into one character: what is left is unpaired.
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _without_lone_surrogates(key): _without_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


# What `parse_compact_json` returns for a line it leaves to `parse_json`.
NOT_COMPACT = object()


def parse_compact_json(line: bytes) -> Any:
    """One JSON Lines record in the compact form the auditor writes, parsed fast, or
    `NOT_COMPACT` for any other line, which the caller gives to `parse_json`.

    orjson refuses NaN, Infinity, unpaired surrogates, invalid UTF-8 and deep nesting,
    but keeps the last of duplicate keys and reads huge integers as floats. A record is
    taken from it only when orjson writes it back byte for byte: text that is exactly
    the compact serialisation of the parsed value holds each key once and nothing the
    strict parser would read differently. Any other line (another spacing, an escape
    orjson spells differently, a duplicate key, an error) is left to `parse_json`, which
    names the problem: the fast path changes the speed, never the verdict.
    """
    body = line.rstrip(b"\r\n")
    try:
        document = orjson.loads(body)
        if orjson.dumps(document) == body:
            return document
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        pass
    return NOT_COMPACT


def parse_compact_block(text: bytes) -> list[Any] | None:
    """`parse_compact_json` of each line of `text` (whole lines joined by `\n`, without a
    final one) at once: every line's record when each one is compact, or None when any
    is not (the caller then reads the block line by line, which names the line and the
    problem).

    The lines are parsed as one JSON array (one call, no list of lines), and the records
    written back and joined by `\n` must be `text` byte for byte. Neither a line nor a
    record's compact text holds a line break, so that is each record's text equal to its
    own line, exactly what `parse_compact_json` demands of one line: a line that is the
    compact text of one value is that value parsed alone, so no record spans two lines
    or shares one. A line `parse_compact_json` would take after dropping a trailing `\r`
    fails here and passes there: the fallback reaches the same verdict, only slower.
    """
    try:
        documents = orjson.loads(b"[" + text.replace(b"\n", b",") + b"]")
        # No records at all is one blank line, which the line-by-line reader skips.
        if documents and b"\n".join(map(orjson.dumps, documents)) == text:
            return cast(list[Any], documents)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        pass
    return None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        # Rare, so the loop that names the repeated key runs only then.
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise UntrustedJsonError(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return document


def _no_constant(name: str) -> Any:
    raise UntrustedJsonError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UntrustedJsonError(f"the number {text} is out of range")
    return value


def is_inside(name: str) -> bool:
    """A manifest entry names a path inside its folder: relative, canonical, no `..`.

    Checked before any file a manifest names is opened, so a crafted manifest cannot
    make the auditor read or hash a file outside the folder it was given.
    """
    return all(
        part not in ("", ".", "..") and "\\" not in part and "\0" not in part
        for part in name.split("/")
    )


def unseal(directory: Path) -> None:
    """Remove a directory's manifest before rewriting it, so a crash leaves it visibly unsealed."""
    (directory / MANIFEST_NAME).unlink(missing_ok=True)
    # They vouch for the manifest being replaced; a new one needs new ones.
    (directory / MANIFEST_SIGNATURE).unlink(missing_ok=True)
    (directory / MANIFEST_TIMESTAMP).unlink(missing_ok=True)


@dataclass(frozen=True)
class Discrepancy:
    """One way a sealed directory differs from its manifest."""

    path: str
    kind: Literal["altered", "missing", "extra", "link", "miscounted"]
    # For "miscounted": what the file holds and what the manifest claims.
    detail: str = ""

    def describe(self) -> str:
        # Whoever altered the folder chose the file names: a name holding terminal control
        # sequences could otherwise rewrite the lines `auditor verify` prints around it.
        path = printable(self.path)
        return {
            "altered": f"{path}: content differs from the hash in the manifest",
            "missing": f"{path}: listed in the manifest but missing",
            "extra": f"{path}: present but not listed in the manifest",
            "link": f"{path}: a symbolic link, where sealed evidence holds only files "
            "(its content lives outside the folder and can change without it)",
            "miscounted": f"{path}: {self.detail}",
        }[self.kind]


def count_records(path: Path) -> int:
    """The records of a JSON Lines file: its lines that are not blank (as the reader counts)."""
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def compare_with_manifest(
    directory: Path,
    expected: Mapping[str, str],
    ignored: Iterable[str] = (),
    hashed_elsewhere: Iterable[str] = (),
) -> list[Discrepancy]:
    """Re-hash every listed file and find files the manifest does not list.

    Every name must satisfy `is_inside` (callers check it first). A symbolic link is
    never accepted, listed or not: its target is outside the seal. `ignored` names
    folders (such as a nested, separately sealed snapshot) that are checked elsewhere;
    `hashed_elsewhere` files the caller hashes while reading them (their presence is
    still checked here).
    """
    streamed = set(hashed_elsewhere)
    ignored = tuple(ignored)
    skip = {MANIFEST_NAME, MANIFEST_SIGNATURE, MANIFEST_TIMESTAMP, *ignored}
    below = tuple(f"{folder}/" for folder in ignored)
    found: list[Discrepancy] = []
    for name in sorted(expected):
        path = directory / name
        if _through_link(directory, name):
            found.append(Discrepancy(name, "link"))
        elif not path.is_file():
            found.append(Discrepancy(name, "missing"))
        elif name not in streamed and sha256_of(path) != expected[name]:
            found.append(Discrepancy(name, "altered"))
    named = {d.path for d in found}
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).as_posix()
        if relative in skip or relative.startswith(below) or relative in named:
            continue
        if path.is_symlink():
            found.append(Discrepancy(relative, "link"))
        elif path.is_file() and relative not in expected:
            found.append(Discrepancy(relative, "extra"))
    return found


def _through_link(directory: Path, name: str) -> bool:
    """Whether the path to `name`, below `directory`, passes through a symbolic link."""
    current = directory
    for part in name.split("/"):
        current = current / part
        if current.is_symlink():
            return True
    return False
