"""The account the fake server serves: a snapshot's records, completed and kept in memory.

Records are kept as the snapshot stores them, with `role_ids` and `group_ids` filled
in (the reader's job) and every group's `agent_ids` known, so the server can answer in
either record shape and by any membership route.
"""

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from auditor.errors import SnapshotError
from auditor.fake.shapes import display_name, rename
from auditor.snapshot import read_snapshot
from auditor.snapshot.manifest import CollectionStats, CollectionStatus, SnapshotManifest
from auditor.timestamps import format_timestamp

# The collections a listing endpoint serves (the membership files are reconstructed).
LISTED = ("agents", "agents_inactive", "roles", "groups", "contacts", "companies")


@dataclass
class FakeAccount:
    domain: str
    collected_at: datetime
    key_owner_id: int
    agents: dict[int, dict[str, Any]]
    inactive: dict[int, dict[str, Any]]
    roles: dict[int, dict[str, Any]]
    groups: dict[int, dict[str, Any]]
    contacts: dict[int, dict[str, Any]]
    companies: dict[int, dict[str, Any]]
    # `/contacts/{id}` records the snapshot holds (a real-shape collection read them).
    contact_details: dict[int, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[str, CollectionStatus] = field(default_factory=dict)
    # Agents whose stored listing record had no role_ids/group_ids; groups stored without
    # agent_ids (served that way when the quirks say "as stored").
    bare_agents: set[int] = field(default_factory=set)
    bare_groups: set[int] = field(default_factory=set)
    # The SCIM users the snapshot holds, as served; None: derived from the agents.
    scim_users: list[dict[str, Any]] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Bumped by every change, so cached views know they are stale.
    version: int = 0

    @classmethod
    def load(cls, directory: Path) -> "FakeAccount":
        """Read (and fully check) a snapshot directory."""
        account = read_snapshot(directory)
        manifest = account.manifest
        raw = {name: _raw_records(directory, manifest.collections[name].file) for name in LISTED}
        filled = account.agents

        def complete(record: dict[str, Any]) -> dict[str, Any]:
            agent = filled[record["id"]]
            return {
                **record,
                "role_ids": list(agent.role_ids or []),
                "group_ids": list(agent.group_ids or []),
            }

        agents = {r["id"]: complete(r) for r in raw["agents"]}
        inactive = {r["id"]: complete(r) for r in raw["agents_inactive"]}
        groups = {}
        for record in raw["groups"]:
            members = record.get("agent_ids")
            if not isinstance(members, list):
                members = sorted(
                    agent.id for agent in filled.values() if record["id"] in (agent.group_ids or [])
                )
            groups[record["id"]] = {**record, "agent_ids": list(members)}
        bare_agents = {
            r["id"]
            for r in raw["agents"] + raw["agents_inactive"]
            if r.get("role_ids") is None or r.get("group_ids") is None
        }
        bare_groups = {r["id"] for r in raw["groups"] if not isinstance(r.get("agent_ids"), list)}
        owner = manifest.source.key_owner
        return cls(
            domain=manifest.source.domain,
            collected_at=manifest.collected_at,
            key_owner_id=owner.id if owner and owner.id in filled else _default_owner(agents),
            agents=agents,
            inactive=inactive,
            roles={r["id"]: r for r in raw["roles"]},
            groups=groups,
            contacts={r["id"]: r for r in raw["contacts"]},
            companies={r["id"]: r for r in raw["companies"]},
            contact_details=_stored_details(directory, manifest.collections.get("contact_details")),
            statuses={name: stats.status for name, stats in manifest.collections.items()},
            bare_agents=bare_agents,
            bare_groups=bare_groups,
            scim_users=_stored_scim(directory, manifest),
        )

    def collection(self, name: str) -> dict[int, dict[str, Any]]:
        tables = {
            "agents": self.agents,
            "agents_inactive": self.inactive,
            "roles": self.roles,
            "groups": self.groups,
            "contacts": self.contacts,
            "companies": self.companies,
        }
        return tables[name]

    def agent(self, agent_id: int) -> dict[str, Any] | None:
        return self.agents.get(agent_id) or self.inactive.get(agent_id)

    def deactivate(self, agent_id: int, now: datetime) -> None:
        """Move an active agent to the deactivated ones (the deactivate quirk)."""
        with self.lock:
            record = self.agents.pop(agent_id)
            record["deactivated"] = True
            record["updated_at"] = format_timestamp(now)
            self.inactive[agent_id] = record
            self.version += 1

    def move(self, collection: str, record_id: int, new_name: str, now: datetime) -> None:
        """Rename a record and mark it updated `now` (the move quirk)."""
        with self.lock:
            record = self.collection(collection)[record_id]
            rename(record, new_name)
            record["updated_at"] = format_timestamp(now)
            self.version += 1


def sorted_by_name(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Freshdesk's default order: alphabetical by name, not by ID."""
    return sorted(records, key=lambda r: (display_name(r).casefold(), r.get("id", 0)))


def _raw_records(directory: Path, file_name: str) -> list[dict[str, Any]]:
    path = directory / file_name
    records = []
    # JSON Lines end records at "\n" only: `splitlines` also splits at U+2028, U+2029 and
    # NEL, which older snapshots hold unescaped inside names.
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            records.append(json.loads(line))
    return records


def _stored_details(directory: Path, stats: CollectionStats | None) -> dict[int, dict[str, Any]]:
    records = _raw_records(directory, stats.file) if stats is not None else []
    return {r["id"]: r for r in records}


def _stored_scim(directory: Path, manifest: SnapshotManifest) -> list[dict[str, Any]] | None:
    scim = manifest.scim
    if scim is None or scim.status not in ("complete", "partial"):
        return None
    return _raw_records(directory, scim.users_file)


def _default_owner(agents: dict[int, dict[str, Any]]) -> int:
    if not agents:
        raise SnapshotError("The fake server needs a snapshot with at least one active agent.")
    return min(agents)
