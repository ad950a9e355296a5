"""`access_review.csv`: the reviewer's worksheet, one row per entitlement an agent holds.

An entitlement is a role (`role:7`), a group membership (`group:3`) or a ticket scope
(`scope:global`). Reviewers fill in `decision` (keep or revoke), `justification`,
`reviewer` and `reviewed_at`; next quarter the filled-in file comes back as
`--previous-review`, matched on `agent_id` and `entitlement` (see `auditor.worksheet`).
"""

from auditor.analysis import Analysis
from auditor.graph.entitlements import entitlements_of
from auditor.report.csv_files import csv_bytes
from auditor.report.timestamp_texts import TimestampTexts
from auditor.worksheet import REVIEW_COLUMNS, review_item_id


def access_review_csv_bytes(analysis: Analysis) -> bytes:
    return csv_bytes(REVIEW_COLUMNS, review_rows(analysis))


def review_rows(analysis: Analysis) -> list[dict[str, str]]:
    """The worksheet's rows, agent by agent in ID order, each agent's entitlements in turn;
    new rows on every call, so a caller may complete its own in place."""
    findings_by_agent: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings_by_agent.setdefault(finding.subject.id, []).append(finding.finding_id)
    previous_review = analysis.previous_review
    rows = []
    times = TimestampTexts()  # agents' login times repeat: each written once
    for agent in analysis.graph.agents():
        # What every row of the agent repeats, worked out once per agent: 10,000 agents
        # hold some 43,000 entitlements.
        agent_id, agent_state = str(agent.id), agent.state.value
        agent_tier = analysis.graph.tier_of(agent.id).value
        last_login = times.format(agent.last_login_at) if agent.last_login_at else ""
        finding_ids = "; ".join(sorted(findings_by_agent.get(agent_id, [])))
        for held in entitlements_of(analysis.graph, agent.id):
            row = {
                "review_item_id": review_item_id(agent.id, held.key),
                "agent_id": agent_id,
                "agent_name": agent.name,
                "agent_email": agent.email,
                "agent_state": agent_state,
                "agent_tier": agent_tier,
                "entitlement": held.key,
                "entitlement_type": held.type,
                "entitlement_name": held.name,
                "privileged": "yes" if held.privileged else "no",
                "last_login": last_login,
                "finding_ids": finding_ids,
                "change": "",
                "previous_decision": "",
                "decision": "",
                "justification": "",
                "reviewer": "",
                "reviewed_at": "",
            }
            if previous_review is not None:
                # `change` and `previous_decision`, from last quarter's filled-in worksheet.
                row.update(previous_review.prefill(row))
            rows.append(row)
    return rows
