"""Read a snapshot directory: check its manifest and hashes, then type every record.

Nothing is trusted before it is checked: a missing or foreign manifest, a file whose
hash differs, a line that is not JSON or a record of the wrong shape each stop the
load with a `SnapshotError` that names the file, the record and the field.

Each data file is read once by this process: it is hashed while its lines are parsed,
and no record read from it is used before the hash has matched (a file that fails both
checks is reported as altered). Lines are parsed a block at a time (`blocks`). Contacts
become columns (`contacts.ContactTable`), a block at a time, on two cores for a large
file: a forked copy reads and hashes its end (`contacts_split`), started before this
process reads the agents when `auditor analyze` can (`contacts_prefetch`); only those
that carry access are typed objects.
"""

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from auditor.emails import identity_key
from auditor.errors import AuditorError, SnapshotError
from auditor.integrity.manifest import parse_manifest
from auditor.integrity.names import CHECKPOINT_DIR, MANIFEST_NAME
from auditor.integrity.seal import (
    Discrepancy,
    UntrustedJsonError,
    compare_with_manifest,
    sha256_of,
)
from auditor.models import Agent, Company, Contact, Group, Role
from auditor.records import Invalid, Record, parse
from auditor.snapshot.account import Account
from auditor.snapshot.availability import AvailabilityRecord, mark_deactivated
from auditor.snapshot.blocks import HashedBlocks, take_blocks
from auditor.snapshot.collector_pause import collector_paused
from auditor.snapshot.contacts import ContactColumns
from auditor.snapshot.contacts_split import read_contacts
from auditor.snapshot.manifest import (
    REQUIRED_COLLECTIONS,
    SCHEMA_VERSION,
    SnapshotManifest,
)
from auditor.snapshot.memberships import GroupMembers, fill_memberships
from auditor.snapshot.validation import validate_record

if TYPE_CHECKING:
    from auditor.snapshot.contacts_prefetch import Prefetch

RecordT = TypeVar("RecordT", bound=Record)


def read_snapshot(directory: Path, prefetch: "Prefetch | None" = None) -> Account:
    """The snapshot in `directory`, checked and typed. `prefetch`, the contacts' second
    reader started early for this directory (`contacts_prefetch`), is used if it read for
    the same agents and details, and stopped either way."""
    try:
        # Millions of records that live as long as the run: see `collector_paused`.
        with collector_paused(freeze=True):
            return _read_snapshot(directory, prefetch)
    finally:
        if prefetch is not None:
            prefetch.close()


def _read_snapshot(directory: Path, prefetch: "Prefetch | None") -> Account:
    manifest = read_manifest(directory)
    streamed = {
        stats.file for stats in manifest.collections.values() if stats.file in manifest.files
    }
    discrepancies = compare_with_manifest(
        directory, manifest.files, ignored=(CHECKPOINT_DIR,), hashed_elsewhere=streamed
    )
    problems = [d for d in discrepancies if d.kind != "extra"]
    if problems:
        raise _not_as_sealed(directory, problems)
    for name in REQUIRED_COLLECTIONS:
        if name not in manifest.collections:
            raise SnapshotError(
                f"Snapshot {directory}: manifest.json lists no '{name}' collection, so the "
                "population would be incomplete. Collect the account again."
            )

    notes: list[str] = []
    hashed: set[str] = set()

    def each_record(
        name: str,
        take: Callable[[Any, int], None],
        take_block: Callable[[list[Any], int], None] | None = None,
        *,
        contacts: ContactColumns | None = None,
    ) -> None:
        """Give `take` every record of the collection with its line number, then check the
        file's hash and count. With `take_block`, a block of compact lines is given to it
        whole (its records and the first one's line number) instead; the contacts go into
        `contacts`, read on two cores where that pays (`contacts_split`)."""
        stats = manifest.collections.get(name)
        if stats is None:
            return
        if stats.file not in manifest.files:
            raise SnapshotError(
                f"Snapshot {directory}: the '{name}' collection's file {stats.file} has no "
                "hash in manifest.json, so its integrity cannot be checked."
            )
        expected = manifest.files[stats.file]
        path = directory / stats.file
        try:
            if contacts is not None:
                second = None
                if prefetch is not None:
                    keys = contacts.agent_keys
                    second = prefetch.reader_for(path, keys, details_sha256)
                count, sha256 = read_contacts(path, contacts, stats.file, notes, second)
            else:
                digest = hashlib.sha256()
                blocks = HashedBlocks(path, digest)
                count, _ = take_blocks(blocks, 1, take, take_block, stats.file, notes)
                sha256 = digest.hexdigest()
        except AuditorError:
            # A damaged record in an altered file: the alteration is what to report.
            if sha256_of(path) != expected:
                raise _not_as_sealed(directory, [Discrepancy(stats.file, "altered")]) from None
            raise
        if sha256 != expected:
            raise _not_as_sealed(directory, [Discrepancy(stats.file, "altered")])
        hashed.add(stats.file)
        if count != stats.records:
            # The hash proves the file is the one collected; the count proves the manifest
            # describes it (999 claimed and 53 present would otherwise pass as complete).
            raise SnapshotError(
                f"Snapshot {directory}: manifest.json says the '{name}' collection holds "
                f"{stats.records} records, but {stats.file} holds {count}. The manifest "
                "does not describe its data; collect the account again."
            )

    def load(name: str, model: type[RecordT]) -> list[RecordT]:
        records: list[RecordT] = []
        file_name = manifest.collections[name].file if name in manifest.collections else ""

        def take(raw: Any, line: int) -> None:
            records.append(validate_record(model, raw, file_name, line))

        each_record(name, take)
        return records

    files = {name: stats.file for name, stats in manifest.collections.items()}
    active = _by_id(load("agents", Agent), files["agents"])
    inactive = _by_id(
        [dataclasses.replace(a, listed_inactive=True) for a in load("agents_inactive", Agent)],
        files["agents_inactive"],
    )
    roles = load("roles", Role)
    groups = load("groups", Group)
    details = {a.id: a for a in load("agent_details", Agent)}
    members = {m.group_id: m for m in load("group_members", GroupMembers)}
    merged = mark_deactivated(
        _merge_listings(active, inactive, notes),
        load("agents_availability", AvailabilityRecord),
    )
    unfinished = [
        name
        for name in ("agent_details", "group_members")
        if name in manifest.incomplete_collections
    ]
    notes += [_unknown_identity_note(files["agents"], a) for a in merged if a.identity_unknown]
    agents = fill_memberships(
        merged,
        groups,
        details,
        members,
        files["agents"],
        notes,
        incomplete_route=" and ".join(unfinished) or None,
    )
    contact_details = _by_id(load("contact_details", Contact), files.get("contact_details", ""))
    # The bytes a prefetched reader's details must come from (it types them itself).
    details_sha256 = (
        manifest.files.get(files["contact_details"]) if "contact_details" in files else None
    )
    columns = ContactColumns(
        {identity_key(a.email) for a in agents if a.email.strip()},
        contact_details,
        lambda raw, line: validate_record(Contact, raw, files["contacts"], line),
    )
    each_record("contacts", columns.add, contacts=columns)
    contact_table = columns.table(files["contacts"])
    companies = _by_id(load("companies", Company), files["companies"])
    # Files the manifest lists beside the collections' are hashed as before.
    unhashed = [
        d for d in sorted(streamed - hashed) if sha256_of(directory / d) != manifest.files[d]
    ]
    if unhashed:
        raise _not_as_sealed(directory, [Discrepancy(name, "altered") for name in unhashed])
    return Account(
        manifest=manifest,
        agents=_by_id(agents, files["agents"]),
        roles=_by_id(roles, files["roles"]),
        groups=_by_id(groups, files["groups"]),
        contacts=columns.contacts,
        contact_table=contact_table,
        carried_columns=columns.carried_columns(),
        companies=companies,
        directory=directory,
        manifest_sha256=sha256_of(directory / MANIFEST_NAME),
        notes=notes,
    )


