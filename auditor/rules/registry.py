"""The one registry of rules, filled by the `rule` decorator in each family module."""

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from auditor.rules.base import Check, Hit, Rule, RuleContext, RuleInput, Severity, SubjectType
from auditor.rules.frameworks import REQUIREMENTS

REGISTRY: dict[str, Rule] = {}
Given = TypeVar("Given")
# A check of a rule that reads an input: the context, and what was derived from the input.
InputCheck = Callable[[RuleContext, Given], Iterable[Hit]]


@overload
def rule(
    *,
    id: str,
    title: str,
    severity: Severity,
    subject: SubjectType,
    rationale: str,
    remediation: tuple[str, ...],
    frameworks: tuple[str, ...],
) -> Callable[[Check], Check]: ...


@overload
def rule(
    *,
    id: str,
    title: str,
    severity: Severity,
    subject: SubjectType,
    rationale: str,
    remediation: tuple[str, ...],
    frameworks: tuple[str, ...],
    reads: RuleInput[Given],
) -> Callable[[InputCheck[Given]], InputCheck[Given]]: ...


def rule(
    *,
    id: str,
    title: str,
    severity: Severity,
    subject: SubjectType,
    rationale: str,
    remediation: tuple[str, ...],
    frameworks: tuple[str, ...],
    reads: RuleInput[Any] | None = None,
) -> Callable[[Any], Any]:
    """Register the decorated check as rule `id`; metadata errors fail at import, loudly.

    With `reads`, the check takes what the analysis derived from that input as its second
    argument; the engine runs the rule only when the input was given, so the check never
    has to ask whether it was.
    """

    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
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
            check=check if reads is None else _handing(reads, check),
            reads=reads,
        )
        return check

    return register


def _handing(reads: RuleInput[Given], check: InputCheck[Given]) -> Check:
    """`check` as the engine calls it, with the rule's input taken from the context."""

    @functools.wraps(check)
    def with_input(context: RuleContext) -> Iterable[Hit]:
        given = reads.of(context)
        # The engine runs the rule only with its input (Rule.runs_with): nothing to report
        # for an input that was not given.
        return () if given is None else check(context, given)

    return with_input
