"""What real accounts answer beyond the snapshot's records: `/account`, `only=availability`,
and agent and contact records in the shapes real listings and details have."""

import dataclasses
from collections import Counter
from collections.abc import Iterable
from typing import Any

from auditor.fake.shapes import display_name, is_real
from auditor.models import Agent, AgentState
from auditor.records import parse

TIER_TYPE = "Forest"  # Enterprise, whose rate budget the fake announces by default


def is_invitation(record: dict[str, Any]) -> bool:
    """An unaccepted invitation: not deactivated, never logged in."""
    person = record["contact"] if is_real(record) else record
    return record.get("deactivated") is not True and person.get("last_login_at") is None


def availability_record(record: dict[str, Any], *, deactivated: bool) -> dict[str, Any]:
    """One `/agents?only=availability` record, as the reference documents it."""
    person = record["contact"] if is_real(record) else record
    name, email = display_name(record), person.get("email")
    return {
        "id": record["id"],
        "deactivated": deactivated,
        "user_data": {
            "user": {
                "id": record["id"],
                "name": name,
                "email": email,
                "active": person.get("active") is not False,
                "deleted": False,
                "helpdesk_agent": True,
            }
        },
        "contact": {"name": name, "email": email},
        "availability": {"available": bool(record.get("available")), "channels": {}},
        "availability_control": True,
    }


def total_agents(
    active: Iterable[dict[str, Any]],
    inactive: Iterable[dict[str, Any]],
    *,
    count_deactivated: bool,
    offset: int,
) -> dict[str, int]:
    """The account's own count: the seats in use (active and pending agents) per type."""
    counts: Counter[str] = Counter(full_time=0, occasional=0, field_service=0, collaborators=0)
    for records, listed_inactive in ((active, False), (inactive, True)):
        for record in records:
            agent = dataclasses.replace(parse(Agent, record), listed_inactive=listed_inactive)
            if agent.state == AgentState.DEACTIVATED and not count_deactivated:
                continue
            if agent.type == "field_agent":
                counts["field_service"] += 1
            elif agent.type == "collaborator":
                counts["collaborators"] += 1
            else:
                counts["occasional" if agent.occasional else "full_time"] += 1
    counts["full_time"] += offset
    return dict(counts)


def account_record(
    domain: str, totals: dict[str, int], *, tier_type: str = TIER_TYPE
) -> dict[str, Any]:
    return {
        "account_id": 1,
        "account_name": domain.title(),
        "account_domain": f"{domain}.freshdesk.com",
        "tier_type": tier_type,
        "data_center": "US",
        "hipaa_compliant": False,
        "total_agents": totals,
    }


def contact_in_listing(record: dict[str, Any]) -> dict[str, Any]:
    """A real listing's contact: no `view_all_tickets`, `other_companies` as bare IDs."""
    listed = {k: v for k, v in record.items() if k != "view_all_tickets"}
    listed["other_companies"] = [
        other.get("company_id") if isinstance(other, dict) else other
        for other in record.get("other_companies") or []
    ]
    return listed


def contact_detail(record: dict[str, Any]) -> dict[str, Any]:
    """`/contacts/{id}`: `view_all_tickets` and `other_companies` as objects."""
    detail = dict(record)
    detail["view_all_tickets"] = bool(record.get("view_all_tickets"))
    detail["other_companies"] = [
        dict(other) if isinstance(other, dict) else {"company_id": other, "view_all_tickets": False}
        for other in record.get("other_companies") or []
    ]
    return detail
