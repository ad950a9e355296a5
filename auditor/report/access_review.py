"""`access_review.csv`: the reviewer's worksheet, one row per entitlement an agent holds.

An entitlement is a role (`role:7`), a group membership (`group:3`) or a ticket scope
(`scope:global`). Reviewers fill in `decision` (keep or revoke), `justification`,
`reviewer` and `reviewed_at`; next quarter the filled-in file comes back as
`--previous-review`, matched on `agent_id` and `entitlement` (see `auditor.worksheet`).
"""

from auditor.analysis import Analysis
from auditor.graph.entitlements import entitlements_of
from auditor.timestamps import format_timestamp
from auditor.worksheet import review_item_id


def review_rows(analysis: Analysis) -> list[dict[str, str]]:
    findings_by_agent: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings_by_agent.setdefault(finding.subject.id, []).append(finding.finding_id)
    rows = []
    for agent in analysis.graph.agents():
        for held in entitlements_of(analysis.graph, agent.id):
            row = {
                "review_item_id": review_item_id(agent.id, held.key),
                "agent_id": str(agent.id),
                "agent_name": agent.name,
                "agent_email": agent.email,
                "agent_state": agent.state.value,
                "agent_tier": analysis.graph.tier_of(agent.id).value,
                "entitlement": held.key,
                "entitlement_type": held.type,
                "entitlement_name": held.name,
                "privileged": "yes" if held.privileged else "no",
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
