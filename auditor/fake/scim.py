"""The fake server's SCIM 2.0 endpoint, `/scim/v2/Users` and `/Groups` (RFC 7644).

Users are the served snapshot's own SCIM users when it holds some (the sample plants
mismatches there), otherwise one per agent, active as the agent is. Answers are
ListResponse pages (`startIndex`, `count`, `totalResults`, `itemsPerPage`); the quirks can
refuse the endpoint with 401 or 403, or leave it out (404), as an account without SCIM.
"""

import uuid
from typing import Any

from auditor.fake.account import FakeAccount
from auditor.fake.quirks import Quirks
from auditor.fake.shapes import display_name, is_real

SCIM_PREFIX = "/scim/v2"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
MAX_COUNT = 100
# A fixed namespace, so a derived user keeps its id from one run to the next.
_NAMESPACE = uuid.UUID("6f1c2b1e-3a51-4d7e-9a0c-5c1d2e3f4a5b")


def scim_answer(
    account: FakeAccount,
    quirks: Quirks,
    api_key: str,
    path: str,
    query: dict[str, str],
    authorization: str,
) -> tuple[int, Any]:
    """The status and body for `GET /scim/v2{path}`."""
    if quirks.scim_endpoint == "missing":
        return 404, _error(404, "SCIM is not enabled for this account")
    token = authorization.removeprefix("Bearer ").strip()
    accepted = token == quirks.scim_token if quirks.scim_token is not None else token != api_key
    if not authorization.startswith("Bearer ") or not token or not accepted:
        return 401, _error(401, "Invalid or missing bearer token")
    if quirks.scim_endpoint == "unauthorized":
        return 401, _error(401, "The SCIM token has been revoked")
    if quirks.scim_endpoint == "forbidden":
        return 403, _error(403, "SCIM provisioning requires SAML SSO to be enabled")
    if path == "/Users":
        resources = scim_users(account)
    elif path == "/Groups" and quirks.scim_groups:
        resources = scim_groups(account)
    else:
        return 404, _error(404, f"Resource {path} not found")
    return _page(resources, query)


def scim_users(account: FakeAccount) -> list[dict[str, Any]]:
    """The stored SCIM users, or one per agent (active and deactivated) in ID order."""
    if account.scim_users is not None:
        return account.scim_users
    records = [*account.agents.values(), *account.inactive.values()]
    return [_user_of(record) for record in sorted(records, key=lambda r: int(r["id"]))]


def scim_groups(account: FakeAccount) -> list[dict[str, Any]]:
    """One SCIM group per Freshdesk group, its members the users of its agents."""
    ids = {str(u.get("userName", "")).lower(): u["id"] for u in scim_users(account)}
    groups = []
    for group in sorted(account.groups.values(), key=lambda g: int(g["id"])):
        members = [account.agent(int(a)) for a in group.get("agent_ids") or []]
        groups.append(
            {
                "schemas": [GROUP_SCHEMA],
                "id": str(uuid.uuid5(_NAMESPACE, f"group:{group['id']}")),
                "displayName": group.get("name", ""),
                "members": [
                    {"value": ids[_agent_email(m).lower()], "display": display_name(m)}
                    for m in members
                    if m is not None and _agent_email(m).lower() in ids
                ],
                "meta": {"resourceType": "Group"},
            }
        )
    return groups


def _agent_email(record: dict[str, Any]) -> str:
    person = record["contact"] if is_real(record) else record
    email = person.get("email") if isinstance(person, dict) else None
    return email if isinstance(email, str) else ""


def _user_of(record: dict[str, Any]) -> dict[str, Any]:
    email = _agent_email(record)
    user_id = str(uuid.uuid5(_NAMESPACE, f"agent:{record['id']}"))
    return {
        "schemas": [USER_SCHEMA],
        "id": user_id,
        "externalId": f"idp-{record['id']}",
        "userName": email,
        "name": {"formatted": display_name(record)},
        "active": record.get("deactivated") is not True,
        "emails": [{"value": email, "type": "work", "primary": True}],
        "meta": {
            "resourceType": "User",
            "created": record.get("created_at"),
            "lastModified": record.get("updated_at"),
            "location": f"{SCIM_PREFIX}/Users/{user_id}",
        },
    }


def _page(resources: list[dict[str, Any]], query: dict[str, str]) -> tuple[int, Any]:
    try:
        # RFC 7644 3.4.2.4: startIndex below 1 is read as 1; a negative count as 0.
        start = max(1, int(query.get("startIndex", "1")))
        count = min(MAX_COUNT, max(0, int(query.get("count", str(MAX_COUNT)))))
    except ValueError:
        return 400, _error(400, "startIndex and count must be integers", "invalidValue")
    chunk = resources[start - 1 : start - 1 + count]
    return 200, {
        "schemas": [LIST_RESPONSE],
        "totalResults": len(resources),
        "itemsPerPage": len(chunk),
        "startIndex": start,
        "Resources": chunk,
    }


def _error(status: int, detail: str, scim_type: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return body
