"""The summary: key figures, agents by state and tier, findings by severity, rule and status."""

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.models import AgentId, AgentState, TicketScope, Tier
from auditor.report.agent_facts import PRIVILEGED_TIERS, SEVERITY_RANK, states
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
    # Each agent's state and tier read once: both are derived on every access.
    state_of = states(graph)
    tier_of = {a.id: graph.tier_of(a.id) for a in agents}
    by_state_and_tier = Counter((state_of[a.id], tier_of[a.id]) for a in agents)
    tier_rows = [
        TierRow(tier.value, tuple(by_state_and_tier[(state, tier)] for state in STATES))
        for tier in TIERS_HIGH_FIRST
    ]
    state_counts = Counter(state_of.values())
    tier_counts = Counter(tier_of[a.id] for a in agents if state_of[a.id] is AgentState.ACTIVE)
    return Summary(
        figures=_figures(analysis, state_of, tier_of),
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


def _figures(
    analysis: Analysis, state_of: dict[AgentId, AgentState], tier_of: dict[AgentId, Tier]
) -> list[Figure]:
    graph = analysis.graph
    account = analysis.account
    active = [a for a in graph.agents() if state_of[a.id] is AgentState.ACTIVE]
    privileged = [a for a in active if tier_of[a.id] in PRIVILEGED_TIERS]
    global_scope = [a for a in active if a.ticket_scope is TicketScope.GLOBAL]
    open_findings = [f for f in analysis.findings if f.status == "open"]
    serious = [
        f for f in open_findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[Severity.HIGH]
    ]
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
