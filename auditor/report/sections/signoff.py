"""The sign-off block: what the reviewer attests to, with room for name, date and signature."""

from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.report.agent_facts import group_ids_by_agent


@dataclass(frozen=True)
class SignOff:
    agents: int
    review_items: int
    open_findings: int


def build_signoff(analysis: Analysis) -> SignOff:
    return SignOff(
        agents=len(analysis.account.agents),
        review_items=review_item_count(analysis),
        open_findings=sum(1 for f in analysis.findings if f.status == "open"),
    )


def review_item_count(analysis: Analysis) -> int:
    """The rows of `access_review.csv`, counted without building them.

    One row per entitlement (`graph.entitlements.entitlements_of`): each distinct role,
    each group membership and the ticket scope. Building the 50,000 rows of a large
    account only to count them took longer than the rest of the page; a test keeps this
    count equal to the worksheet's rows.
    """
    agents = analysis.account.agents
    roles = sum(map(len, map(dict.fromkeys, (agent.role_ids or [] for agent in agents.values()))))
    groups = sum(map(len, group_ids_by_agent(analysis.graph).values()))
    return roles + groups + len(agents)
