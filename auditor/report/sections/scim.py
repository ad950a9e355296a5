"""The report's SCIM reconciliation: the identity provider's SCIM users beside the agents.

Shown whenever SCIM was requested (`--scim-token-file`): with the matching when users
were served, and with the recorded status and note when SCIM was refused or is not
offered. Left out of a report whose snapshot was collected without a SCIM token.
"""

from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.graph.scim_match import ScimOutcomeName
from auditor.report.sections.base import Count

# What each outcome means for an active agent, and the rule that reports it.
_OUTCOMES: dict[ScimOutcomeName, tuple[str, str]] = {
    "deprovisioned": ("SCIM user inactive: deprovisioning did not reach Freshdesk", "FD-STALE-005"),
    "not_provisioned": ("no SCIM user: provisioned by hand, outside the provider", "FD-HYG-006"),
    "unknown_active": ("SCIM user without a usable 'active' value: confirm by hand", ""),
}
_STATUS_TEXT = {
    "complete": "every SCIM user was read",
    "partial": "the SCIM users were read only in part",
    "denied": "the SCIM server refused the token",
    "unavailable": "the account offers no SCIM at this address",
    "not_requested": "no SCIM token was given",
}


@dataclass(frozen=True)
class ScimAgentRow:
    agent_id: int
    name: str
    email: str
    outcome: str
    rule_id: str
    # The SCIM users matched: "userName (id, active: false)", or empty.
    scim_says: str


@dataclass(frozen=True)
class ScimOrphanRow:
    id: str
    user_name: str
    emails: str
    active: str
    external_id: str


@dataclass(frozen=True)
class ScimSection:
    base_url: str
    status: str
    status_text: str
    note: str
    users: int
    total_results: str
    groups_status: str
    figures: list[Count]
    exceptions: list[ScimAgentRow]
    orphans: list[ScimOrphanRow]
    # Whether FD-HYG-006 could judge (every user read, and the account uses SCIM).
    absence_judged: bool


def build_scim(analysis: Analysis) -> ScimSection | None:
    record = analysis.account.manifest.scim
    if record is None or record.status == "not_requested":
        return None
    check = analysis.scim
    figures: list[Count] = []
    exceptions: list[ScimAgentRow] = []
    orphans: list[ScimOrphanRow] = []
    judged = check is not None and check.complete and check.in_use
    if check is not None:
        counts = check.counts()
        figures = [
            Count("active agents matched to an active SCIM user", counts["matched"]),
            Count("SCIM user inactive (FD-STALE-005)", counts["deprovisioned"], alert=True),
            Count("no SCIM user (FD-HYG-006)", counts["not_provisioned"], alert=True),
            Count("SCIM 'active' unknown", counts["unknown_active"], alert=True),
            Count("SCIM users with no agent", len(check.orphans)),
        ]
        exceptions = [
            ScimAgentRow(
                o.agent.id,
                o.agent.name,
                o.agent.email,
                _OUTCOMES[o.outcome][0],
                _OUTCOMES[o.outcome][1],
                "; ".join(
                    f"{u.user_name or '(no userName)'} ({u.id}, active: {_active(u.active)})"
                    for u in o.users
                ),
            )
            for o in check.outcomes
            # A missing SCIM user is listed only where it proves something (FD-HYG-006 ran).
            if o.outcome != "matched" and (o.outcome != "not_provisioned" or judged)
        ]
        orphans = [
            ScimOrphanRow(u.id, u.user_name, ", ".join(u.emails), _active(u.active), u.external_id)
            for u in check.orphans
        ]
    return ScimSection(
        base_url=record.base_url,
        status=record.status,
        status_text=_STATUS_TEXT[record.status],
        note=record.note,
        users=record.users,
        total_results=str(record.total_results) if record.total_results is not None else "",
        groups_status=record.groups_status.replace("_", " "),
        figures=figures,
        exceptions=exceptions,
        orphans=orphans,
        absence_judged=judged,
    )


def _active(value: bool | None) -> str:
    return "unknown" if value is None else "true" if value else "false"
