"""FD-STALE-001..003 on tiny accounts: exact subjects, severities, thresholds and details."""

from pathlib import Path

import pytest

from tests.builders import ADMIN, AGENT, OLD, agent, found, group, standard_roles
from tests.rules.cases import days_before, one, run, severities

# -- FD-STALE-001: deactivated agent still holds roles or groups ------------------------------


@pytest.mark.rule_case("FD-STALE-001", "positive")
def test_stale_001_finds_deactivated_agents_with_roles_or_groups(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN]),
            # Deactivated by flag although listed as active: groups only, no role.
            agent(2, role_ids=[], group_ids=[10], deactivated=True),
        ],
        inactive_agents=[
            agent(3, role_ids=[AGENT], active=False, last_login_at=OLD),
            agent(4, role_ids=[ADMIN], group_ids=[10], active=False, last_login_at=OLD),
        ],
        groups=[group(10, "Billing")],
    )
    assert found(analysis, "FD-STALE-001") == {"agent:2", "agent:3", "agent:4"}
    assert severities(analysis, "FD-STALE-001") == {
        "agent:2": "medium",
        "agent:3": "medium",
        "agent:4": "high",
    }
    detail = one(analysis, "FD-STALE-001", "agent:4").detail
    assert "last login 2025-01-01" in detail
    assert "holds Administrator via role 2" in detail
    assert "Billing (group 10)" in detail
    assert "would restore tier admin" in detail


@pytest.mark.rule_case("FD-STALE-001", "negative")
def test_stale_001_ignores_deactivated_agent_holding_nothing_and_pending_agents(
    tmp_path: Path,
) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, role_ids=[ADMIN], group_ids=[10])],
        inactive_agents=[
            agent(2, role_ids=[], group_ids=[], active=False, last_login_at=OLD),
            # Never logged in: pending, which is FD-STALE-003's business.
            agent(3, role_ids=[ADMIN], active=False, last_login_at=None),
        ],
        groups=[group(10)],
    )
    assert found(analysis, "FD-STALE-001") == set()


@pytest.mark.rule_case("FD-STALE-001", "positive")
def test_stale_001_counts_a_role_missing_from_roles_but_not_as_privileged(
    tmp_path: Path,
) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, role_ids=[ADMIN])],
        inactive_agents=[agent(2, role_ids=[99], active=False, last_login_at=OLD)],
    )
    assert severities(analysis, "FD-STALE-001") == {"agent:2": "medium"}
    assert "undefined role(s) 99" in one(analysis, "FD-STALE-001", "agent:2").detail


# -- FD-STALE-002: dormant agent ---------------------------------------------------------------


@pytest.mark.rule_case("FD-STALE-002", "positive")
def test_stale_002_threshold_boundary_for_agents_and_privileged_agents(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, last_login_at=days_before(90)),
            agent(2, last_login_at=days_before(91)),
            agent(3, role_ids=[ADMIN], last_login_at=days_before(30)),
            agent(4, role_ids=[ADMIN], last_login_at=days_before(31)),
            # 90 days and 23 hours: still 90 whole days, as the detail would state.
            agent(5, last_login_at="2026-07-02T13:00:00Z"),
        ],
    )
    assert severities(analysis, "FD-STALE-002") == {"agent:2": "medium", "agent:4": "high"}
    assert one(analysis, "FD-STALE-002", "agent:2").facts["days_inactive"] == 91
    detail = one(analysis, "FD-STALE-002", "agent:4").detail
    assert "last logged in on 2026-08-30" in detail
    assert "31 days without a login as of 2026-09-30" in detail
    assert "over the 30-day threshold (dormant_days_privileged)" in detail
    assert "holds Administrator via role 2" in detail


@pytest.mark.rule_case("FD-STALE-002", "positive")
def test_stale_002_judges_an_agent_that_never_logged_in_by_its_creation(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, created_at=days_before(120), last_login_at=None),
            agent(2, created_at=days_before(10), last_login_at=None),
        ],
    )
    assert found(analysis, "FD-STALE-002") == {"agent:1"}
    finding = one(analysis, "FD-STALE-002", "agent:1")
    assert "never logged in since its creation on 2026-06-02" in finding.detail
    assert finding.facts["last_login"] == "never"
    assert finding.facts["threshold_days"] == 90


