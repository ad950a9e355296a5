"""Above a size, the matrix and the identity picture show the privileged part and say so."""

import re

import pytest

from auditor.analysis import Analysis
from auditor.report.html import render_html
from auditor.report.sections import identity as identity_section
from auditor.report.sections import matrix as matrix_section
from auditor.report.sections.identity import build_identity
from auditor.report.sections.matrix import build_matrix


def test_the_matrix_shows_every_agent_and_counts_holders_below_the_limit(
    hostile_analysis: Analysis,
) -> None:
    matrix = build_matrix(hostile_analysis)
    assert not matrix.limited
    assert len(matrix.rows) == matrix.total_agents == len(hostile_analysis.account.agents)
    for index, count in enumerate(matrix.holders):
        assert count == sum(row.cells[index] for row in matrix.rows)
    assert 'id="matrix-limited"' not in render_html(hostile_analysis)


def test_above_the_limit_the_matrix_keeps_the_most_privileged_and_says_so(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = build_matrix(hostile_analysis)
    monkeypatch.setattr(matrix_section, "AGENT_LIMIT", 3)
    matrix = build_matrix(hostile_analysis)
    assert matrix.limited
    # Account admin first, then the admins, the active one before the deactivated one.
    assert [row.agent_id for row in matrix.rows] == [4, 1, 7]
    assert matrix.holders == full.holders  # still counted over every agent
    page = render_html(hostile_analysis)
    notice = page.split('id="matrix-limited">')[1].split("</p>")[0]
    assert f"shows 3 of the account's {full.total_agents} agents" in notice
    assert "agents.csv" in notice
    assert "access_review.csv" in notice


def test_above_the_limit_the_picture_draws_the_privileged_and_at_risk_part(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_identity(hostile_analysis).shown is None
    monkeypatch.setattr(identity_section, "AGENT_LIMIT", 2)
    picture = build_identity(hostile_analysis)
    assert picture.shown == 2
    assert picture.at_risk > 2
    drawn = set(re.findall(r"\(agent (\d+)\)", str(picture.svg)))
    # The account admin, then of the two admins the one with an open high finding
    # (agent 7, deactivated, its exemption expired) before the one without.
    assert drawn == {"4", "7"}
    page = render_html(hostile_analysis)
    notice = page.split('id="identity-limited">')[1].split("</p>")[0]
    assert f"shows 2 of the {picture.agents} agents" in notice
    assert "privileged and at-risk" in notice
