"""The rows behind the CSV files and the HTML tables, built once so both always agree."""

from auditor.analysis import Analysis
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


def agent_rows(analysis: Analysis) -> list[dict[str, str]]:
    graph = analysis.graph
    groups = analysis.account.groups
    findings: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings.setdefault(finding.subject.id, []).append(finding.finding_id)
    rows = []
    times = TimestampTexts()  # agents' times repeat: each written once
    for agent in graph.agents():
        roles = [f"{role.name} ({role.id})" for role in graph.roles_of(agent.id)]
        roles += [f"undefined role ({r})" for r in graph.unknown_role_ids(agent.id)]
        group_names = [
            f"{groups[g].name} ({g})" if g in groups else f"undefined group ({g})"
            for g in graph.group_ids_of(agent.id)
        ]
        rows.append(
            {
                "id": str(agent.id),
                "name": agent.name,
                "email": agent.email,
                "state": agent.state.value,
                "type": agent.type,
                "occasional": "yes" if agent.occasional else "no",
                "ticket_scope": agent.ticket_scope.label,
                "tier": graph.tier_of(agent.id).value,
                "roles": "; ".join(roles),
                "groups": "; ".join(group_names),
                "last_login": times.format(agent.last_login_at) if agent.last_login_at else "",
                "created": times.format(agent.created_at),
                "privileged": "yes" if graph.is_privileged(agent.id) else "no",
                "finding_ids": "; ".join(sorted(findings.get(str(agent.id), []))),
                "last_active": times.format(agent.last_active_at) if agent.last_active_at else "",
                # What dormancy (FD-STALE-002) is judged on.
                "last_seen": times.format(agent.last_seen),
            }
        )
    return rows