@pytest.mark.rule_case("FD-STALE-002", "positive")
@pytest.mark.rule_case("FD-STALE-002", "negative")
def test_stale_002_a_login_before_the_agent_was_created_does_not_count(tmp_path: Path) -> None:
    # A login older than the agent itself (a contact made agent keeps its user record) is
    # not a login as this agent: agent 1 is 10 days old, not 200 days dormant; agent 2 has
    # not logged in in the 120 days since it was created.
    analysis = run(
        tmp_path,
        agents=[
            agent(1, created_at=days_before(10), last_login_at=days_before(200)),
            agent(2, created_at=days_before(120), last_login_at=days_before(300)),
        ],
    )
    assert found(analysis, "FD-STALE-002") == {"agent:2"}
    finding = one(analysis, "FD-STALE-002", "agent:2")
    assert (
        "Active agent has not logged in since its creation on 2026-06-02 (its last login, on "
        "2025-12-04, predates the agent): 120 days without a login"
    ) in finding.detail
    assert finding.facts["days_inactive"] == 120


@pytest.mark.rule_case("FD-STALE-002", "negative")
def test_stale_002_ignores_recent_and_non_active_agents(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, last_login_at=days_before(5)), agent(2, role_ids=[])],
        inactive_agents=[agent(3, active=False, last_login_at=OLD)],
    )
    assert found(analysis, "FD-STALE-002") == set()


@pytest.mark.rule_case("FD-STALE-002", "positive")
def test_stale_002_uses_policy_thresholds_and_as_of(tmp_path: Path) -> None:
    account = {"agents": [agent(1, last_login_at=days_before(60))]}
    assert found(run(tmp_path / "default", **account), "FD-STALE-002") == set()
    strict = run(tmp_path / "strict", policy="dormant_days = 45\n", **account)
    assert found(strict, "FD-STALE-002") == {"agent:1"}
    later = run(tmp_path / "later", as_of="2026-11-30T12:00:00Z", **account)
    assert found(later, "FD-STALE-002") == {"agent:1"}
    assert "as of 2026-11-30" in one(later, "FD-STALE-002", "agent:1").detail


# -- FD-STALE-003: stale invitation ------------------------------------------------------------


@pytest.mark.rule_case("FD-STALE-003", "positive")
def test_stale_003_threshold_boundary_and_privileged_escalation(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1)],
        inactive_agents=[
            agent(2, active=False, last_login_at=None, created_at=days_before(30)),
            agent(3, active=False, last_login_at=None, created_at=days_before(31)),
            agent(
                4, role_ids=[ADMIN], active=False, last_login_at=None, created_at=days_before(45)
            ),
        ],
    )
    assert severities(analysis, "FD-STALE-003") == {"agent:3": "low", "agent:4": "medium"}
    detail = one(analysis, "FD-STALE-003", "agent:4").detail
    assert "Invited on 2026-08-16 and never activated: 45 days as of 2026-09-30" in detail
    assert "over the 30-day threshold (invitation_days)" in detail
    assert "holds Administrator via role 2" in detail


@pytest.mark.rule_case("FD-STALE-003", "negative")
def test_stale_003_ignores_active_and_deactivated_agents(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        # Active and never logged in: dormant (FD-STALE-002), not an invitation.
        agents=[agent(1, last_login_at=None, created_at=OLD)],
        inactive_agents=[agent(2, active=False, last_login_at=OLD, created_at=OLD)],
        roles=standard_roles(),
    )
    assert found(analysis, "FD-STALE-003") == set()
    assert found(analysis, "FD-STALE-002") == {"agent:1"}


@pytest.mark.rule_case("FD-STALE-003", "positive")
def test_stale_003_uses_the_policy_invitation_days(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        policy="invitation_days = 7\n",
        inactive_agents=[agent(1, active=False, last_login_at=None, created_at=days_before(8))],
    )
    assert found(analysis, "FD-STALE-003") == {"agent:1"}
    assert one(analysis, "FD-STALE-003", "agent:1").facts["threshold_days"] == 7
