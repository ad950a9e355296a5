"""Privilege tiers: which roles, and so which agents, count as privileged (SPEC "Privilege
tiers"). Everything the privileged-access rules report starts from these answers."""

import pytest

from auditor.graph.tiers import agent_tier, is_classified, makes_collaborator, role_tier
from auditor.models import Agent, Role, Tier
from auditor.records import parse

NO_POLICY: dict[str, Tier] = {}


def role(name: str, agent_type: int | None = None, role_id: int = 1) -> Role:
    return parse(Role, {"id": role_id, "name": name, "agent_type": agent_type})


def agent(agent_type: str = "support_agent") -> Agent:
    return parse(
        Agent,
        {
            "id": 7,
            "name": "Ada",
            "email": "ada@acme.example",
            "type": agent_type,
            "ticket_scope": 2,
            "created_at": "2026-01-01T00:00:00Z",
        },
    )


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("Account Administrator", Tier.ACCOUNT_ADMIN),
        ("  account   ADMINISTRATOR ", Tier.ACCOUNT_ADMIN),
        ("Administrator", Tier.ADMIN),
        ("SUPERVISOR", Tier.SUPERVISOR),
        ("Agent", Tier.AGENT),
    ],
)
def test_built_in_roles_are_known_by_name_whatever_the_spacing_and_case(
    name: str, tier: Tier
) -> None:
    assert role_tier(role(name), NO_POLICY) is tier
    assert is_classified(role(name), NO_POLICY)


def test_only_administrators_are_privileged() -> None:
    assert {tier for tier in Tier if tier.is_privileged} == {Tier.ADMIN, Tier.ACCOUNT_ADMIN}


def test_a_custom_role_is_an_ordinary_agent_and_unclassified_until_the_policy_says() -> None:
    billing = role("Billing Lead")
    assert role_tier(billing, NO_POLICY) is Tier.AGENT
    assert not is_classified(billing, NO_POLICY)
    # The policy's [roles] table is keyed like the names: case and spacing folded.
    policy = {"billing lead": Tier.ADMIN}
    assert role_tier(role(" BILLING  lead"), policy) is Tier.ADMIN
    assert is_classified(billing, policy)


def test_the_policy_cannot_lower_a_built_in_role() -> None:
    assert role_tier(role("Administrator"), {"administrator": Tier.AGENT}) is Tier.ADMIN


def test_collaborators_by_agent_type_or_by_name() -> None:
    by_type = role("Light", agent_type=3)
    by_name = role("Ticket Collaborator")
    for collaborator in (by_type, by_name):
        assert role_tier(collaborator, NO_POLICY) is Tier.COLLABORATOR
        assert is_classified(collaborator, NO_POLICY)
        assert makes_collaborator(collaborator, NO_POLICY)
    assert not makes_collaborator(role("Agent"), NO_POLICY)


def test_the_policy_decides_a_collaborator_name_but_not_freshdesks_agent_type() -> None:
    policy = {"ticket collaborator": Tier.SUPERVISOR, "light": Tier.SUPERVISOR}
    assert role_tier(role("Ticket Collaborator"), policy) is Tier.SUPERVISOR
    assert not makes_collaborator(role("Ticket Collaborator"), policy)
    # Freshdesk made the role for collaborators: holding it makes one, whatever its tier.
    assert makes_collaborator(role("Light", agent_type=3), policy)


def test_an_agent_has_the_highest_tier_of_its_roles() -> None:
    roles = [role("Agent", role_id=1), role("Administrator", role_id=2), role("Supervisor")]
    assert agent_tier(agent(), roles, NO_POLICY) is Tier.ADMIN
    assert agent_tier(agent(), [role("Billing Lead")], {"billing lead": Tier.SUPERVISOR}) is (
        Tier.SUPERVISOR
    )


def test_an_agent_without_known_roles_is_what_its_type_implies() -> None:
    assert agent_tier(agent(), [], NO_POLICY) is Tier.AGENT
    assert agent_tier(agent("collaborator"), [], NO_POLICY) is Tier.COLLABORATOR
