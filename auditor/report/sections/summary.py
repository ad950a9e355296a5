"""The summary: key figures, agents by state and tier, findings by severity, rule and status."""

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.models import AgentState, TicketScope, Tier
from auditor.report.agent_facts import PRIVILEGED_TIERS, SEVERITY_RANK
from auditor.report.svg import Bar, bar_chart
from auditor.rules.base import Severity

STATES = (AgentState.ACTIVE, AgentState.PENDING, AgentState.DEACTIVATED)
TIERS_HIGH_FIRST = tuple(sorted(Tier, key=lambda t: -t.rank))
SEVERITIES_HIGH_FIRST = tuple(sorted(Severity, key=lambda s: -s.rank))


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    note: str = ""
    alert: bool = False


@dataclass(frozen=True)
class TierRow:
    tier: str
    by_state: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.by_state)


@dataclass(frozen=True)
class Summary:
    figures: list[Figure]
    states: tuple[str, ...]
    tier_rows: list[TierRow]
    state_totals: tuple[int, ...]
    agents_chart: Markup
    tiers_chart: Markup
    severity_chart: Markup
    rule_chart: Markup
    status_chart: Markup


def build_summary(analysis: Analysis) -> Summary:
    graph = analysis.graph
    agent_ids = list(analysis.account.agents)
    # Every figure about agents from one tally of (state, tier), read from the graph's
    # indexes by C loops over the IDs (`Agent.state` is derived on every read).
    by_state_and_tier = Counter(
        zip(map(graph.state_of, agent_ids), map(graph.tier_of, agent_ids), strict=True)
    )
    tier_rows = [
        TierRow(tier.value, tuple(by_state_and_tier[(state, tier)] for state in STATES))
        for tier in TIERS_HIGH_FIRST
    ]
    state_counts = {
        state: sum(by_state_and_tier[(state, tier)] for tier in Tier) for state in STATES
    }
    tier_counts = {tier: by_state_and_tier[(AgentState.ACTIVE, tier)] for tier in Tier}
    return Summary(
        figures=_figures(analysis, tier_counts),
        states=tuple(state.value for state in STATES),
        tier_rows=tier_rows,
        state_totals=tuple(state_counts[state] for state in STATES),
        agents_chart=bar_chart(
            "Agents by state",
            [Bar(state.value, state_counts[state], state.value) for state in STATES],
        ),
        tiers_chart=bar_chart(
            "Active agents by privilege tier",
            [Bar(tier.value, tier_counts[tier], tier.value) for tier in TIERS_HIGH_FIRST],
        ),
        **_finding_charts(analysis),
    )


def _figures(analysis: Analysis, active_by_tier: dict[Tier, int]) -> list[Figure]:
    account = analysis.account
    findings = analysis.findings
    active = sum(active_by_tier.values())
    privileged = sum(active_by_tier[tier] for tier in PRIVILEGED_TIERS)
    scopes = Counter(map(attrgetter("ticket_scope"), analysis.graph.agents(AgentState.ACTIVE)))
    by_status = Counter(
        zip(map(attrgetter("status"), findings), map(attrgetter("severity"), findings), strict=True)
    )
    open_findings = sum(count for (status, _), count in by_status.items() if status == "open")
    serious = sum(
        count
        for (status, severity), count in by_status.items()
        if status == "open" and SEVERITY_RANK[severity] >= SEVERITY_RANK[Severity.HIGH]
    )
    return [
        Figure("Agents", len(account.agents), f"{active} active"),
        Figure("Active privileged agents", privileged, "admin or account admin"),
        Figure("Active agents with Global scope", scopes[TicketScope.GLOBAL], "see every ticket"),
        Figure(
            "Contacts",
            account.contact_table.total,
            f"{account.contact_table.viewing_all_tickets} view all tickets of a company; "
            f"{len(account.companies)} companies",
        ),
        Figure(
            "Open findings",
            open_findings,
            f"{serious} high or critical",
            alert=bool(serious),
        ),
        Figure(
            "Exempted findings",
            len(findings) - open_findings,
            f"{len(analysis.policy.exemptions)} exemptions in the policy",
        ),
    ]


def _finding_charts(analysis: Analysis) -> dict[str, Markup]:
    findings = analysis.findings
    # Counted by C loops: `attrgetter` reads each finding's field without a Python call.
    severities = Counter(map(attrgetter("severity"), findings))
    rules = Counter(map(attrgetter("rule.id"), findings))
    statuses = Counter(map(attrgetter("status"), findings))
    return {
        "severity_chart": bar_chart(
            "Findings by severity",
            [Bar(s.value, severities[s], s.value) for s in SEVERITIES_HIGH_FIRST],
            filter_key="severity",
        ),
        "rule_chart": bar_chart(
            "Findings by rule",
            [Bar(rule_id, rules[rule_id]) for rule_id in sorted(rules)],
            filter_key="rule",
        ),
        "status_chart": bar_chart(
            "Findings open and exempted",
            [Bar(status, statuses[status], status) for status in ("open", "exempted")],
            filter_key="status",
        ),
    }
