"""Convert agent records between the seed shape (flat) and the real shape (nested `contact`)."""

from typing import Any

# Field order of a real `/agents/{id}` record, as captured from a real account.
REAL_ORDER = (
    "available",
    "available_since",
    "occasional",
    "id",
    "ticket_scope",
    "type",
    "signature",
    "created_at",
    "updated_at",
    "last_active_at",
    "focus_mode",
    "skill_ids",
    "group_ids",
    "role_ids",
)
REAL_DEFAULTS: dict[str, Any] = {
    "available": False,
    "available_since": None,
    "occasional": False,
    "type": "support_agent",
    "signature": None,
    "last_active_at": None,
    "focus_mode": True,
    "skill_ids": [],
}
# Person fields: top level in the seed shape, under `contact` in the real one.
PERSON_FIELDS = (
    "active",
    "email",
    "job_title",
    "language",
    "last_login_at",
    "mobile",
    "name",
    "phone",
    "time_zone",
)
MEMBERSHIP_FIELDS = ("role_ids", "group_ids", "skill_ids")


def is_real(record: dict[str, Any]) -> bool:
    return isinstance(record.get("contact"), dict)


def to_real(record: dict[str, Any]) -> dict[str, Any]:
    if is_real(record):
        return dict(record)
    contact = {name: record.get(name) for name in PERSON_FIELDS}
    contact["created_at"] = record.get("created_at")
    contact["updated_at"] = record.get("updated_at")
    rest = {k: v for k, v in record.items() if k not in PERSON_FIELDS}
    real = {
        name: rest.get(name, REAL_DEFAULTS.get(name))
        for name in REAL_ORDER
        if name in rest or name in REAL_DEFAULTS
    }
    real.update({k: v for k, v in rest.items() if k not in real})
    real["contact"] = contact
    return real


def to_seed(record: dict[str, Any]) -> dict[str, Any]:
    if not is_real(record):
        return dict(record)
    contact: dict[str, Any] = record["contact"]
    seed: dict[str, Any] = {"id": record.get("id")}
    for name in PERSON_FIELDS:
        if name in contact and name not in record:
            seed[name] = contact[name]
    seed.update({k: v for k, v in record.items() if k != "contact" and k not in seed})
    return seed


def in_shape(record: dict[str, Any], shape: str | None) -> dict[str, Any]:
    if shape == "real":
        return to_real(record)
    if shape == "seed":
        return to_seed(record)
    return dict(record)


def without_memberships(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in MEMBERSHIP_FIELDS}


def display_name(record: dict[str, Any]) -> str:
    """The name a listing sorts by: the contact's name for a real-shape agent."""
    contact = record.get("contact")
    name = contact.get("name") if isinstance(contact, dict) else None
    return str(name or record.get("name") or "")


def rename(record: dict[str, Any], name: str) -> None:
    """Rename in place, wherever the record keeps its name. A real-shape record gets a new
    `contact` object: the copies already served or cached share the old one, and must
    keep showing the record as it was."""
    contact = record.get("contact")
    if isinstance(contact, dict):
        record["contact"] = {**contact, "name": name}
    if "name" in record or not isinstance(contact, dict):
        record["name"] = name
