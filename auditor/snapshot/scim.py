"""The SCIM users a snapshot holds (`scim_users.jsonl`), read into the fields matching needs.

The records are kept in the snapshot exactly as the SCIM server served them; this module
reads `id`, `userName`, `active`, `emails` and `externalId` from each (RFC 7643 section 4.1)
and nothing else. `active` is optional in SCIM: a user without it (or with a value that
is not a boolean) has an unknown standing, never a guessed one.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.errors import SnapshotError
from auditor.integrity.seal import UntrustedJsonError, parse_json
from auditor.snapshot.manifest import ScimRecord, SnapshotManifest


@dataclass(frozen=True)
class ScimUser:
    """One SCIM user: its addresses, and whether the identity provider has it active."""

    line: int
    id: str
    user_name: str
    # True or False as served; None when the record has no usable `active`.
    active: bool | None
    emails: tuple[str, ...]
    external_id: str

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address the user is known by: `emails`, and `userName` when it is one."""
        names = (self.user_name,) if "@" in self.user_name else ()
        return tuple(dict.fromkeys((*self.emails, *names)))


@dataclass(frozen=True)
class ScimDirectory:
    """What the snapshot's `scim` record says, and the users it kept."""

    record: ScimRecord
    users: tuple[ScimUser, ...]

    @property
    def answered(self) -> bool:
        """Whether SCIM served users at all (complete or partial)."""
        return self.record.status in ("complete", "partial")


def read_scim(directory: Path, manifest: SnapshotManifest) -> ScimDirectory | None:
    """The SCIM users of the snapshot; None when it was collected without a SCIM token.

    The file's hash was checked with every other file by `read_snapshot`; here its
    record count is checked against the manifest's, as every collection's is.
    """
    record = manifest.scim
    if record is None:
        return None
    if record.status not in ("complete", "partial"):
        return ScimDirectory(record, ())
    name = record.users_file
    if name not in manifest.files:
        raise SnapshotError(
            f"Snapshot {directory}: the SCIM users' file {name} has no hash in manifest.json, "
            "so its integrity cannot be checked. Collect the account again."
        )
    users = tuple(_users(directory / name))
    if len(users) != record.users:
        raise SnapshotError(
            f"Snapshot {directory}: manifest.json says {name} holds {record.users} SCIM users, "
            f"but it holds {len(users)}. The manifest does not describe its data; collect the "
            "account again."
        )
    return ScimDirectory(record, users)


def _users(path: Path) -> list[ScimUser]:
    users = []
    try:
        # JSON Lines end records at "\n" only (`splitlines` also splits at U+2028).
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        raise SnapshotError(f"{path} cannot be read as UTF-8 text; collect again.") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = parse_json(line, replace_lone_surrogates=True)
        except UntrustedJsonError as error:
            raise SnapshotError(
                f"{path.name}, line {number}: not valid JSON ({error}). The snapshot is "
                "damaged; collect the account again."
            ) from None
        users.append(scim_user(raw, number))
    return users


def scim_user(raw: Any, line: int) -> ScimUser:
    """The fields of one served SCIM user; a record that is not a JSON object is refused."""
    if not isinstance(raw, dict):
        raise SnapshotError(
            f"scim_users.jsonl, line {line}: the record is not a JSON object. The snapshot is "
            "damaged; collect the account again."
        )
    return ScimUser(
        line=line,
        id=_text(raw.get("id")),
        user_name=_text(raw.get("userName")),
        active=_active(raw.get("active")),
        emails=_emails(raw.get("emails")),
        external_id=_text(raw.get("externalId")),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) else ""


def _active(value: Any) -> bool | None:
    # Some providers send the boolean as a string ("False"); anything else is unknown.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _emails(value: Any) -> tuple[str, ...]:
    """`emails[].value` (RFC 7643 multi-valued attribute), primary first."""
    if not isinstance(value, list):
        return ()
    entries = [e for e in value if isinstance(e, dict) and isinstance(e.get("value"), str)]
    entries.sort(key=lambda e: e.get("primary") is not True)
    return tuple(dict.fromkeys(e["value"].strip() for e in entries if "@" in e["value"]))
