"""Rule families; importing this package fills the registry with every rule."""

from auditor.rules import broad, drift, evidence, hygiene, roster, scim, stale
from auditor.rules.registry import REGISTRY

__all__ = ["REGISTRY", "broad", "drift", "evidence", "hygiene", "roster", "scim", "stale"]
