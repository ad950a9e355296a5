"""Privilege tiers (SPEC "Privilege tiers"): what a role, and so an agent, amounts to.

Freshdesk's API exposes role names but not their privileges, so the tier of a role is
read from its name; the policy's `[roles]` table classifies custom roles.
"""

from collections.abc import Iterable, Mapping, Sequence

from auditor.models import Agent, Role, Tier

BUILT_IN_ROLE_TIERS: dict[str, Tier] = {
    "account administrator": Tier.ACCOUNT_ADMIN,
    "administrator": Tier.ADMIN,
    "supervisor": Tier.SUPERVISOR,
    "agent": Tier.AGENT,
}
COLLABORATOR_AGENT_TYPE = 3


def role_key(name: str) -> str:
    """Role names compare case-insensitively and ignore surrounding spaces."""
    return " ".join(name.split()).casefold()


def is_built_in(role: Role) -> bool:
    return role_key(role.name) in BUILT_IN_ROLE_TIERS


def is_collaborator_role(role: Role) -> bool:
    return role.agent_type == COLLABORATOR_AGENT_TYPE or "collaborator" in role_key(role.name)


def is_classified(role: Role, custom_tiers: Mapping[str, Tier]) -> bool:
    """Whether the tier of `role` is known rather than assumed (FD-HYG-005)."""
    return is_built_in(role) or is_collaborator_role(role) or role_key(role.name) in custom_tiers


def role_tier(role: Role, custom_tiers: Mapping[str, Tier]) -> Tier:
    """The tier of one role; `custom_tiers` is keyed by `role_key` of the role name."""
    key = role_key(role.name)
    if key in BUILT_IN_ROLE_TIERS:
        return BUILT_IN_ROLE_TIERS[key]
    if key in custom_tiers:
        return custom_tiers[key]
    if is_collaborator_role(role):
        return Tier.COLLABORATOR
    return Tier.AGENT


def makes_collaborator(role: Role, custom_tiers: Mapping[str, Tier]) -> bool:
    """Whether holding `role` makes an agent a collaborator (FD-BROAD-002): Freshdesk made
    it for collaborators (agent type 3), or its tier is collaborator, by its name or by the
    policy. A role the policy maps to another tier is that tier, whatever its name says."""
    return (
        role.agent_type == COLLABORATOR_AGENT_TYPE
        or role_tier(role, custom_tiers) is Tier.COLLABORATOR
    )


def agent_tier(agent: Agent, roles: Iterable[Role], custom_tiers: Mapping[str, Tier]) -> Tier:
    """The highest tier of the agent's known roles; with none, what its type implies."""
    return highest_tier(agent, [role_tier(role, custom_tiers) for role in roles])


def highest_tier(agent: Agent, role_tiers: Sequence[Tier]) -> Tier:
    """`agent_tier` from the tiers of the agent's known roles, already looked up."""
    if role_tiers:
        return max(role_tiers, key=lambda tier: tier.rank)
    return Tier.COLLABORATOR if agent.is_collaborator_type else Tier.AGENT
