"""The one registry of rules, filled by the `rule` decorator in each family module."""

from collections.abc import Callable

from auditor.rules.base import Check, Rule, Severity, SubjectType
from auditor.rules.frameworks import REQUIREMENTS

REGISTRY: dict[str, Rule] = {}


def rule(
    *,
    id: str,
    title: str,
    severity: Severity,
    subject: SubjectType,
    rationale: str,
    remediation: tuple[str, ...],
    frameworks: tuple[str, ...],
    needs: frozenset[str] = frozenset(),
) -> Callable[[Check], Check]:
    """Register the decorated check as rule `id`; metadata errors fail at import, loudly."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule {id} is registered twice")
        unknown = [key for key in frameworks if key not in REQUIREMENTS]
        if unknown:
            raise ValueError(f"rule {id} names unknown framework requirements {unknown}")
        REGISTRY[id] = Rule(
            id=id,
            title=title,
            severity=severity,
            subject_type=subject,
            rationale=rationale,
            remediation=remediation,
            frameworks=frameworks,
            check=check,
            needs=needs,
        )
        return check

    return register
