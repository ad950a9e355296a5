"""The contacts file's second reader, started while the analysis is still importing.

`auditor analyze` spends its first few tenths of a second on one core, importing the
graph, the rules and the reports and then reading the agents, before the contacts
file's second reader (`contacts_split`) would start. `start`, called as soon as the
snapshot reader is imported, forks that copy at once: the copy reads the manifest, the
agents and the contact detail records itself, for the two inputs that decide which
contacts carry access (the agents' identity keys, the detail records), and goes on to
read the end of the contacts file while this process imports and reads the rest.

The copy's inputs are guesses, made without the checks this process makes, so its rows
are used only if it read for this process's very inputs: `reader_for` compares its
agents' keys with the ones this process derived, and the SHA-256 of the detail records
it typed with the manifest's (which this process checked its own against). Anything
else (no second core, no manifest, another contacts file, different inputs, a copy that
fails) only means that the copy is stopped and the contacts are read as without it.
"""

import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from auditor.emails import identity_key
from auditor.forking import cores_to_fork
from auditor.integrity.manifest import parse_manifest
from auditor.integrity.names import MANIFEST_NAME
from auditor.integrity.seal import is_inside
from auditor.models import Contact, ContactId
from auditor.snapshot.blocks import HashedBlocks, take_blocks
from auditor.snapshot.contacts import ContactColumns
from auditor.snapshot.contacts_split import SecondReader, split_point
from auditor.snapshot.validation import validate_record

# A copy that has not spoken this long after this process came to the contacts (made
# its guesses and hashed this process's part) is behind it: typing many detail records,
# or on a busy machine. A copy started then, with this process's own inputs, starts
# reading its part at once.
BEHIND_AFTER = 0.01


class Prefetch:
    """A copy reading the end of a snapshot's contacts file for the inputs it guessed."""

    def __init__(self, path: Path, reader: SecondReader) -> None:
        self._path = path
        self._reader: SecondReader | None = reader

    def reader_for(
        self, path: Path, agent_keys: frozenset[str], details_sha256: str | None
    ) -> SecondReader | None:
        """The copy, if it has begun to read `path` (by `BEHIND_AFTER`) for these agents'
        keys and the detail records of this SHA-256 (None: the snapshot has none); else
        None, the copy stopped."""
        reader = self._reader
        if reader is None:
            return None
        ready = path == self._path and reader.has_spoken(BEHIND_AFTER)
        opening = reader.opening() if ready else None
        self._reader = None
        if (
            opening is None
            or opening.agent_keys != agent_keys
            or opening.details_sha256 != details_sha256
        ):
            reader.close()
            return None
        return reader

    def close(self) -> None:
        """Stop the copy if it is still unused (the analysis failed before the contacts)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def start(directory: Path) -> Prefetch | None:
    """The copy, reading the end of `directory`'s contacts file; None where it does not
    pay or cannot start (the analysis then reads as without it, and names any problem)."""
    if cores_to_fork() < 2:
        return None
    try:
        manifest = directory / MANIFEST_NAME
        if not manifest.is_file():
            return None  # not even a named pipe or a device is opened here
        collections = parse_manifest(manifest)["collections"]
        file_name = collections["contacts"]["file"]
        path = _inside(directory, file_name)
        split = split_point(path) if path.is_file() else None
    except (OSError, ValueError, LookupError, TypeError):
        return None  # not a snapshot this process will read: it says why
    if split is None:
        return None
    prepare = functools.partial(_guessed_columns, directory, collections, file_name)
    reader = SecondReader.start_preparing(path, split, prepare, file_name)
    return None if reader is None else Prefetch(path, reader)


def _guessed_columns(
    directory: Path, collections: Any, file_name: str
) -> tuple[ContactColumns, str | None]:
    """In the copy: the columns for the agents and contact details the snapshot holds,
    and the SHA-256 of the detail records' file (None without one)."""
    keys = {
        identity_key(email)
        for name in ("agents", "agents_inactive")
        for email in _agent_emails(directory, collections[name]["file"])
        if email.strip()
    }
    details: dict[ContactId, Contact] = {}
    details_sha256 = None
    if "contact_details" in collections:
        details_file = collections["contact_details"]["file"]
        digest = hashlib.sha256()
        typed: list[Contact] = []

        def take(raw: Any, line: int) -> None:
            typed.append(validate_record(Contact, raw, details_file, line))

        blocks = HashedBlocks(_inside(directory, details_file), digest)
        take_blocks(blocks, 1, take, None, details_file, [])
        details = {contact.id: contact for contact in typed}
        details_sha256 = digest.hexdigest()

    def validate(raw: Any, line: int) -> Contact:
        return validate_record(Contact, raw, file_name, line)

    return ContactColumns(keys, details, validate, type_carried=False), details_sha256


def _agent_emails(directory: Path, file_name: str) -> Iterator[str]:
    """Each agent record's email, where `Agent` finds it (at the top, else in `contact`),
    read without the model: a guess that this process checks, and that costs a fifth of
    validating 10,000 agents."""
    with _inside(directory, file_name).open("rb") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = orjson.loads(line)
            email = record.get("email")
            if email is None and isinstance(record.get("contact"), dict):
                email = record["contact"].get("email")
            if isinstance(email, str):
                yield email


def _inside(directory: Path, file_name: str) -> Path:
    if not isinstance(file_name, str) or not is_inside(file_name):
        raise ValueError(f"{file_name!r} is not a name inside the snapshot")
    return directory / file_name
