"""A synthetic Freshdesk account of any size, written as a snapshot for the fake server."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.snapshot import Source, write_snapshot
from auditor.snapshot.writer import Collected

COLLECTED_AT = datetime(2026, 9, 30, 18, 0, tzinfo=UTC)
STAMP = "2025-06-01T09:00:00Z"
ROLE_NAMES = ("Account Administrator", "Administrator", "Supervisor", "Agent")


@dataclass(frozen=True)
class AccountSize:
    agents: int
    inactive: int
    groups: int
    ungrouped: int
    contacts: int
    companies: int
    roles: int = 8


def write_synthetic_account(directory: Path, size: AccountSize, seed: int = 7) -> Path:
    """Agents in the real shape with role_ids and group_ids; every group lists its agent_ids."""
    rng = random.Random(seed)
    roles = [
        _role(i + 1, ROLE_NAMES[i] if i < len(ROLE_NAMES) else f"Custom {i}")
        for i in range(size.roles)
    ]
    group_ids = [1000 + g for g in range(size.groups)]
    members: dict[int, list[int]] = {g: [] for g in group_ids}
    agents: list[dict[str, Any]] = []
    inactive: list[dict[str, Any]] = []
    total = size.agents + size.inactive
    for index in range(total):
        agent_id = 100_000 + index
        in_groups = [] if index < size.ungrouped else rng.sample(group_ids, k=rng.randint(1, 3))
        for group_id in in_groups:
            members[group_id].append(agent_id)
        record = _agent(
            agent_id,
            rng,
            sorted(in_groups),
            [rng.randint(1, size.roles)],
            active=index < size.agents,
        )
        (agents if index < size.agents else inactive).append(record)
    groups = [_group(g, sorted(members[g])) for g in group_ids]
    companies = [_company(5000 + c) for c in range(size.companies)]
    contacts = [_contact(c, rng, size.companies) for c in range(size.contacts)]
    collections = {
        "agents": Collected(records=agents),
        "agents_inactive": Collected(records=inactive),
        "roles": Collected(records=roles),
        "groups": Collected(records=groups),
        "contacts": Collected(records=contacts),
        "companies": Collected(records=companies),
    }
    write_snapshot(
        directory,
        collections,
        source=Source(base_url="https://bench.freshdesk.com/api/v2", domain="bench"),
        collected_at=COLLECTED_AT,
    )
    return directory


def _name(rng: random.Random) -> str:
    first = rng.choice(["Ada", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo"])
    last = rng.choice(["Kim", "Lund", "Moss", "Noor", "Ortiz", "Park", "Quinn", "Roy", "Sato"])
    return f"{first} {last} {rng.randint(1, 999_999):06d}"


def _agent(
    agent_id: int, rng: random.Random, groups: list[int], roles: list[int], *, active: bool
) -> dict[str, Any]:
    name = _name(rng)
    return {
        "available": False,
        "available_since": None,
        "occasional": False,
        "id": agent_id,
        "ticket_scope": rng.choice([1, 2, 3]),
        "type": "support_agent",
        "signature": None,
        "created_at": STAMP,
        "updated_at": STAMP,
        "last_active_at": None,
        "focus_mode": True,
        "skill_ids": [],
        "group_ids": groups,
        "role_ids": roles,
        "contact": {
            "active": active,
            "email": f"agent{agent_id}@bench.example",
            "job_title": None,
            "language": "en",
            "last_login_at": STAMP,
            "mobile": None,
            "name": name,
            "phone": None,
            "time_zone": "UTC",
            "created_at": STAMP,
            "updated_at": STAMP,
        },
    }


def _role(role_id: int, name: str) -> dict[str, Any]:
    return {
        "id": role_id,
        "name": name,
        "description": "",
        "default": True,
        "agent_type": 1,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def _group(group_id: int, agent_ids: list[int]) -> dict[str, Any]:
    return {
        "id": group_id,
        "name": f"Group {group_id}",
        "description": None,
        "escalate_to": None,
        "unassigned_for": "30m",
        "business_hour_id": None,
        "group_type": "support_agent_group",
        "auto_ticket_assign": 0,
        "created_at": STAMP,
        "updated_at": STAMP,
        "agent_ids": agent_ids,
    }


def _company(company_id: int) -> dict[str, Any]:
    return {
        "id": company_id,
        "name": f"Company {company_id}",
        "domains": [f"c{company_id}.example"],
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def is_foreign_contact(index: int) -> bool:
    """One contact in 50 works elsewhere than its company (a reseller): the only contacts
    whose `view_all_tickets` matters to FD-BROAD-007."""
    return index % 50 == 7


def _contact(index: int, rng: random.Random, companies: int) -> dict[str, Any]:
    """Four contacts in five belong to a company and write from its domain."""
    company_id = 5000 + rng.randrange(companies) if companies and index % 5 else None
    return contact_record(index, 900_000 + index, _name(rng), company_id)


def contact_record(
    index: int, contact_id: int, name: str, company_id: int | None
) -> dict[str, Any]:
    """The `index`th contact as stored: from its company's domain (a reseller's for one in
    50), and one in three of a company's contacts may view all its tickets."""
    domain = f"c{company_id}.example" if company_id else "customer.example"
    if is_foreign_contact(index):
        domain = "reseller.example"
    return {
        "id": contact_id,
        "name": name,
        "email": f"c{contact_id}@{domain}",
        "active": True,
        "other_emails": [],
        "company_id": company_id,
        "view_all_tickets": company_id is not None and index % 3 == 0,
        "other_companies": [],
        "created_at": STAMP,
        "updated_at": STAMP,
    }
