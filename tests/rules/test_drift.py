"""FD-DRIFT-001..003: access gained, agents added and agents reactivated since the baseline."""

from pathlib import Path

import pytest

from auditor.analysis import analyze
from auditor.errors import InputError, SnapshotError
from tests.builders import (
    ACCOUNT_ADMIN,
    ADMIN,
    AGENT,
    SUPERVISOR,
    agent,
    group,
    standard_roles,
    write_account,
)
from tests.quarterly.quarters import hits, run, write_baseline, write_policy

NEVER = None


def test_without_a_baseline_no_drift_rule_runs(tmp_path: Path) -> None:
    analysis = run(tmp_path, current={"agents": [agent(1, role_ids=[ADMIN])]})
    assert {f.rule_id for f in analysis.findings if f.rule_id.startswith("FD-DRIFT")} == set()
    assert analysis.changes is None


@pytest.mark.rule_case("FD-DRIFT-001", "positive")
@pytest.mark.rule_case("FD-DRIFT-001", "negative")
def test_a_privileged_role_gained_is_one_finding_per_role(tmp_path: Path) -> None:
    baseline = {
        "agents": [
            agent(1, role_ids=[AGENT]),
            agent(2, role_ids=[AGENT]),
            agent(3, role_ids=[ADMIN]),
            agent(4, role_ids=[ADMIN]),
        ]
    }
    current = {
        "agents": [
            agent(1, role_ids=[ADMIN]),  # promoted
            agent(2, role_ids=[AGENT]),  # unchanged
            agent(3, role_ids=[AGENT]),  # demoted: not a gain
            agent(4, role_ids=[ADMIN, 1]),  # also made Account Administrator
        ]
    }
    analysis = run(tmp_path, baseline=baseline, current=current)
    assert hits(analysis, "FD-DRIFT-001") == {
        ("agent:1", "role:2", "high"),
        ("agent:4", "role:1", "high"),
    }
    promoted = next(f for f in analysis.findings if f.subject.key == "agent:1")
    assert "Gained Administrator (role 2) since the baseline of 2026-06-30" in promoted.detail
    assert "tier agent -> admin" in promoted.detail


@pytest.mark.rule_case("FD-DRIFT-001", "positive")
@pytest.mark.rule_case("FD-DRIFT-001", "negative")
def test_a_demotion_to_another_privileged_role_is_not_privilege_gained(tmp_path: Path) -> None:
    # Agent 1 went from Account Administrator to Administrator: a new privileged role, but
    # less privilege. Agent 2 was demoted the same way and was given Global scope.
    baseline = {
        "agents": [agent(1, role_ids=[ACCOUNT_ADMIN]), agent(2, role_ids=[ACCOUNT_ADMIN], scope=2)]
    }
    current = {"agents": [agent(1, role_ids=[ADMIN]), agent(2, role_ids=[ADMIN], scope=1)]}
    analysis = run(tmp_path, baseline=baseline, current=current)
    assert hits(analysis, "FD-DRIFT-001") == {("agent:2", "scope:global", "high")}
    assert analysis.changes is not None
    assert analysis.changes.counts().tiers_lowered == 2


@pytest.mark.rule_case("FD-DRIFT-001", "positive")
def test_global_scope_gained_is_a_finding_on_the_scope(tmp_path: Path) -> None:
    baseline = {"agents": [agent(1, scope=2), agent(2, scope=1), agent(3, scope=1)]}
    current = {"agents": [agent(1, scope=1), agent(2, scope=1), agent(3, scope=3)]}
    analysis = run(tmp_path, baseline=baseline, current=current)
    assert hits(analysis, "FD-DRIFT-001") == {("agent:1", "scope:global", "high")}
    widened = next(f for f in analysis.findings if f.rule_id == "FD-DRIFT-001")
    assert widened.detail.startswith(
        "Gained Global ticket scope since the baseline of 2026-06-30; tier agent; now holds Agent"
    )


@pytest.mark.rule_case("FD-DRIFT-001", "positive")
def test_a_custom_role_the_policy_now_maps_to_admin_is_privilege_gained(tmp_path: Path) -> None:
    # Role 7 was "Billing Viewer" (unmapped: tier agent) and was renamed "Billing Manager",
    # which the policy maps to admin: agent 1 became an administrator without a new role.
    policy = write_policy(tmp_path / "policy.toml", '[roles]\n"Billing Manager" = "admin"\n')
    baseline = {
        "roles": standard_roles((7, "Billing Viewer")),
        "agents": [agent(1, role_ids=[7]), agent(2, role_ids=[AGENT])],
    }
    current = {
        "roles": standard_roles((7, "Billing Manager")),
        "agents": [agent(1, role_ids=[7]), agent(2, role_ids=[AGENT, SUPERVISOR])],
    }
    analysis = run(tmp_path, baseline=baseline, current=current, policy=policy)
    assert hits(analysis, "FD-DRIFT-001") == {
        ("agent:1", "role:7", "high"),
        # A higher tier that is not privileged is still a gain, named by the new tier.
        ("agent:2", "tier:supervisor", "high"),
    }
    renamed = next(f for f in analysis.findings if f.entitlement == "role:7")
    assert "'Billing Viewer' (not privileged)" in renamed.detail
    assert "'Billing Manager' (privileged)" in renamed.detail


