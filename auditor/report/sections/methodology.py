"""How the evidence was gathered and judged: per-collection completeness, routes, notes, policy."""

from dataclasses import dataclass

from auditor.analysis import Analysis
from auditor.graph.identity import IdentityGraph, MembershipDisagreement, group_node
from auditor.models import AgentId, GroupId
from auditor.report.run_info import input_name
from auditor.snapshot import COLLECTIONS, CollectionStats
from auditor.snapshot.manifest import AccountRecord


@dataclass(frozen=True)
class CollectionRow:
    name: str
    stats: CollectionStats


@dataclass(frozen=True)
class Methodology:
    collections: list[CollectionRow]
    membership_route: str
    agent_record_shape: str
    # How the deactivated agents and contacts' ticket access were found.
    active_filter: str
    inactive_route: str
    contact_access_route: str
    # `/api/v2/account` and the comparison with its `total_agents` (None: not recorded).
    account: AccountRecord | None
    snapshot_notes: list[str]
    loader_notes: list[str]
    disagreements: list[str]
    settings: list[tuple[str, str]]


def build_methodology(analysis: Analysis) -> Methodology:
    manifest = analysis.account.manifest
    order = list(COLLECTIONS)
    names = sorted(
        manifest.collections,
        key=lambda n: (order.index(n) if n in order else len(order), n),
    )
    return Methodology(
        collections=[CollectionRow(name, manifest.collections[name]) for name in names],
        membership_route=manifest.source.membership_route or "not recorded",
        agent_record_shape=manifest.source.agent_record_shape or "not recorded",
        active_filter=manifest.source.active_filter or "not recorded",
        inactive_route=manifest.source.inactive_route or "not recorded",
        contact_access_route=manifest.source.contact_access_route or "not recorded",
        account=manifest.account,
        snapshot_notes=list(manifest.notes),
        loader_notes=list(analysis.account.notes),
        disagreements=_disagreements(analysis),
        settings=_settings(analysis),
    )


def _disagreements(analysis: Analysis) -> list[str]:
    account = analysis.account
    lines = []
    for item in sorted(
        membership_disagreements(analysis.graph), key=lambda d: (d.agent_id, d.group_id)
    ):
        agent = account.agents.get(item.agent_id)
        group = account.groups.get(item.group_id)
        who = f"{agent.name} (agent {item.agent_id})" if agent else f"agent {item.agent_id}"
        where = f"{group.name} (group {item.group_id})" if group else f"group {item.group_id}"
        if item.seen_from == "agent":
            lines.append(
                f"{who}: the agent record lists {where}, whose member list does not include "
                "the agent; counted as a member."
            )
        else:
            lines.append(
                f"{who}: {where} lists the agent as a member, but the agent record does not "
                "list the group; counted as a member."
            )
    return lines


def membership_disagreements(graph: IdentityGraph) -> list[MembershipDisagreement]:
    """`graph.membership_disagreements()`, read from the groups' side of the graph.

    The graph's own query walks every edge of the graph, the contacts' company links
    included (hundreds of thousands in a large account). Only a group that the account
    defines and whose record lists its members can disagree with an agent, so only the
    memberships arriving at those groups are read; a test compares the two.
    """
    groups = [group for group in graph.account.groups.values() if group.agent_ids is not None]
    memberships = graph.graph.in_edges(
        [group_node(group.id) for group in groups], keys=True, data="seen_from"
    )
    return [
        MembershipDisagreement(
            AgentId(int(source.split(":")[1])), GroupId(int(target.split(":")[1])), seen_from
        )
        for source, target, key, seen_from in memberships
        if key == "member_of" and seen_from != "both"
    ]


def _settings(analysis: Analysis) -> list[tuple[str, str]]:
    policy = analysis.policy
    custom = ", ".join(f"{name} = {tier.value}" for name, tier in sorted(policy.role_tiers.items()))
    return [
        (
            "Policy file",
            f"{input_name(policy.path)} (SHA-256 {policy.sha256})" if policy.path else "none",
        ),
        (
            "Organisation domains",
            ", ".join(policy.org_domains)
            or "not set: inferred as the most common domain of active agents",
        ),
        ("Dormant after (days)", str(policy.dormant_days)),
        ("Dormant after, privileged (days)", str(policy.dormant_days_privileged)),
        ("Stale invitation after (days)", str(policy.invitation_days)),
        ("Most active privileged agents", str(policy.max_admins)),
        ("Largest privileged share", f"{policy.max_admin_ratio:.0%}"),
        ("Generic mailboxes", ", ".join(policy.generic_mailboxes)),
        ("Custom role tiers", custom or "none"),
    ]
