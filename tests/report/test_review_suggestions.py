"""The workbook's suggested decision: which argument wins, and that the reason names it."""

import dataclasses

import pytest

from auditor.report.review_suggestions import (
    AgentArguments,
    RowFacts,
    arguments_by_agent,
    findings_by_agent,
    suggest,
)
from auditor.rules.base import Finding, Rule, Severity, Status, Subject


def finding(rule_id: str, *, entitlement: str = "", status: Status = "open") -> Finding:
    rule = Rule(
        id=rule_id,
        title=f"title of {rule_id}",
        severity=Severity.HIGH,
        subject_type="agent",
        rationale="",
        remediation=("fix it",),
        frameworks=(),
        check=lambda context: [],
    )
    subject = Subject("agent", "7", "Ann", "ann@acme.example")
    return Finding(rule, Severity.HIGH, subject, "detail", entitlement=entitlement, status=status)


def row(**changes: object) -> RowFacts:
    facts: dict[str, object] = {
        "agent_id": "7",
        "agent_state": "active",
        "entitlement": "group:3",
        "privileged": False,
        "previous_decision": "",
        "change": "new",
        **changes,
    }
    return RowFacts(**facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "findings", "decision", "reason"),
    [
        (row(), [], "keep", "No finding on this agent or entitlement."),
        (row(), [finding("FD-STALE-002")], "revoke", "FD-STALE-002 title of FD-STALE-002 (high)."),
        (
            row(entitlement="scope:global"),
            [finding("FD-BROAD-003", entitlement="scope:global")],
            "revoke",
            "FD-BROAD-003",
        ),
        (
            row(privileged=True),
            [finding("FD-BROAD-004")],
            "revoke",
            "This entitlement is privileged",
        ),
        (row(), [finding("FD-BROAD-004")], "keep", "Not privileged"),
        (row(agent_state="pending"), [], "revoke", "invitation was never accepted"),
        (row(previous_decision="keep", change="unchanged"), [], "keep", "Kept at the last review"),
        (
            row(),
            [finding("FD-STALE-002", status="exempted")],
            "keep",
            "exempted by the policy",
        ),
        (
            row(privileged=True, entitlement="role:1"),
            [finding("FD-HYG-001", entitlement="role:99")],
            "keep",
            "other entitlements",
        ),
    ],
)
def test_the_first_argument_that_applies_decides_and_is_named(
    facts: RowFacts, findings: list[Finding], decision: str, reason: str
) -> None:
    suggestion = suggest(facts, findings_by_agent(findings))
    assert suggestion.decision == decision
    assert reason in suggestion.reason


def test_one_agents_rows_each_get_their_own_suggestion_from_shared_arguments() -> None:
    findings = [
        finding("FD-BROAD-003", entitlement="scope:global"),
        finding("FD-BROAD-004"),
        finding("FD-HYG-001", entitlement=""),
    ]
    rows = [
        row(entitlement="scope:global", privileged=True),
        row(entitlement="group:3"),
        row(entitlement="group:4", previous_decision="keep", change="unchanged"),
        row(entitlement="role:2", privileged=True),
        row(entitlement="group:3", agent_state="deactivated"),
        row(entitlement="", privileged=False),
        row(entitlement="scope:global", privileged=True),
    ]
    arguments = AgentArguments(findings)
    suggestions = [arguments.suggest(facts) for facts in rows]
    assert suggestions == [suggest(facts, findings_by_agent(findings)) for facts in rows]
    assert [s.decision for s in suggestions] == [
        "revoke",
        "keep",
        "keep",
        "revoke",
        "revoke",
        "revoke",
        "revoke",
    ]


def test_agents_with_alike_findings_share_arguments_that_suggest_as_their_own_would() -> None:
    def of(agent_id: str, found: Finding) -> Finding:
        return dataclasses.replace(found, subject=Subject("agent", agent_id, "A", "a@acme.ex"))

    stale, broad = finding("FD-STALE-002"), finding("FD-BROAD-004")
    global_scope = finding("FD-BROAD-003", entitlement="scope:global")
    findings = {
        "7": [of("7", broad), of("7", global_scope)],
        "8": [of("8", broad), of("8", global_scope)],  # alike: shared with 7
        "9": [of("9", broad), of("9", dataclasses.replace(global_scope, status="exempted"))],
        "10": [of("10", dataclasses.replace(broad, severity=Severity.CRITICAL))],
        "11": [of("11", broad), of("11", finding("FD-BROAD-003", entitlement="role:1"))],
        "12": [of("12", stale)],
    }
    arguments = arguments_by_agent(findings)
    assert arguments["7"] is arguments["8"]
    assert len({id(arguments[agent_id]) for agent_id in findings}) == 5
    rows = [
        row(entitlement=entitlement, privileged=privileged, agent_state=state)
        for entitlement in ("scope:global", "role:1", "group:3")
        for privileged in (True, False)
        for state in ("active", "deactivated")
    ]
    for agent_id, found in findings.items():
        own = AgentArguments(found)
        assert [arguments[agent_id].suggest(r) for r in rows] == [own.suggest(r) for r in rows]
