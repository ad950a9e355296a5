"""The identity provider's SCIM 2.0 view of the account: Okta's users of the Freshdesk app.

Everyone Okta knows (a roster row) and provisions (`Person.scim`) has a SCIM user,
`active` as the roster status says; two people Okta assigned to Freshdesk hold no agent.
The records are shaped as Okta's SCIM client sends them (RFC 7643 core User schema), and
stored in the snapshot as if the collector had read them from `/scim/v2/Users`.
"""

import uuid
from typing import Any

from acme.people import AS_OF, DOMAIN, ORG, PEOPLE, Person
from auditor.snapshot.manifest import ScimRecord
from auditor.snapshot.writer import ScimCollected

SCIM_BASE_URL = f"https://{DOMAIN}.freshdesk.com/scim/v2"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
# Okta statuses whose SCIM user stays `active: true`.
OKTA_ACTIVE = {"ACTIVE", "STAGED", "PROVISIONED", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"}
_NAMESPACE = uuid.UUID("0b7c8f5e-2d7a-4a51-8e0f-1f0d6a3c9e21")

# Assigned to the Freshdesk app in Okta, but no agent: the reconciliation lists them.
UNMATCHED = (
    ("Nina Okafor", f"nina.okafor@{ORG}", True, "2026-09-28T09:00:00Z"),
    ("Colin Fraser", f"colin.fraser@{ORG}", False, "2025-11-03T10:00:00Z"),
)


def scim_users() -> list[dict[str, Any]]:
    provisioned = [p for p in PEOPLE if p.in_current and p.roster is not None and p.scim]
    users = [_user(p) for p in sorted(provisioned, key=lambda p: p.id)]
    users += [
        _record(name, email, active, f"extra:{email}", created)
        for name, email, active, created in UNMATCHED
    ]
    return users


def scim_collection() -> ScimCollected:
    users = scim_users()
    record = ScimRecord(
        status="complete",
        base_url=SCIM_BASE_URL,
        total_results=len(users),
        users=len(users),
        groups_status="not_offered",
        requests=2,
    )
    return ScimCollected(record, users, [])


def _user(person: Person) -> dict[str, Any]:
    email = person.roster_email or person.email
    return _record(
        person.name, email, person.roster in OKTA_ACTIVE, f"agent:{person.id}", person.created
    )


def _record(name: str, email: str, active: bool, seed: str, created: str) -> dict[str, Any]:
    user_id = str(uuid.uuid5(_NAMESPACE, seed))
    given, _, family = name.partition(" ")
    return {
        "schemas": [USER_SCHEMA],
        "id": user_id,
        "externalId": "00u" + uuid.uuid5(_NAMESPACE, "okta:" + seed).hex[:17],
        "userName": email,
        "name": {"givenName": given, "familyName": family},
        "displayName": name,
        "active": active,
        "emails": [{"value": email, "type": "work", "primary": True}],
        "meta": {
            "resourceType": "User",
            "created": created,
            "lastModified": AS_OF,
            "location": f"{SCIM_BASE_URL}/Users/{user_id}",
        },
    }
