"""Both quarters' snapshot directories: agent, role and group records in the real API
shape, written with the auditor's own snapshot writer."""

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from acme.contacts import all_contacts, baseline_contacts, collected_contacts
from acme.people import (
    AS_OF,
    BASE_URL,
    BASELINE_AT,
    COMPANIES,
    CONTACT_PAGE,
    CONTACT_PAGES_COLLECTED,
    DOMAIN,
    GROUPS,
    HELEN,
    ORG,
    PEOPLE,
    ROLES,
    Person,
    RoleSpec,
)
from acme.scim import scim_collection
from auditor.snapshot import KeyOwner, Source, write_snapshot
from auditor.snapshot.writer import Collected
from auditor.timestamps import format_timestamp, parse_timestamp

# ---------------------------------------------------------------------------------------
# Agent records in the real API shape.


def at(text: str) -> datetime:
    return parse_timestamp(text)


def stable_updated(person: Person) -> str:
    """When an unchanged record was last touched: some time before the baseline."""
    created = at(person.created)
    if not person.in_baseline:
        return format_timestamp(created + timedelta(days=1, minutes=person.id % 97))
    guess = at(BASELINE_AT) - timedelta(days=10 + person.id % 200, minutes=person.id % 53)
    return format_timestamp(max(created, guess))


def baseline_login(person: Person) -> str | None:
    if person.then.last_login is not None:
        return person.then.last_login
    if person.last_login is None or at(person.last_login) < at(BASELINE_AT):
        return person.last_login
    earlier = at(BASELINE_AT) - timedelta(days=1 + person.id % 9, hours=person.id % 7)
    return format_timestamp(earlier)


def agent_record(person: Person, *, baseline: bool) -> dict[str, Any]:
    """One agent as `/agents` returns it (role_ids and group_ids included)."""
    then = person.then
    state = (then.state or person.state) if baseline else person.state
    roles = (then.roles if then.roles is not None else person.roles) if baseline else person.roles
    groups = (
        (then.groups if then.groups is not None else person.groups) if baseline else person.groups
    )
    scope = (then.scope or person.scope) if baseline else person.scope
    login = baseline_login(person) if baseline else person.last_login
    updated = person.changed if person.changed and not baseline else stable_updated(person)
    moment = at(BASELINE_AT if baseline else AS_OF)
    active = state == "active"
    available = active and person.type != "collaborator" and person.id % 3 != 0
    last_active = None
    if person.last_active is not None and not baseline:
        last_active = person.last_active
    elif login is not None:
        seen = at(login) + timedelta(minutes=7 + person.id % 20)
        last_active = format_timestamp(min(seen, moment - timedelta(minutes=5)))
    signature = None
    if person.type != "collaborator" and person.email.endswith(ORG):
        signature = (
            '<div dir="ltr"><p>Kind regards,<br>'
            f"{escape_html(person.name)}<br>{person.title}, Acme Support</p></div>"
        )
    verified = person.email_verified if person.email_verified is not None else active
    record: dict[str, Any] = {
        "available": available,
        "available_since": login if available else None,
        "occasional": person.occasional,
        "id": person.id,
        "ticket_scope": scope,
        "type": person.type,
        "signature": signature,
        "created_at": person.created,
        "updated_at": updated,
        "last_active_at": last_active,
        "focus_mode": True,
        "skill_ids": [],
        "group_ids": sorted(groups),
        "role_ids": list(roles),
        "contact": {
            "active": verified,
            "email": person.email,
            "job_title": person.title,
            "language": person.language,
            "last_login_at": login,
            "mobile": None,
            "name": person.name,
            "phone": person.phone,
            "time_zone": person.time_zone,
            "created_at": person.created,
            "updated_at": updated,
        },
    }
    if person.deactivated_flag and state == "deactivated":
        record["deactivated"] = True
    return record


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def people_in(*, baseline: bool) -> list[Person]:
    return [p for p in PEOPLE if (p.in_baseline if baseline else p.in_current)]


