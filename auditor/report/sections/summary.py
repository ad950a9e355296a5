"""The summary: key figures, agents by state and tier, findings by severity, rule and status."""

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.models import AgentState, TicketScope, Tier
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
    agents = list(graph.agents())
    active = [a for a in agents if a.state is AgentState.ACTIVE]
    tier_rows = [
        TierRow(
            tier.value,
            tuple(
                sum(1 for a in agents if a.state is state and graph.tier_of(a.id) is tier)
                for state in STATES
            ),
        )
        for tier in TIERS_HIGH_FIRST
    ]
    state_counts = Counter(a.state for a in agents)
    tier_counts = Counter(graph.tier_of(a.id) for a in active)
    return Summary(
        figures=_figures(analysis),
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


def _figures(analysis: Analysis) -> list[Figure]:
    graph = analysis.graph
    account = analysis.account
    active = list(graph.agents(AgentState.ACTIVE))
    privileged = [a for a in active if graph.is_privileged(a.id)]
    global_scope = [a for a in active if a.ticket_scope is TicketScope.GLOBAL]
    open_findings = [f for f in analysis.findings if f.status == "open"]
    serious = [f for f in open_findings if f.severity.rank >= Severity.HIGH.rank]
    return [
        Figure("Agents", len(account.agents), f"{len(active)} active"),
        Figure("Active privileged agents", len(privileged), "admin or account admin"),
        Figure("Active agents with Global scope", len(global_scope), "see every ticket"),
        Figure(
            "Contacts",
            account.contact_table.total,
            f"{account.contact_table.viewing_all_tickets} view all tickets of a company; "
            f"{len(account.companies)} companies",
        ),
        Figure(
            "Open findings",
            len(open_findings),
            f"{len(serious)} high or critical",
            alert=bool(serious),
        ),
        Figure(
            "Exempted findings",
            len(analysis.findings) - len(open_findings),
            f"{len(analysis.policy.exemptions)} exemptions in the policy",
        ),
    ]


def _finding_charts(analysis: Analysis) -> dict[str, Markup]:
    findings = analysis.findings
    severities = Counter(f.severity for f in findings)
    rules = Counter(f.rule_id for f in findings)
    statuses = Counter(f.status for f in findings)
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
