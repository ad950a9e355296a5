"""The sign-off block: what the reviewer attests to, with room for name, date and signature."""

from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.report.access_review import review_rows


@dataclass(frozen=True)
class SignOff:
    agents: int
    review_items: int
    open_findings: int


def build_signoff(analysis: Analysis) -> SignOff:
    return SignOff(
        agents=len(analysis.account.agents),
        review_items=len(review_rows(analysis)),
        open_findings=sum(1 for f in analysis.findings if f.status == "open"),
    )
