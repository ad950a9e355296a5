"""SCIM users matched to agents: FD-STALE-005 (deprovisioned in the provider, active in
Freshdesk), FD-HYG-006 (an agent made outside SCIM) and the users with no agent."""

from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import Analysis, analyze
from auditor.snapshot.manifest import ScimRecord, ScimStatus
from auditor.snapshot.writer import ScimCollected
from tests.builders import ADMIN, agent, write_account
from tests.quarterly.quarters import hits

AGENTS = [
    agent(1, email="ana@acme.example"),
    agent(2, email="ben@acme.example", role_ids=[ADMIN]),
    agent(3, email="Cleo+helpdesk@ACME.example"),
    agent(4, email="dan@acme.example"),
]


def scim_user(number: int, email: str, active: Any = True, **extra: Any) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": f"u-{number}",
        "userName": email,
        "active": active,
        "emails": [{"value": email, "primary": True}],
        "externalId": f"okta-{number}",
        "meta": {"resourceType": "User"},
        **extra,
    }


def scim(users: list[dict[str, Any]], status: ScimStatus = "complete") -> ScimCollected:
    answered = status in ("complete", "partial")
    record = ScimRecord(
        status=status,
        base_url="https://acme.freshdesk.com/scim/v2",
        users=len(users) if answered else 0,
        total_results=len(users) if answered else None,
    )
    return ScimCollected(record, users if answered else [], [])


def audit(tmp_path: Path, collected: ScimCollected | None, **account: Any) -> Analysis:
    snapshot = write_account(tmp_path / "snap", agents=AGENTS, scim=collected, **account)
    return analyze(snapshot)


@pytest.mark.rule_case("FD-STALE-005", "positive")
@pytest.mark.rule_case("FD-STALE-005", "negative")
def test_an_active_agent_whose_scim_user_is_inactive_is_critical(tmp_path: Path) -> None:
    users = [
        scim_user(1, "ana@acme.example"),
        scim_user(2, "BEN@acme.example", active=False),
        # Matched through the `+tag` and letter case; a string "False" is read as false.
        scim_user(3, "cleo@acme.example", active="False"),
        scim_user(4, "dan@acme.example"),
    ]
    analysis = audit(tmp_path, scim(users))
    assert hits(analysis, "FD-STALE-005") == {
        ("agent:2", "", "critical"),
        ("agent:3", "", "critical"),
    }
    ben = next(f for f in analysis.findings if f.subject.key == "agent:2")
    assert "SCIM user BEN@acme.example (id u-2) is active: false" in ben.detail
    assert "holds Administrator" in ben.detail
    assert analysis.scim is not None
    assert analysis.scim.counts() == {
        "matched": 2,
        "deprovisioned": 2,
        "unknown_active": 0,
        "not_provisioned": 0,
    }


def test_any_active_scim_user_of_the_address_is_an_active_identity(tmp_path: Path) -> None:
    users = [
        scim_user(1, "ana@acme.example", active=False),
        scim_user(5, "x@acme.example", emails=[{"value": "ana@acme.example"}]),
        scim_user(2, "ben@acme.example", active=None),
        scim_user(3, "cleo@acme.example"),
        scim_user(4, "dan@acme.example"),
    ]
    analysis = audit(tmp_path, scim(users))
    assert hits(analysis, "FD-STALE-005") == set()
    assert analysis.scim is not None
    # Ben's `active` is missing: reported, not guessed.
    assert analysis.scim.counts()["unknown_active"] == 1


@pytest.mark.rule_case("FD-HYG-006", "positive")
@pytest.mark.rule_case("FD-HYG-006", "negative")
def test_an_agent_without_a_scim_user_was_provisioned_by_hand(tmp_path: Path) -> None:
    users = [
        scim_user(1, "ana@acme.example"),
        scim_user(3, "cleo@acme.example"),
        # A SCIM user with no agent: informational, never a finding.
        scim_user(9, "zoe@acme.example"),
    ]
    analysis = audit(tmp_path, scim(users))
    assert hits(analysis, "FD-HYG-006") == {
        ("agent:2", "", "high"),  # privileged
        ("agent:4", "", "medium"),
    }
    assert analysis.scim is not None
    assert [u.id for u in analysis.scim.orphans] == ["u-9"]
    assert all(f.subject.key != "agent:9" for f in analysis.findings)


@pytest.mark.rule_case("FD-HYG-006", "negative")
def test_no_hand_provisioning_finding_when_scim_is_partial_or_unused(tmp_path: Path) -> None:
    partial = audit(tmp_path / "a", scim([scim_user(1, "ana@acme.example")], "partial"))
    assert "FD-HYG-006" not in partial.rules_run
    # FD-STALE-005 still reads what was served.
    assert "FD-STALE-005" in partial.rules_run
    # A SCIM directory none of whose users is an agent: the account does not use SCIM.
    unused = audit(tmp_path / "b", scim([scim_user(9, "zoe@acme.example")]))
    assert "FD-HYG-006" not in unused.rules_run


@pytest.mark.parametrize("status", ["denied", "unavailable"])
def test_a_refused_scim_runs_no_scim_rule_and_raises_no_evidence_finding(
    tmp_path: Path, status: ScimStatus
) -> None:
    analysis = audit(tmp_path, scim([], status))
    assert analysis.scim is None
    assert not {"FD-STALE-005", "FD-HYG-006"} & analysis.rules_run
    assert "FD-EVID-001" not in {f.rule_id for f in analysis.findings}


def test_without_scim_the_analysis_is_as_before(tmp_path: Path) -> None:
    analysis = audit(tmp_path, None)
    assert analysis.scim is None
    assert not {"FD-STALE-005", "FD-HYG-006"} & analysis.rules_run


@pytest.mark.rule_case("FD-EVID-001", "positive")
def test_scim_users_read_in_part_are_an_evidence_finding(tmp_path: Path) -> None:
    analysis = audit(tmp_path, scim([scim_user(1, "ana@acme.example")], "partial"))
    assert hits(analysis, "FD-EVID-001") == {("account:acme", "scim:users", "critical")}
