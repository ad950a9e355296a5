"""Run the registered rules over one context and apply the policy's exemptions."""

from collections.abc import Iterable
from dataclasses import replace

from auditor.inputs.policy import Exemption
from auditor.rules import REGISTRY
from auditor.rules.base import Finding, Rule, RuleContext
from auditor.timestamps import format_timestamp


def runnable(context: RuleContext) -> list[Rule]:
    """The registered rules whose inputs the context holds, decided before any rule runs."""
    return [rule for rule in REGISTRY.values() if rule.runs_with(context)]


def run_rules(context: RuleContext, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every finding of `rules` (by default every runnable rule), exemptions applied.

    Findings come out in a stable order (severity, rule, subject) so that two runs over
    the same inputs write the same files.
    """
    findings: list[Finding] = []
    for rule in runnable(context) if rules is None else rules:
        findings.extend(_findings_of(rule, context))
    # Each finding looks up the exemptions of its rule and subject, rather than testing
    # every exemption against each of tens of thousands of findings.
    exemptions: dict[tuple[str, str], list[Exemption]] = {}
    for exemption in context.policy.exemptions:
        exemptions.setdefault((exemption.rule, exemption.subject), []).append(exemption)
    exempted = [
        _apply_exemptions(f, exemptions.get((f.rule_id, f.subject.key), []), context)
        if exemptions
        else f
        for f in findings
    ]
    return sorted(
        exempted, key=lambda f: (-f.severity.rank, f.rule_id, _subject_order(f), f.entitlement)
    )


def _findings_of(rule: Rule, context: RuleContext) -> list[Finding]:
    return [
        Finding(
            rule=rule,
            severity=hit.severity or rule.severity,
            subject=hit.subject,
            detail=hit.detail,
            entitlement=hit.entitlement,
            facts=dict(hit.facts),
        )
        for hit in rule.check(context)
    ]


def _apply_exemptions(finding: Finding, matching: list[Exemption], context: RuleContext) -> Finding:
    """`finding` with the policy's verdict: `matching` are the exemptions of its rule and
    subject, in the policy's order."""
    live = [e for e in matching if e.is_live(context.as_of)]
    if live:
        return replace(finding, status="exempted", exemption=live[0])
    if matching:
        expired = max(matching, key=lambda e: e.expires)
        note = (
            f"Exemption approved by {expired.approved_by} expired on {expired.expires.isoformat()} "
            f"(as of {format_timestamp(context.as_of)}); the finding is open again."
        )
        return replace(finding, exemption=expired, exemption_note=note)
    return finding


def unused_exemptions(
    findings: Iterable[Finding], exemptions: Iterable[Exemption]
) -> list[Exemption]:
    """Exemptions that matched no finding: stale policy lines a reviewer should remove."""
    used = {(f.rule_id, f.subject.key) for f in findings}
    return [e for e in exemptions if (e.rule, e.subject) not in used]


def _subject_order(finding: Finding) -> tuple[int, str]:
    subject_id = finding.subject.id
    return (int(subject_id), "") if subject_id.isdigit() else (0, subject_id)
