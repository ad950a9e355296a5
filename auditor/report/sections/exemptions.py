"""The policy's exemptions: who accepted which risk until when, and whether each still applies."""

from dataclasses import dataclass
from typing import Literal

from auditor.analysis import Analysis
from auditor.inputs.policy import Exemption
from auditor.report.run_info import input_name
from auditor.rules import REGISTRY

# A live exemption this close to its expiry is pointed out, so renewal is not missed.
EXPIRING_SOON_DAYS = 30

ExemptionState = Literal["applied", "expired", "unused", "expired and unused", "not evaluated"]


@dataclass(frozen=True)
class ExemptionRow:
    exemption: Exemption
    state: ExemptionState
    explanation: str
    finding_ids: list[str]

    @property
    def flagged(self) -> bool:
        return self.state != "applied"


@dataclass(frozen=True)
class Exemptions:
    policy: str
    rows: list[ExemptionRow]


def build_exemptions(analysis: Analysis) -> Exemptions:
    return Exemptions(
        policy=input_name(analysis.policy.path),
        rows=[_row(analysis, e) for e in analysis.policy.exemptions],
    )


def _row(analysis: Analysis, exemption: Exemption) -> ExemptionRow:
    if exemption.rule not in analysis.rules_run:
        needs = REGISTRY[exemption.rule].needs
        inputs = ", ".join("--" + name.replace("_", "-") for name in sorted(needs))
        return ExemptionRow(
            exemption,
            "not evaluated",
            f"The rule did not run in this analysis (it needs {inputs}), so the exemption "
            "was not checked.",
            [],
        )
    matched = [
        f.finding_id
        for f in analysis.findings
        if f.rule_id == exemption.rule and f.subject.key == exemption.subject
    ]
    live = exemption.is_live(analysis.as_of)
    days_left = (exemption.expires - analysis.as_of.date()).days
    expired_on = f"Expired on {exemption.expires.isoformat()}"
    if live and matched:
        soon = (
            f"; expires in {days_left} days: renew or remove it"
            if days_left <= EXPIRING_SOON_DAYS
            else ""
        )
        return ExemptionRow(
            exemption, "applied", f"Exempts {len(matched)} finding(s){soon}.", matched
        )
    if matched:
        return ExemptionRow(
            exemption,
            "expired",
            f"{expired_on}: the finding is open again until the risk is re-approved or fixed.",
            matched,
        )
    unused = (
        "Matches no finding: the access was fixed or the subject is wrong; remove it from "
        "the policy."
    )
    if live:
        return ExemptionRow(exemption, "unused", unused, [])
    return ExemptionRow(exemption, "expired and unused", f"{expired_on}. {unused}", [])
