"""Rule families; importing this package fills the registry with every rule."""

from auditor.rules import broad, stale
from auditor.rules.registry import REGISTRY

__all__ = ["REGISTRY", "broad", "stale"]