@pytest.mark.rule_case("FD-DRIFT-001", "negative")
def test_both_snapshots_are_judged_with_the_same_policy(tmp_path: Path) -> None:
    # The same custom role in both quarters: a policy mapping it to admin changes nothing.
    policy = write_policy(tmp_path / "policy.toml", '[roles]\n"Billing Manager" = "admin"\n')
    account = {"roles": standard_roles((7, "Billing Manager")), "agents": [agent(1, role_ids=[7])]}
    analysis = run(tmp_path, baseline=account, current=account, policy=policy)
    assert hits(analysis, "FD-DRIFT-001") == set()
    assert analysis.changes is not None
    assert analysis.changes.agents == ()


@pytest.mark.rule_case("FD-DRIFT-002", "positive")
def test_a_new_agent_is_found_whatever_its_state(tmp_path: Path) -> None:
    baseline = {"agents": [agent(1)]}
    current = {
        "agents": [agent(1), agent(2), agent(3, role_ids=[ADMIN])],
        "inactive_agents": [agent(4, active=False, last_login_at=NEVER)],
    }
    analysis = run(tmp_path, baseline=baseline, current=current)
    assert hits(analysis, "FD-DRIFT-002") == {
        ("agent:2", "", "low"),
        ("agent:3", "", "low"),
        ("agent:4", "", "low"),
    }
    # A new agent has no "before": its privilege is stated in FD-DRIFT-002's detail.
    assert hits(analysis, "FD-DRIFT-001") == set()
    admin = next(
        f for f in analysis.findings if f.rule_id == "FD-DRIFT-002" and f.subject.id == "3"
    )
    assert "now active, tier admin" in admin.detail


@pytest.mark.rule_case("FD-DRIFT-003", "positive")
@pytest.mark.rule_case("FD-DRIFT-003", "negative")
def test_reactivated_and_accepted_invitations_are_found(tmp_path: Path) -> None:
    baseline = {
        "agents": [agent(4)],
        "inactive_agents": [
            agent(1, active=False),  # deactivated (had logged in)
            agent(2, active=False, last_login_at=NEVER),  # pending invitation
            agent(3, active=False),  # still deactivated now
        ],
    }
    current = {
        "agents": [agent(1), agent(2)],
        "inactive_agents": [agent(3, active=False), agent(4, active=False)],
    }
    analysis = run(tmp_path, baseline=baseline, current=current)
    assert hits(analysis, "FD-DRIFT-003") == {("agent:1", "", "medium"), ("agent:2", "", "medium")}
    details = {f.subject.id: f.detail for f in analysis.findings if f.rule_id == "FD-DRIFT-003"}
    assert details["1"].startswith("Deactivated in the baseline of 2026-06-30, active now")
    assert details["2"].startswith("Pending in the baseline of 2026-06-30, active now")


def test_finding_ids_are_stable_and_distinct_per_gain(tmp_path: Path) -> None:
    baseline = {"agents": [agent(1, role_ids=[AGENT], scope=2)]}
    current = {"agents": [agent(1, role_ids=[ADMIN], scope=1)]}
    first = run(tmp_path / "a", baseline=baseline, current=current)
    second = run(tmp_path / "b", baseline=baseline, current=current)
    ids = [f.finding_id for f in first.findings if f.rule_id == "FD-DRIFT-001"]
    assert len(set(ids)) == 2
    assert ids == [f.finding_id for f in second.findings if f.rule_id == "FD-DRIFT-001"]


@pytest.mark.rule_case("FD-DRIFT-001", "negative")
def test_memberships_gained_are_changes_but_not_privilege(tmp_path: Path) -> None:
    baseline = {"agents": [agent(1, group_ids=[10])], "groups": [group(10), group(11)]}
    current = {"agents": [agent(1, group_ids=[11])], "groups": [group(10), group(11)]}
    analysis = run(tmp_path, baseline=baseline, current=current)
    assert hits(analysis, "FD-DRIFT-001") == set()
    assert analysis.changes is not None
    assert [(r["change"], r["entitlement"]) for r in analysis.changes.rows()] == [
        ("entitlement_gained", "group:11"),
        ("entitlement_lost", "group:10"),
    ]


def test_a_baseline_of_another_account_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="snapshot of 'globex'"):
        run(tmp_path, baseline={"agents": [agent(1)], "domain": "globex"}, current={"agents": []})


def test_a_baseline_newer_than_the_snapshot_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="swap the two"):
        run(
            tmp_path,
            baseline={"agents": [agent(1)]},
            current={"agents": [agent(1)], "collected_at": "2026-01-01T00:00:00Z"},
        )


def test_a_damaged_baseline_says_it_is_the_baseline(tmp_path: Path) -> None:
    snapshot = write_account(tmp_path / "current", agents=[agent(1)])
    baseline = write_baseline(tmp_path / "baseline", agents=[agent(1)])
    (baseline / "agents.jsonl").write_text("{}\n")
    with pytest.raises(SnapshotError, match=f"The baseline {baseline} cannot be used"):
        analyze(snapshot, baseline_path=baseline)


@pytest.mark.rule_case("FD-DRIFT-002", "negative")
def test_an_agent_keeps_its_identity_by_id_even_under_a_new_address(tmp_path: Path) -> None:
    baseline = {"agents": [agent(1, name="Ana Silva", email="ana.silva@acme.example")]}
    current = {"agents": [agent(1, name="Ana Costa", email="ana.costa@acme.example")]}
    analysis = run(tmp_path, baseline=baseline, current=current)
    assert hits(analysis, "FD-DRIFT-002") == set()
    assert analysis.changes is not None
    assert [(r["change"], r["before"], r["after"]) for r in analysis.changes.rows()] == [
        ("email_changed", "ana.silva@acme.example", "ana.costa@acme.example")
    ]
