"""The data behind each report section, checked on the hostile account."""

import re
from pathlib import Path

from auditor.analysis import Analysis
from auditor.report.identity_picture import identity_svg, layout
from auditor.report.sections.coverage import build_coverage
from auditor.report.sections.exemptions import build_exemptions
from auditor.report.sections.matrix import build_matrix
from auditor.report.sections.methodology import build_methodology
from auditor.report.sections.privileged import build_privileged
from auditor.report.sections.rules import build_rules
from auditor.report.sections.summary import build_summary
from auditor.report.svg import Bar, bar_chart
from tests.builders import agent, analyze_account, group
from tests.report.conftest import IMG


def test_privileged_list_names_every_admin_or_global_holder_and_the_grant(
    hostile_analysis: Analysis,
) -> None:
    holders = {
        h.agent_id: (h.state, h.tier, tuple(h.grants))
        for h in build_privileged(hostile_analysis).holders
    }
    assert holders == {
        1: ("active", "admin", ("Administrator (role 2) \u2192 admin",)),
        2: ("active", "agent", ("Global ticket scope (every ticket)",)),
        4: ("active", "account_admin", ("Account Administrator (role 1) \u2192 account_admin",)),
        7: ("deactivated", "admin", ("Administrator (role 2) \u2192 admin",)),
    }
    order = [h.agent_id for h in build_privileged(hostile_analysis).holders]
    assert order == [4, 1, 2, 7]  # active first, highest tier first


def test_exemptions_are_applied_expired_or_unused(hostile_analysis: Analysis) -> None:
    rows = build_exemptions(hostile_analysis).rows
    states = {row.exemption.subject: (row.state, row.flagged) for row in rows}
    assert states == {
        "agent:3": ("applied", False),
        "agent:7": ("expired", True),
        "agent:999": ("unused", True),
    }
    applied = next(row for row in rows if row.state == "applied")
    exempted = [f.finding_id for f in hostile_analysis.findings if f.status == "exempted"]
    assert applied.finding_ids == exempted


def test_access_matrix_marks_each_held_role_and_group(hostile_analysis: Analysis) -> None:
    matrix = build_matrix(hostile_analysis)
    columns = [c.key for c in matrix.roles + matrix.groups]
    assert columns == [
        "role:1",
        "role:2",
        "role:3",
        "role:4",
        "role:5",
        "role:20",
        "role:99",
        "group:10",
        "group:11",
    ]
    held = {
        row.agent_id: {key for key, cell in zip(columns, row.cells, strict=True) if cell}
        for row in matrix.rows
    }
    assert held == {
        1: {"role:2", "group:10"},
        2: {"role:4", "group:10", "group:11"},
        3: {"role:4"},
        4: {"role:1", "role:99"},
        5: {"role:4", "group:11"},
        6: {"role:20"},
        7: {"role:2"},
        8: {"role:4", "group:11"},
    }
    undefined = [c.key for c in matrix.roles if c.undefined]
    assert undefined == ["role:99"]
    assert {c.key for c in matrix.roles if c.privileged} == {"role:1", "role:2"}


def test_summary_counts_agents_by_state_and_tier(hostile_analysis: Analysis) -> None:
    summary = build_summary(hostile_analysis)
    assert summary.state_totals == (7, 0, 1)
    by_tier = {row.tier: row.by_state for row in summary.tier_rows}
    assert by_tier == {
        "account_admin": (1, 0, 0),
        "admin": (1, 0, 1),
        "supervisor": (0, 0, 0),
        "agent": (5, 0, 0),
        "collaborator": (0, 0, 0),
    }
    figures = {figure.label: figure.value for figure in summary.figures}
    assert figures == {
        "Agents": 8,
        "Active privileged agents": 2,
        "Active agents with Global scope": 1,
        "Contacts": 1,
        "Open findings": 4,
        "Exempted findings": 1,
    }


def test_rules_without_their_input_are_listed_as_not_evaluated(
    hostile_analysis: Analysis,
) -> None:
    entries = {entry.id: entry for entry in build_rules(hostile_analysis)}
    assert not entries["FD-DRIFT-001"].evaluated
    assert entries["FD-DRIFT-001"].needs == ["baseline"]
    assert entries["FD-STALE-002"].evaluated
    assert (entries["FD-STALE-002"].open, entries["FD-STALE-002"].exempted) == (0, 1)


def test_coverage_counts_the_findings_of_the_rules_testing_each_requirement(
    hostile_analysis: Analysis,
) -> None:
    rows = {row.requirement.key: row for row in build_coverage(hostile_analysis)}
    dormant = rows["CIS Controls v8 5.3"]
    assert ("FD-STALE-002", True) in dormant.rules
    assert (dormant.evaluated, dormant.open, dormant.exempted) == (True, 0, 1)
    # Tested only by rules that compare with a baseline, which this run was not given.
    granting = rows["CIS Controls v8 6.1"]
    assert granting.rules
    assert all(rule_id.startswith("FD-DRIFT-") and not ran for rule_id, ran in granting.rules)
    assert not granting.evaluated


def test_methodology_lists_collections_and_membership_disagreements(tmp_path: Path) -> None:
    analysis = analyze_account(
        tmp_path / "snapshot",
        agents=[agent(1, name="Ann", group_ids=[10]), agent(2, name="<Bob>", group_ids=[])],
        groups=[group(10, "Billing", agent_ids=[2])],
        notes={"groups": "group records carry agent_ids"},
    )
    methodology = build_methodology(analysis)
    assert [row.name for row in methodology.collections] == [
        "agents",
        "agents_inactive",
        "roles",
        "groups",
        "contacts",
        "companies",
    ]
    assert methodology.collections[3].stats.note == "group records carry agent_ids"
    assert methodology.disagreements == [
        "Ann (agent 1): the agent record lists Billing (group 10), whose member list does not "
        "include the agent; counted as a member.",
        "<Bob> (agent 2): Billing (group 10) lists the agent as a member, but the agent record "
        "does not list the group; counted as a member.",
    ]
    assert methodology.membership_route == "not recorded"


def test_identity_picture_draws_every_agent_once_with_escaped_names(
    hostile_analysis: Analysis,
) -> None:
    plan = layout(hostile_analysis)
    assert sorted(agent.id for _, agent in plan.agents) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [node.key for node in plan.roles][:2] == ["role:1", "role:2"]
    svg = str(identity_svg(hostile_analysis))
    assert svg == str(identity_svg(hostile_analysis))
    assert IMG not in svg
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert len(re.findall(r'<g class="g-node g-agent', svg)) == 8
    # Global scope is a badge on the one agent holding it (agent 2).
    assert len(re.findall(r'class="g-badge">global<', svg)) == 1


def test_bar_chart_escapes_labels_and_scales_bars() -> None:
    svg = str(bar_chart("t", [Bar("<b>", 4, "high"), Bar("x", 2)]))
    assert "&lt;b&gt;" in svg
    assert "<b>" not in svg
    widths = re.findall(r'<rect [^>]*width="([\d.]+)"', svg)
    assert [float(w) for w in widths] == [170.0, 85.0]
