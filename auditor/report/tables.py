"""The rows behind the CSV files and the HTML tables, built once so both always agree."""

import operator
from itertools import repeat

from auditor.analysis import Analysis
from auditor.models import GroupId, RoleId, TicketScope
from auditor.report.agent_facts import STATE_TEXTS, TIER_TEXTS, YES_NO, finding_ids_by_agent
from auditor.report.timestamp_texts import TimestampTexts
from auditor.rules.frameworks import requirements_of

FINDING_COLUMNS = [
    "finding_id",
    "rule_id",
    "severity",
    "status",
    "subject_type",
    "subject_id",
    "subject_name",
    "subject_email",
    "title",
    "detail",
    "remediation",
    "frameworks",
    "exemption_reason",
    "exemption_approved_by",
    "exemption_expires",
    "exemption_note",
    # Beyond SPEC's list; new columns are only ever appended, so positions stay stable.
    "entitlement",
]

AGENT_COLUMNS = [
    "id",
    "name",
    "email",
    "state",
    "type",
    "occasional",
    "ticket_scope",
    "tier",
    "roles",
    "groups",
    "last_login",
    "created",
    "privileged",
    "finding_ids",
    # After every earlier column, so scripts that read columns by position keep working.
    "last_active",
    "last_seen",
]


def finding_rows(analysis: Analysis) -> list[dict[str, str]]:
    # A rule's remediation and frameworks, the longest cells, are the same in each of its
    # findings (thousands of findings, a few dozen rules): made once per rule (by identity:
    # each rule is one object, which its findings share).
    by_rule: dict[int, tuple[str, str]] = {}
    rows = []
    for finding in analysis.findings:
        exemption = finding.exemption
        rule = finding.rule
        if id(rule) not in by_rule:
            by_rule[id(rule)] = (
                " ".join(f"{n}. {step}" for n, step in enumerate(rule.remediation, 1)),
                "; ".join(r.key for r in requirements_of(rule.frameworks)),
            )
        remediation, frameworks = by_rule[id(rule)]
        rows.append(
            {
                "finding_id": finding.finding_id,
                "rule_id": finding.rule_id,
                "severity": finding.severity.value,
                "status": finding.status,
                "subject_type": finding.subject.type,
                "subject_id": finding.subject.id,
                "subject_name": finding.subject.name,
                "subject_email": finding.subject.email,
                "title": finding.title,
                "detail": finding.detail,
                "remediation": remediation,
                "frameworks": frameworks,
                "exemption_reason": exemption.reason if exemption else "",
                "exemption_approved_by": exemption.approved_by if exemption else "",
                "exemption_expires": exemption.expires.isoformat() if exemption else "",
                "exemption_note": finding.exemption_note,
                "entitlement": finding.entitlement,
            }
        )
    return rows


def agent_columns(analysis: Analysis) -> list[list[str]]:
    """`agents.csv`'s cells column by column, in `AGENT_COLUMNS` order: each column made
    by a few calls in C over the agents, each distinct set of roles or groups named once,
    rather than a row of lookups per agent."""
    graph = analysis.graph
    agents = list(graph.agents())
    ids = [agent.id for agent in agents]
    agent_ids = list(map(str, ids))
    tiers = list(map(graph.tier_of, ids))
    times = TimestampTexts()  # agents' times repeat: each written once
    role_names, group_names = _RoleNames(analysis), _GroupNames(analysis)
    columns = {
        "id": agent_ids,
        "name": list(map(operator.attrgetter("name"), agents)),
        "email": list(map(operator.attrgetter("email"), agents)),
        "state": [STATE_TEXTS[state] for state in map(graph.state_of, ids)],
        "type": list(map(operator.attrgetter("type"), agents)),
        "occasional": [YES_NO[agent.occasional] for agent in agents],
        "ticket_scope": [_SCOPE_LABELS[agent.ticket_scope] for agent in agents],
        "tier": [TIER_TEXTS[tier] for tier in tiers],
        "roles": [role_names[tuple(agent.role_ids or ())] for agent in agents],
        "groups": [group_names[tuple(graph.group_ids_of(agent_id))] for agent_id in ids],
        "last_login": [
            times.format(agent.last_login_at) if agent.last_login_at else "" for agent in agents
        ],
        "created": [times.format(agent.created_at) for agent in agents],
        "privileged": [YES_NO[tier.is_privileged] for tier in tiers],
        "finding_ids": list(map(finding_ids_by_agent(analysis).get, agent_ids, repeat(""))),
        "last_active": [
            times.format(agent.last_active_at) if agent.last_active_at else "" for agent in agents
        ],
        # What dormancy (FD-STALE-002) is judged on.
        "last_seen": [times.format(agent.last_seen) for agent in agents],
    }
    return [columns[name] for name in AGENT_COLUMNS]


_SCOPE_LABELS = {scope: scope.label for scope in TicketScope}


class _RoleNames(dict[tuple[RoleId, ...], str]):
    """The `roles` cell of each distinct list of role IDs: the roles the account defines,
    `Name (id)`, then the others, `undefined role (id)`."""

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self._roles = analysis.account.roles

    def __missing__(self, role_ids: tuple[RoleId, ...]) -> str:
        roles = self._roles
        known = [f"{roles[r].name} ({roles[r].id})" for r in role_ids if r in roles]
        known += [f"undefined role ({r})" for r in role_ids if r not in roles]
        named = self[role_ids] = "; ".join(known)
        return named


class _GroupNames(dict[tuple[GroupId, ...], str]):
    """The `groups` cell of each distinct list of group IDs, in order: `Name (id)`, or
    `undefined group (id)` for a group the account does not define."""

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self._groups = analysis.account.groups

    def __missing__(self, group_ids: tuple[GroupId, ...]) -> str:
        groups = self._groups
        named = self[group_ids] = "; ".join(
            f"{groups[g].name} ({g})" if g in groups else f"undefined group ({g})"
            for g in group_ids
        )
        return named