def _not_as_sealed(directory: Path, problems: list[Discrepancy]) -> SnapshotError:
    listed = "; ".join(d.describe() for d in problems)
    return SnapshotError(
        f"Snapshot {directory} does not match its manifest ({listed}). The files were "
        "altered or damaged after collection; collect the account again."
    )


def read_manifest(directory: Path) -> SnapshotManifest:
    path = directory / MANIFEST_NAME
    if not directory.is_dir():
        raise SnapshotError(f"Snapshot directory {directory} does not exist.")
    if not path.is_file():
        raise SnapshotError(
            f"{directory} has no manifest.json: it is not a snapshot, or its collection did "
            "not finish (a finished collection writes the manifest last). Run `auditor "
            "collect` again, with --resume to continue an interrupted run."
        )
    try:
        # The manifest quotes the API too (the key owner's name): a lone surrogate there is
        # shown as U+FFFD, like one in a record.
        document = parse_manifest(path)
    except UntrustedJsonError as error:
        raise SnapshotError(f"{path} is not valid JSON ({error}).") from None
    version = document.get("schema_version") if isinstance(document, dict) else None
    # `True == 1` in Python, and 1.0 too: only the integer is this schema.
    if type(version) is not int or version != SCHEMA_VERSION:
        raise SnapshotError(
            f"{path} has schema_version {version!r}; this auditor reads schema_version "
            f"{SCHEMA_VERSION}. Use the auditor version that wrote it, or collect again."
        )
    try:
        return parse(SnapshotManifest, document)
    except Invalid as error:
        raise SnapshotError(f"{path}: field '{error.field}' {error.problem}.") from None


def _unknown_identity_note(file_name: str, agent: Agent) -> str:
    source = "agents_inactive.jsonl" if agent.listed_inactive else file_name
    return (
        f'{source}: agent {agent.id} has no name and no email (its "contact" is null or '
        "empty), so who holds this access is unknown. It is carried with an empty name and "
        "email; its state comes from the listing it is in, and dormancy is judged from its "
        "last login or activity, or its creation."
    )


def _merge_listings(
    active: dict[Any, Agent], inactive: dict[Any, Agent], notes: list[str]
) -> list[Agent]:
    """Merge both agent listings by ID; an agent in both keeps its most recent record."""
    merged = dict(active)
    for agent in inactive.values():
        current = merged.get(agent.id)
        if current is None:
            merged[agent.id] = agent
            continue
        notes.append(
            f"Agent {agent.id} appears in both the active and the inactive listing (its state "
            "changed during collection); the most recently updated record is used."
        )
        if _updated(agent) > _updated(current):
            merged[agent.id] = agent
    return [merged[key] for key in sorted(merged)]


def _updated(agent: Agent) -> float:
    moment = agent.updated_at or agent.created_at
    return moment.timestamp()


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


IdentifiedT = TypeVar("IdentifiedT", bound=_Identified)


def _by_id(records: list[IdentifiedT], file_name: str) -> dict[Any, IdentifiedT]:
    result: dict[Any, IdentifiedT] = {}
    for record in sorted(records, key=lambda item: item.id):
        key = record.id
        if key in result:
            raise SnapshotError(
                f"{file_name}: record id {key} appears twice. A snapshot holds each record "
                "once; collect the account again."
            )
        result[key] = record
    return result
