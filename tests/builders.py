"""Tiny hand-made Freshdesk accounts for tests: records in the API's shapes, written as snapshots.

Every test that needs an account builds exactly the records it is about, with these
helpers, so a reader sees the whole case in the test itself.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from auditor.analysis import Analysis, analyze
from auditor.integrity.seal import sha256_of
from auditor.snapshot import COLLECTIONS, Source, write_snapshot
from auditor.snapshot.writer import Collected, ScimCollected
from auditor.timestamps import parse_timestamp

COLLECTED_AT = "2026-09-30T12:00:00Z"
RECENT = "2026-09-20T08:00:00Z"
OLD = "2025-01-01T00:00:00Z"

# Role IDs of `standard_roles()`.
ACCOUNT_ADMIN = 1
ADMIN = 2
SUPERVISOR = 3
AGENT = 4
COLLABORATOR = 5

Shape = Literal["real", "seed"]


def standard_roles(*custom: tuple[int, str]) -> list[dict[str, Any]]:
    """The built-in roles (IDs above) plus any `(id, name)` custom roles."""
    built_in = [
        (ACCOUNT_ADMIN, "Account Administrator", 1),
        (ADMIN, "Administrator", 1),
        (SUPERVISOR, "Supervisor", 1),
        (AGENT, "Agent", 1),
        (COLLABORATOR, "Ticket Collaborator", 3),
    ]
    roles = [
        {
            "id": role_id,
            "name": name,
            "description": f"{name} role",
            "default": True,
            "agent_type": agent_type,
            "created_at": OLD,
            "updated_at": OLD,
        }
        for role_id, name, agent_type in built_in
    ]
    roles += [
        {
            "id": role_id,
            "name": name,
            "description": "custom role",
            "default": False,
            "agent_type": 1,
            "created_at": OLD,
            "updated_at": OLD,
        }
        for role_id, name in custom
    ]
    return roles


def agent(
    agent_id: int,
    *,
    name: str | None = None,
    email: str | None = None,
    role_ids: Sequence[int] = (AGENT,),
    group_ids: Sequence[int] = (),
    scope: int = 2,
    created_at: str = OLD,
    last_login_at: str | None = RECENT,
    active: bool = True,
    deactivated: bool | None = None,
    occasional: bool = False,
    agent_type: str = "support_agent",
    shape: Shape = "real",
    **extra: Any,
) -> dict[str, Any]:
    """One agent record in the real (nested `contact`) or the seed (flat) shape."""
    name = name or f"Agent {agent_id}"
    email = email or f"agent{agent_id}@acme.example"
    record: dict[str, Any]
    if shape == "seed":
        record = {
            "id": agent_id,
            "name": name,
            "email": email,
            "active": active,
            "last_login_at": last_login_at,
        }
    else:
        record = {
            "available": False,
            "occasional": occasional,
            "id": agent_id,
            "type": agent_type,
            "contact": {
                "active": active,
                "email": email,
                "job_title": None,
                "language": "en",
                "last_login_at": last_login_at,
                "mobile": None,
                "name": name,
                "phone": None,
                "time_zone": "UTC",
                "created_at": created_at,
                "updated_at": created_at,
            },
        }
    record.update(
        {
            "occasional": occasional,
            "type": agent_type,
            "ticket_scope": scope,
            "role_ids": list(role_ids),
            "group_ids": list(group_ids),
            "created_at": created_at,
            "updated_at": created_at,
        }
    )
    if deactivated is not None:
        record["deactivated"] = deactivated
    record.update(extra)
    return record


def group(
    group_id: int,
    name: str | None = None,
    *,
    agent_ids: Sequence[int] | None = None,
    escalate_to: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": group_id,
        "name": name or f"Group {group_id}",
        "description": None,
        "escalate_to": escalate_to,
        "unassigned_for": "30m",
        "business_hour_id": None,
        "group_type": "support_agent_group",
        "auto_ticket_assign": 0,
        "created_at": OLD,
        "updated_at": OLD,
    }
    if agent_ids is not None:
        record["agent_ids"] = list(agent_ids)
    record.update(extra)
    return record


def contact(
    contact_id: int,
    *,
    name: str | None = None,
    email: str | None = None,
    company_id: int | None = None,
    view_all_tickets: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": contact_id,
        "name": name or f"Contact {contact_id}",
        "email": email or f"contact{contact_id}@customer.example",
        "active": True,
        "other_emails": [],
        "company_id": company_id,
        "view_all_tickets": view_all_tickets,
        "other_companies": [],
        "created_at": OLD,
        "updated_at": OLD,
    }
    record.update(extra)
    return record


def company(
    company_id: int, name: str | None = None, domains: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "id": company_id,
        "name": name or f"Company {company_id}",
        "domains": list(domains),
        "created_at": OLD,
        "updated_at": OLD,
    }


def write_account(
    directory: Path,
    *,
    agents: Iterable[Mapping[str, Any]] = (),
    inactive_agents: Iterable[Mapping[str, Any]] = (),
    roles: Iterable[Mapping[str, Any]] | None = None,
    groups: Iterable[Mapping[str, Any]] = (),
    contacts: Iterable[Mapping[str, Any]] = (),
    companies: Iterable[Mapping[str, Any]] = (),
    collected_at: str = COLLECTED_AT,
    domain: str = "acme",
    statuses: Mapping[str, Literal["complete", "partial", "denied"]] | None = None,
    extra_collections: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    notes: Mapping[str, str] | None = None,
    scim: ScimCollected | None = None,
) -> Path:
    """Write a snapshot directory holding exactly these records; returns the directory."""
    records: dict[str, list[dict[str, Any]]] = {
        "agents": [dict(r) for r in agents],
        "agents_inactive": [dict(r) for r in inactive_agents],
        "roles": [dict(r) for r in (standard_roles() if roles is None else roles)],
        "groups": [dict(r) for r in groups],
        "contacts": [dict(r) for r in contacts],
        "companies": [dict(r) for r in companies],
    }
    for name, extra in (extra_collections or {}).items():
        assert name in COLLECTIONS, name
        records[name] = [dict(r) for r in extra]
    statuses = statuses or {}
    collections = {
        name: Collected(
            records=items,
            status=statuses.get(name, "complete"),
            requests=1,
            pages=1,
            note=(notes or {}).get(name, ""),
        )
        for name, items in records.items()
    }
    write_snapshot(
        directory,
        collections,
        source=Source(base_url=f"https://{domain}.freshdesk.com/api/v2", domain=domain),
        collected_at=parse_timestamp(collected_at),
        scim=scim,
    )
    return directory


def analyze_account(directory: Path, as_of: str | None = None, **account: Any) -> Analysis:
    """Write the account with `write_account` and analyze it with default policy."""
    write_account(directory, **account)
    moment: datetime | None = parse_timestamp(as_of) if as_of else None
    return analyze(directory, as_of=moment)


def found(analysis: Analysis, rule_id: str) -> set[str]:
    """The subjects (`agent:12`) a rule found, for exact-set assertions.

    The rule must have run: an empty set from a rule skipped for want of its input would
    pass any negative case.
    """
    assert rule_id in analysis.rules_run, f"{rule_id} did not run in this analysis"
    return {f.subject.key for f in analysis.findings if f.rule_id == rule_id}


def replace_line(directory: Path, number: int, text: bytes, name: str = "contacts.jsonl") -> None:
    """Replace line `number` of a snapshot's data file and reseal the manifest with the
    file's new hash, so that only the line's content is in question."""
    path = directory / name
    lines = path.read_bytes().split(b"\n")
    lines[number - 1] = text
    path.write_bytes(b"\n".join(lines))
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["files"][name] = sha256_of(path)
    (directory / "manifest.json").write_text(json.dumps(manifest))
