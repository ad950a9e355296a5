"""`access_review.csv`: the reviewer's worksheet, one row per entitlement an agent holds.

An entitlement is a role (`role:7`), a group membership (`group:3`) or a ticket scope
(`scope:global`). Reviewers fill in `decision` (keep or revoke), `justification`,
`reviewer` and `reviewed_at`; next quarter the filled-in file comes back as
`--previous-review`, matched on `agent_id` and `entitlement` (see `auditor.worksheet`).
"""

import weakref

from auditor.analysis import Analysis
from auditor.graph.entitlements import entitlements_of
from auditor.report.csv_files import csv_bytes
from auditor.timestamps import format_timestamp
from auditor.worksheet import REVIEW_COLUMNS, review_item_id

# The rows `access_review.csv` was written from, kept for `access_review.xlsx`, which the
# bundle writes next from the same rows: building them is most of the cost of the CSV.
# Held with a weak reference to their analysis (which is not kept alive by it), and only
# until the workbook takes them, so they are not held through the rest of the bundle.
_kept_rows: tuple["weakref.ref[Analysis]", list[dict[str, str]]] | None = None


def review_rows(analysis: Analysis) -> list[dict[str, str]]:
    """The worksheet's rows, agent by agent in ID order, each agent's entitlements in turn."""
    return _build_review_rows(analysis)


def access_review_csv_bytes(analysis: Analysis) -> bytes:
    """`access_review.csv`, its rows kept for the workbook (`take_review_rows`)."""
    global _kept_rows
    rows = _build_review_rows(analysis)
    _kept_rows = (weakref.ref(analysis), rows)
    return csv_bytes(REVIEW_COLUMNS, rows)


def take_review_rows(analysis: Analysis) -> list[dict[str, str]]:
    """`review_rows`: those `access_review.csv` was written from when it was, no longer kept."""
    global _kept_rows
    kept, _kept_rows = _kept_rows, None
    if kept is None or kept[0]() is not analysis:
        return _build_review_rows(analysis)
    return kept[1]


def _build_review_rows(analysis: Analysis) -> list[dict[str, str]]:
    findings_by_agent: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings_by_agent.setdefault(finding.subject.id, []).append(finding.finding_id)
    previous_review = analysis.previous_review
    rows = []
    for agent in analysis.graph.agents():
        # What every row of the agent repeats, worked out once per agent: 10,000 agents
        # hold some 43,000 entitlements.
        agent_id, agent_state = str(agent.id), agent.state.value
        agent_tier = analysis.graph.tier_of(agent.id).value
        last_login = format_timestamp(agent.last_login_at) if agent.last_login_at else ""
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
