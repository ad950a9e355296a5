"""Read a snapshot directory: check its manifest and hashes, then type every record.

Nothing is trusted before it is checked: a missing or foreign manifest, a file whose
hash differs, a line that is not JSON or a record of the wrong shape each stop the
load with a `SnapshotError` that names the file, the record and the field.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from auditor.errors import RecordError, SnapshotError
from auditor.integrity.manifest import parse_manifest
from auditor.integrity.names import CHECKPOINT_DIR, MANIFEST_NAME
from auditor.integrity.seal import (
    LoneSurrogateError,
    UntrustedJsonError,
    compare_with_manifest,
    parse_json,
    sha256_of,
)
from auditor.models import Agent, Company, Contact, Group, Role
from auditor.snapshot.account import Account
from auditor.snapshot.availability import AvailabilityRecord, mark_deactivated
from auditor.snapshot.manifest import (
    REQUIRED_COLLECTIONS,
    SCHEMA_VERSION,
    SnapshotManifest,
)
from auditor.snapshot.memberships import GroupMembers, fill_memberships

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_snapshot(directory: Path) -> Account:
    manifest = read_manifest(directory)
    discrepancies = compare_with_manifest(directory, manifest.files, ignored=(CHECKPOINT_DIR,))
    problems = [d for d in discrepancies if d.kind != "extra"]
    if problems:
        listed = "; ".join(d.describe() for d in problems)
        raise SnapshotError(
            f"Snapshot {directory} does not match its manifest ({listed}). The files were "
            "altered or damaged after collection; collect the account again."
        )
    for name in REQUIRED_COLLECTIONS:
        if name not in manifest.collections:
            raise SnapshotError(
                f"Snapshot {directory}: manifest.json lists no '{name}' collection, so the "
                "population would be incomplete. Collect the account again."
            )

    notes: list[str] = []

    def load(name: str, model: type[ModelT]) -> list[ModelT]:
        stats = manifest.collections.get(name)
        if stats is None:
            return []
        if stats.file not in manifest.files:
            raise SnapshotError(
                f"Snapshot {directory}: the '{name}' collection's file {stats.file} has no "
                "hash in manifest.json, so its integrity cannot be checked."
            )
        records = [
            _validate(model, raw, stats.file, line)
            for line, raw in _records(directory, stats.file, notes)
        ]
        if len(records) != stats.records:
            # The hash proves the file is the one collected; the count proves the manifest
            # describes it (999 claimed and 53 present would otherwise pass as complete).
            raise SnapshotError(
                f"Snapshot {directory}: manifest.json says the '{name}' collection holds "
                f"{stats.records} records, but {stats.file} holds {len(records)}. The manifest "
                "does not describe its data; collect the account again."
            )
        return records

    files = {name: stats.file for name, stats in manifest.collections.items()}
    active = _by_id(load("agents", Agent), files["agents"])
    inactive = _by_id(
        [a.model_copy(update={"listed_inactive": True}) for a in load("agents_inactive", Agent)],
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
    return Account(
        manifest=manifest,
        agents=_by_id(agents, files["agents"]),
        roles=_by_id(roles, files["roles"]),
        groups=_by_id(groups, files["groups"]),
        contacts=_with_details(
            _by_id(load("contacts", Contact), files["contacts"]),
            load("contact_details", Contact),
        ),
        companies=_by_id(load("companies", Company), files["companies"]),
        directory=directory,
        manifest_sha256=sha256_of(directory / MANIFEST_NAME),
        notes=notes,
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
        return SnapshotManifest.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise SnapshotError(
            f"{path}: field '{field}' {message[:1].lower()}{message[1:]}."
        ) from None


def _records(directory: Path, file_name: str, notes: list[str]) -> Iterator[tuple[int, Any]]:
    """Each record with its line number; a lone surrogate becomes U+FFFD, with a note."""
    path = directory / file_name
    # Read as bytes and decode line by line, so bad UTF-8 is named by its line too.
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise _damaged(file_name, number, "not UTF-8 text") from None
            if not line.strip():
                continue
            try:
                record = parse_json(line)
            except LoneSurrogateError:
                record = parse_json(line, replace_lone_surrogates=True)
                notes.append(_surrogate_note(file_name, number, record))
            except UntrustedJsonError as error:
                raise _damaged(file_name, number, f"not valid JSON ({error})") from None
            yield number, record


def _unknown_identity_note(file_name: str, agent: Agent) -> str:
    source = "agents_inactive.jsonl" if agent.listed_inactive else file_name
    return (
        f'{source}: agent {agent.id} has no name and no email (its "contact" is null or '
        "empty), so who holds this access is unknown. It is carried with an empty name and "
        "email; its state comes from the listing it is in, and dormancy is judged from its "
        "last login or activity, or its creation."
    )


def _surrogate_note(file_name: str, line: int, record: Any) -> str:
    record_id = record.get("id", record.get("group_id")) if isinstance(record, dict) else None
    where = f"record id {record_id} (line {line})" if record_id is not None else f"line {line}"
    return (
        f"{file_name}: {where} holds text that is not valid Unicode (an unpaired UTF-16 "
        "surrogate, as the API sent it). The snapshot keeps it as sent; the report shows "
        "it as U+FFFD (\ufffd)."
    )


def _damaged(file_name: str, line: int, problem: str) -> SnapshotError:
    return SnapshotError(
        f"{file_name}, line {line}: {problem}. The snapshot is damaged; collect the account again."
    )


def _validate(model: type[ModelT], raw: Any, file_name: str, line: int) -> ModelT:
    if not isinstance(raw, dict):
        raise RecordError(file_name, f"line {line}", "(record)", "is not a JSON object")
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(record)"
        record_id = raw.get("id", raw.get("group_id"))
        where = f"record id {record_id} (line {line})" if record_id is not None else f"line {line}"
        message = first["msg"].removeprefix("Value error, ")
        problem = (
            "is required but missing" if first["type"] == "missing" else f"is invalid: {message}"
        )
        raise RecordError(file_name, where, field, problem) from None


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


def _with_details(contacts: dict[Any, Contact], details: list[Contact]) -> dict[Any, Contact]:
    """Listing records replaced by their `/contacts/{id}` record where one was read: only
    the detail says which companies' tickets the contact may view."""
    by_id = {detail.id: detail for detail in details}
    return {key: by_id.get(key, contact) for key, contact in contacts.items()}


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
