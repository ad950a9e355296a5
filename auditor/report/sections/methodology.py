"""How the evidence was gathered and judged: per-collection completeness, routes, notes, policy."""

from dataclasses import dataclass

from auditor.analysis import Analysis
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
        analysis.graph.membership_disagreements(), key=lambda d: (d.agent_id, d.group_id)
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
