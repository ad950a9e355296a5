"""FD-HYG-001..005 on tiny accounts: exact subjects, entitlements and details."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.models import Contact
from auditor.rules.hygiene import addresses_at, contact_addresses_at
from auditor.snapshot.carried_contacts import CarriedContacts
from tests.builders import ADMIN, AGENT, OLD, agent, contact, found, group, standard_roles
from tests.rules.carried_cases import carried
from tests.rules.cases import entitlements, one, run, severities

# -- FD-HYG-001: undefined role or group -------------------------------------------------------


@pytest.mark.rule_case("FD-HYG-001", "positive")
def test_hyg_001_finds_each_undefined_role_and_group_per_agent(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[AGENT, 98, 99, 99], group_ids=[10, 77]),
            agent(2, role_ids=[ADMIN], group_ids=[10]),
        ],
        inactive_agents=[agent(3, role_ids=[98], active=False, last_login_at=OLD)],
        groups=[group(10)],
    )
    assert entitlements(analysis, "FD-HYG-001") == {
        ("agent:1", "role:98"),
        ("agent:1", "role:99"),
        ("agent:1", "group:77"),
        ("agent:3", "role:98"),
    }
    assert set(severities(analysis, "FD-HYG-001").values()) == {"medium"}
    ids = [f.finding_id for f in analysis.findings if f.rule_id == "FD-HYG-001"]
    assert len(ids) == len(set(ids)) == 4
    role = next(
        f for f in analysis.findings if f.rule_id == "FD-HYG-001" and f.entitlement == "role:99"
    )
    assert "role_ids include role 99, which /roles does not define" in role.detail
    assert "tier (agent) rests on its other roles" in role.detail
    assert "The deactivated agent's" in one(analysis, "FD-HYG-001", "agent:3").detail


@pytest.mark.rule_case("FD-HYG-001", "negative")
def test_hyg_001_ignores_defined_ids_agents_without_roles_and_incomplete_collections(
    tmp_path: Path,
) -> None:
    clean = run(
        tmp_path / "clean",
        agents=[agent(1, role_ids=[AGENT], group_ids=[10]), agent(2, role_ids=[])],
        groups=[group(10)],
    )
    assert found(clean, "FD-HYG-001") == set()
    # With /roles denied, every role looks undefined: that proves nothing (FD-EVID-001 says so).
    denied = run(
        tmp_path / "denied",
        agents=[agent(1, role_ids=[AGENT])],
        roles=[],
        statuses={"roles": "denied"},
    )
    assert found(denied, "FD-HYG-001") == set()
    assert found(denied, "FD-EVID-001") == {"account:acme"}


# -- FD-HYG-002: group with no active member ---------------------------------------------------


@pytest.mark.rule_case("FD-HYG-002", "positive")
def test_hyg_002_finds_empty_groups_and_groups_of_inactive_agents(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, group_ids=[10])],
        inactive_agents=[
            agent(2, group_ids=[11], active=False, last_login_at=OLD),
            agent(3, active=False, last_login_at=None),
        ],
        groups=[
            group(10, "Support"),
            group(11, "Legacy"),
            group(12, "Empty", agent_ids=[]),
            # Members seen from the group side only, one pending, one that does not exist.
            group(13, "Pending only", agent_ids=[3, 404]),
        ],
    )
    assert severities(analysis, "FD-HYG-002") == {
        "group:11": "low",
        "group:12": "low",
        "group:13": "low",
    }
    assert "Group Legacy (group 11) has no active member (its 1 member is not active: " in (
        one(analysis, "FD-HYG-002", "group:11").detail
    )
    assert "Agent 2 (agent 2), deactivated" in one(analysis, "FD-HYG-002", "group:11").detail
    assert "it has no members at all" in one(analysis, "FD-HYG-002", "group:12").detail
    assert "Agent 3 (agent 3), pending" in one(analysis, "FD-HYG-002", "group:13").detail


@pytest.mark.rule_case("FD-HYG-002", "negative")
def test_hyg_002_ignores_groups_with_an_active_member_from_either_side(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, group_ids=[10]), agent(2, group_ids=[])],
        groups=[group(10), group(11, agent_ids=[2])],
    )
    assert found(analysis, "FD-HYG-002") == set()


@pytest.mark.rule_case("FD-HYG-002", "negative")
def test_hyg_002_does_not_judge_groups_whose_members_were_not_fetched(tmp_path: Path) -> None:
    # The listing lacked memberships and /admin/groups/{id}/agents stopped part-way: the
    # agents are loaded with no groups, which proves nothing about groups 10 and 11.
    # Group 12 lists its members in its own record, so it is still judged.
    listed = [agent(1, group_ids=[10]), agent(2, group_ids=[11])]
    for record in listed:
        del record["group_ids"], record["role_ids"]
    analysis = run(
        tmp_path,
        agents=listed,
        groups=[group(10), group(11), group(12, "Listed", agent_ids=[])],
        extra_collections={
            "group_members": [{"group_id": 10, "agents": [{"id": 1, "role_ids": [AGENT]}]}],
            "agent_details": [],
        },
        statuses={"group_members": "partial", "agent_details": "partial"},
    )
    assert found(analysis, "FD-HYG-002") == {"group:12"}
    assert found(analysis, "FD-EVID-001") == {"account:acme"}


# -- FD-HYG-003: duplicate identity -------------------------------------------------------------


@pytest.mark.rule_case("FD-HYG-003", "positive")
def test_hyg_003_finds_agents_sharing_an_address_across_case_and_tags(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, email="jane.doe@acme.example"),
            agent(2, email="Jane.Doe+helpdesk@ACME.example"),
            agent(3, email="sam@acme.example"),
            agent(4, email="lee@acme.example"),
        ],
        inactive_agents=[agent(5, email="SAM@acme.example", active=False, last_login_at=OLD)],
        contacts=[
            contact(200, email="someone@customer.example", other_emails=["Lee+x@acme.example"]),
        ],
    )
    assert severities(analysis, "FD-HYG-003") == {
        "agent:1": "medium",
        "agent:2": "medium",
        "agent:3": "medium",
        "agent:4": "medium",
        "agent:5": "medium",
    }
    detail = one(analysis, "FD-HYG-003", "agent:1").detail
    assert "(compared as jane.doe@acme.example: case-insensitive, +tag folded)" in detail
    assert "Agent 2 (agent 2) at Jane.Doe+helpdesk@ACME.example" in detail
    assert "2 identities" in detail
    lee = one(analysis, "FD-HYG-003", "agent:4").detail
    assert "Contact 200 (contact 200) at Lee+x@acme.example" in lee


def test_hyg_003_finds_a_contact_by_its_only_address_as_by_its_other_addresses(
    tmp_path: Path,
) -> None:
    # Most contacts have one address and skip building a list of them: the verdict must
    # be the one the full list gives.
    analysis = run(
        tmp_path,
        agents=[agent(1, email="sam@acme.example"), agent(2, email="kim@acme.example")],
        contacts=[
            contact(200, email=" Sam+portal@ACME.example "),
            contact(201, email="someone@customer.example", other_emails=["KIM@acme.example"]),
            contact(202, email="pat@acme.example"),
            contact(203, email=None),
        ],
    )
    assert found(analysis, "FD-HYG-003") == {"agent:1", "agent:2"}
    assert "Contact 200 (contact 200) at  Sam+portal@ACME.example " in (
        one(analysis, "FD-HYG-003", "agent:1").detail
    )
    assert "Contact 201 (contact 201) at KIM@acme.example" in (
        one(analysis, "FD-HYG-003", "agent:2").detail
    )


@pytest.mark.rule_case("FD-HYG-003", "negative")
def test_hyg_003_ignores_the_agents_own_contact_and_deleted_contacts(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, email="jane@acme.example"), agent(2, email="janet@acme.example")],
        contacts=[
            contact(1, email="jane@acme.example"),
            contact(300, email="janet@acme.example", deleted=True),
            contact(301, email="jane@customer.example"),
        ],
    )
    assert found(analysis, "FD-HYG-003") == set()


@pytest.mark.rule_case("FD-HYG-003", "negative")
def test_hyg_003_single_agent_account(tmp_path: Path) -> None:
    assert found(run(tmp_path, agents=[agent(1)]), "FD-HYG-003") == set()


# -- FD-HYG-004: escalation to an unknown or non-active agent ----------------------------------


@pytest.mark.rule_case("FD-HYG-004", "positive")
def test_hyg_004_finds_escalations_to_inactive_or_unknown_agents(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, group_ids=[10, 11, 12, 13])],
        inactive_agents=[
            agent(2, active=False, last_login_at=OLD),
            agent(3, active=False, last_login_at=None),
        ],
        groups=[
            group(10, "Billing", escalate_to=2),
            group(11, "Sales", escalate_to=3),
            group(12, "Ops", escalate_to=404),
            group(13, "Support", escalate_to=1),
        ],
    )
    assert severities(analysis, "FD-HYG-004") == {
        "group:10": "medium",
        "group:11": "medium",
        "group:12": "medium",
    }
    assert "escalates unassigned tickets (escalates_to edge) to Agent 2 (agent 2), who is " in (
        one(analysis, "FD-HYG-004", "group:10").detail
    )
    assert "who is pending" in one(analysis, "FD-HYG-004", "group:11").detail
    assert "agent 404, which neither agent listing holds" in (
        one(analysis, "FD-HYG-004", "group:12").detail
    )


@pytest.mark.rule_case("FD-HYG-004", "negative")
def test_hyg_004_ignores_active_targets_no_escalation_and_partial_listings(
    tmp_path: Path,
) -> None:
    clean = run(
        tmp_path / "clean",
        agents=[agent(1, group_ids=[10])],
        groups=[group(10, escalate_to=1), group(11, escalate_to=None, agent_ids=[1])],
    )
    assert found(clean, "FD-HYG-004") == set()
    partial = run(
        tmp_path / "partial",
        agents=[agent(1, group_ids=[10])],
        groups=[group(10, escalate_to=404)],
        statuses={"agents_inactive": "partial"},
    )
    assert found(partial, "FD-HYG-004") == set()


# -- FD-HYG-005: custom role the policy does not classify -------------------------------------


@pytest.mark.rule_case("FD-HYG-005", "positive")
def test_hyg_005_finds_unclassified_custom_roles(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        policy='[roles]\n"billing manager" = "admin"\n',
        agents=[agent(1, role_ids=[9]), agent(2, role_ids=[8])],
        inactive_agents=[agent(3, role_ids=[9], active=False, last_login_at=OLD)],
        roles=standard_roles(
            (7, "Unused Role"), (8, "Billing Manager"), (9, "Team Lead"), (10, "QA Collaborator")
        ),
    )
    assert severities(analysis, "FD-HYG-005") == {"role:7": "info", "role:9": "info"}
    detail = one(analysis, "FD-HYG-005", "role:9").detail
    assert "Custom role Team Lead (role 9) is not in the policy's [roles] table" in detail
    assert "assumed to be agent" in detail
    assert "held by 2 agents (1 active): Agent 1 (agent 1), Agent 3 (agent 3)" in detail
    assert "held by no agent" in one(analysis, "FD-HYG-005", "role:7").detail


@pytest.mark.rule_case("FD-HYG-005", "negative")
def test_hyg_005_ignores_built_in_roles(tmp_path: Path) -> None:
    analysis = run(tmp_path, agents=[agent(1, role_ids=[ADMIN])], roles=standard_roles())
    assert found(analysis, "FD-HYG-005") == set()


@settings(max_examples=150, deadline=None)
@given(carried(), st.sets(st.sampled_from(["acme.example", "customer.example", "no-at", ""])))
def test_hyg_003_sifted_contacts_have_every_address_each_contact_has(
    contacts: list[Contact], domains: set[str]
) -> None:
    # The rule looks only at the contacts the columns flag; looking at every contact
    # one by one must find exactly the same addresses.
    one_by_one = [(c, a) for c in contacts if (a := contact_addresses_at(c, domains))]
    assert list(addresses_at(CarriedContacts.of(contacts), domains)) == one_by_one
