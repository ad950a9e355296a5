"""`access_review.csv`: the reviewer's worksheet, one row per entitlement an agent holds.

An entitlement is a role (`role:7`), a group membership (`group:3`) or a ticket scope
(`scope:global`). Reviewers fill in `decision` (keep or revoke), `justification`,
`reviewer` and `reviewed_at`; next quarter the filled-in file comes back as
`--previous-review`, matched on `agent_id` and `entitlement`.
"""

import hashlib

from auditor.analysis import Analysis
from auditor.models import AgentId
from auditor.timestamps import format_timestamp

REVIEW_COLUMNS = [
    "review_item_id",
    "agent_id",
    "agent_name",
    "agent_email",
    "agent_state",
    "agent_tier",
    "entitlement",
    "entitlement_type",
    "entitlement_name",
    "privileged",
    "last_login",
    "finding_ids",
    "change",
    "previous_decision",
    "decision",
    "justification",
    "reviewer",
    "reviewed_at",
]
DECISIONS = ("keep", "revoke")


def review_item_id(agent_id: int, entitlement: str) -> str:
    """Stable across quarters: the same agent holding the same entitlement, the same ID."""
    return "R-" + hashlib.sha256(f"agent:{agent_id}|{entitlement}".encode()).hexdigest()[:16]


def entitlements_of(analysis: Analysis, agent_id: AgentId) -> list[tuple[str, str, str, bool]]:
    """(entitlement, type, name, privileged) for every role, group and the scope of an agent."""
    graph = analysis.graph
    groups = analysis.account.groups
    held: list[tuple[str, str, str, bool]] = []
    for role in graph.roles_of(agent_id):
        tier = graph.node_attributes(f"role:{role.id}")["tier"]
        held.append((f"role:{role.id}", "role", role.name, tier in ("admin", "account_admin")))
    for role_id in graph.unknown_role_ids(agent_id):
        held.append((f"role:{role_id}", "role", f"undefined role {role_id}", False))
    for group_id in graph.group_ids_of(agent_id):
        name = groups[group_id].name if group_id in groups else f"undefined group {group_id}"
        held.append((f"group:{group_id}", "group", name, False))
    scope = analysis.account.agents[agent_id].ticket_scope
    held.append(
        (
            f"scope:{scope.label}",
            "ticket_scope",
            f"{scope.label.capitalize()} access",
            scope.label == "global",
        )
    )
    return held


def review_rows(analysis: Analysis) -> list[dict[str, str]]:
    findings_by_agent: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings_by_agent.setdefault(finding.subject.id, []).append(finding.finding_id)
    rows = []
    for agent in analysis.graph.agents():
        for entitlement, kind, name, privileged in entitlements_of(analysis, agent.id):
            row = {
                "review_item_id": review_item_id(agent.id, entitlement),
                "agent_id": str(agent.id),
                "agent_name": agent.name,
                "agent_email": agent.email,
                "agent_state": agent.state.value,
                "agent_tier": analysis.graph.tier_of(agent.id).value,
                "entitlement": entitlement,
                "entitlement_type": kind,
                "entitlement_name": name,
                "privileged": "yes" if privileged else "no",
                "last_login": format_timestamp(agent.last_login_at) if agent.last_login_at else "",
                "finding_ids": "; ".join(sorted(findings_by_agent.get(str(agent.id), []))),
                "change": "",
                "previous_decision": "",
                "decision": "",
                "justification": "",
                "reviewer": "",
                "reviewed_at": "",
            }
            if analysis.previous_review is not None:
                # `change` and `previous_decision`, from last quarter's filled-in worksheet.
                row.update(analysis.previous_review.prefill(row))
            rows.append(row)
    return rows