def state_of(person: Person, *, baseline: bool) -> str:
    return (person.then.state or person.state) if baseline else person.state


def role_record(role: RoleSpec) -> dict[str, Any]:
    return {
        "id": role.id,
        "name": role.name,
        "description": role.description,
        "default": role.default,
        "agent_type": role.agent_type,
        "created_at": role.created,
        "updated_at": role.created,
    }


def group_records(agents: list[dict[str, Any]], *, baseline: bool) -> list[dict[str, Any]]:
    records = []
    for group in GROUPS:
        if not (group.current or baseline):
            continue
        members = sorted(a["id"] for a in agents if group.id in a["group_ids"])
        records.append(
            {
                "id": group.id,
                "name": group.name,
                "description": group.description,
                "escalate_to": group.escalate_to,
                "unassigned_for": "30m",
                "business_hour_id": None,
                "group_type": "support_agent_group",
                "auto_ticket_assign": False,
                "created_at": group.created,
                "updated_at": group.updated,
                "agent_ids": members,
            }
        )
    return records


# ---------------------------------------------------------------------------------------
# Snapshots.


def listed(records: list[dict[str, Any]], endpoint: str) -> Collected:
    """A complete listing: full pages of 100 and a last, shorter one that ends it."""
    pages = len(records) // CONTACT_PAGE + 1
    return Collected(records, requests=pages, pages=pages, endpoint=endpoint)


def contacts_collection(*, baseline: bool) -> Collected:
    """Last quarter's complete contact listing, or this quarter's broken one."""
    entries = all_contacts()
    if baseline:
        complete = listed(baseline_contacts(entries), "/api/v2/contacts")
        # One 429 from the contacts sub-limit, retried after its Retry-After.
        complete.requests += 1
        complete.retries, complete.rate_limited = 1, 1
        return complete
    return Collected(
        collected_contacts(entries),
        status="partial",
        requests=CONTACT_PAGES_COLLECTED + 5,  # page 4: the first attempt and 4 retries
        pages=CONTACT_PAGES_COLLECTED,
        retries=4,
        endpoint="/api/v2/contacts",
        note=(
            "The listing was cut short: page 4 kept answering HTTP 503 after every retry "
            f"(5 attempts); {CONTACT_PAGES_COLLECTED} of the account's contact pages "
            f"collected ({CONTACT_PAGE} per page), later pages not reached."
        ),
    )


def write_account(directory: Path, *, baseline: bool) -> None:
    """Write one quarter's snapshot directory, replacing what was there."""
    people = people_in(baseline=baseline)
    agents = {p.id: agent_record(p, baseline=baseline) for p in people}
    active = [agents[p.id] for p in people if state_of(p, baseline=baseline) == "active"]
    inactive = [agents[p.id] for p in people if state_of(p, baseline=baseline) != "active"]
    roles = [role_record(r) for r in ROLES if r.current or baseline]
    groups = group_records(list(agents.values()), baseline=baseline)
    collections = {
        "agents": listed(active, "/api/v2/agents"),
        "agents_inactive": listed(inactive, "/api/v2/agents?active=false"),
        "roles": listed(roles, "/api/v2/roles"),
        "groups": listed(groups, "/api/v2/admin/groups"),
        "contacts": contacts_collection(baseline=baseline),
        "companies": listed(COMPANIES, "/api/v2/companies"),
    }
    helen = next(p for p in PEOPLE if p.id == HELEN)
    source = Source(
        base_url=BASE_URL,
        domain=DOMAIN,
        key_owner=KeyOwner(id=helen.id, name=helen.name, email=helen.email),
        membership_route="listing",
        agent_record_shape="real",
    )
    if directory.exists():
        shutil.rmtree(directory)
    write_snapshot(
        directory,
        collections,
        source=source,
        collected_at=at(BASELINE_AT if baseline else AS_OF),
        # This quarter was collected with Okta's SCIM token too; last quarter without.
        scim=None if baseline else scim_collection(),
    )
    for path in directory.iterdir():
        path.chmod(0o644)  # the atomic writer's temporary files are private; these are not
