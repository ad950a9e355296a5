"""Route a fake API request to its records: which endpoint, which collection, what answer."""

import re
from dataclasses import dataclass
from typing import Any

from auditor.fake.views import Views

_ONE = re.compile(r"^/(agents|groups)/(\d+)$")
_CONTACT = re.compile(r"^/contacts/(\d+)$")
_MEMBERS = re.compile(r"^/admin/groups/(\d+)/agents$")


@dataclass(frozen=True)
class Answer:
    """An endpoint's answer before paging; `collection` names it for manifest replay."""

    status: int
    body: Any
    collection: str | None = None
    paged: bool = False


NOT_FOUND = Answer(404, {"code": "not_found", "message": "The requested resource was not found."})
FORBIDDEN = Answer(
    403, {"code": "access_denied", "message": "You are not authorized to perform this action."}
)


def invalid_field(name: str) -> Answer:
    """Freshdesk's 400 for a query parameter it does not know."""
    return Answer(
        400,
        {
            "description": "Validation failed",
            "errors": [
                {
                    "field": name,
                    "message": "Unexpected/invalid field in request",
                    "code": "invalid_field",
                }
            ],
        },
    )


def route(views: Views, path: str, query: dict[str, str]) -> Answer:
    quirks = views.quirks
    if path == "/agents/me":
        return Answer(200, views.me())
    if path == "/agents":
        return _agents(views, query)
    if path == "/account":
        if quirks.account_endpoint == "forbidden":
            return FORBIDDEN
        if quirks.account_endpoint == "missing":
            return NOT_FOUND
        return Answer(200, views.account_record())
    if match := _CONTACT.match(path):
        contact = views.contact(int(match[1]))
        return Answer(200, contact, "contact_details") if contact is not None else NOT_FOUND
    if path == "/roles":
        return Answer(200, views.roles(), "roles", paged=True)
    if path == "/groups":
        return Answer(200, views.groups(admin=False), "groups", paged=True)
    if path == "/admin/groups":
        if not quirks.admin_groups:
            return NOT_FOUND
        return Answer(200, views.groups(admin=True), "groups", paged=True)
    if path == "/contacts":
        return Answer(200, views.contacts(query.get("state")), "contacts", paged=True)
    if path == "/companies":
        return Answer(200, views.companies(), "companies", paged=True)
    if match := _ONE.match(path):
        kind, number = match[1], int(match[2])
        record = views.agent(number) if kind == "agents" else views.group(number)
        collection = "agent_details" if kind == "agents" else "groups"
        return Answer(200, record, collection) if record is not None else NOT_FOUND
    if match := _MEMBERS.match(path):
        members = views.group_members(int(match[1])) if quirks.admin_groups else None
        return (
            Answer(200, members, "group_members", paged=True) if members is not None else NOT_FOUND
        )
    return NOT_FOUND


def _agents(views: Views, query: dict[str, str]) -> Answer:
    """`/agents`, `?active=false` as the quirks treat it, and `?only=availability`."""
    quirks = views.quirks
    if query.get("only") == "availability":
        if not quirks.availability:
            return invalid_field("only")
        return Answer(200, views.availability(), paged=True)
    inactive = "active" in query and query["active"].lower() == "false"
    if inactive and quirks.active_filter == "rejected":
        return invalid_field("active")
    if inactive and quirks.active_filter == "honoured":
        return Answer(200, views.agents(active=False), "agents_inactive", paged=True)
    return Answer(200, views.agents(active=True), "agents", paged=True)
