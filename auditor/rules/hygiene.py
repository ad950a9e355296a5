"""Hygiene: records that contradict each other or the policy, so access cannot be judged.

None of these grants access by itself, but each hides who can do what: a role nobody
can look up, an identity split over several records, a queue nobody answers.
"""

from collections import defaultdict
from collections.abc import Iterator

from auditor.emails import identity_key
from auditor.graph.tiers import is_classified
from auditor.models import Agent, AgentState, Contact, RoleId
from auditor.rules.access import agent_label
from auditor.rules.admin_ui import AGENTS_PAGE, GROUPS_PAGE, ROLES_PAGE
from auditor.rules.base import Hit, RuleContext, Severity, Subject
from auditor.rules.evidence import collection_complete, members_known
from auditor.rules.figures import listing, plural
from auditor.rules.registry import rule
from auditor.snapshot.carried_contacts import CarriedContacts

AGENT_LISTINGS = ("agents", "agents_inactive")


@rule(
    id="FD-HYG-001",
    title="Agent references a role or group that does not exist",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "An agent record naming a role or group ID that the account does not define means "
        "the data and the configuration disagree: the role may have been deleted, or the "
        "listing may be stale. The auditor cannot tell what an undefined role grants, so "
        "the agent's privilege is judged from its other roles only and may be understated."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE}, open the agent and re-save its roles and groups "
        "so that only existing ones remain.",
        f"Check {ROLES_PAGE} and {GROUPS_PAGE} for a role or group deleted recently.",
        "Collect the snapshot again and confirm the finding is gone.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 6.8",
        "NIST SP 800-53 AC-2",
    ),
)
def undefined_role_or_group(context: RuleContext) -> Iterator[Hit]:
    """An agent, in any state, whose `role_ids` name a role `/roles` does not define, or
    whose `group_ids` name a group `/groups` does not define. One finding per undefined
    ID. Not judged while the roles (or groups) collection is incomplete, since a missing
    record then proves nothing."""
    graph = context.graph
    account = context.account
    check_roles = collection_complete(account, "roles")
    check_groups = collection_complete(account, "groups")
    for agent in graph.agents():
        unknown_roles = sorted(set(graph.unknown_role_ids(agent.id))) if check_roles else []
        unknown_groups = graph.unknown_group_ids(agent.id) if check_groups else []
        if not unknown_roles and not unknown_groups:
            continue  # nearly every agent: its state (derived on each read) is not asked
        state = agent.state.value
        if check_roles:
            for role_id in unknown_roles:
                yield Hit(
                    Subject.of_agent(agent),
                    f"The {state} agent's role_ids include role {role_id}, which /roles does "
                    f"not define; the auditor cannot tell what it grants, so the agent's tier "
                    f"({graph.tier_of(agent.id).value}) rests on its other roles: it "
                    f"{graph.explain_access(agent.id)}.",
                    entitlement=f"role:{role_id}",
                    facts={"role_id": role_id, "defined_roles": len(account.roles)},
                )
        if check_groups:
            for group_id in unknown_groups:
                yield Hit(
                    Subject.of_agent(agent),
                    f"The {state} agent's group_ids include group {group_id}, which /groups "
                    f"does not define, so the tickets it routes to the agent cannot be "
                    f"reviewed; it {graph.explain_access(agent.id)}.",
                    entitlement=f"group:{group_id}",
                    facts={"group_id": group_id, "defined_groups": len(account.groups)},
                )


@rule(
    id="FD-HYG-002",
    title="Group with no active member",
    severity=Severity.LOW,
    subject="group",
    rationale=(
        "Tickets assigned to a group that has no active agent wait for nobody, and the "
        "group's deactivated members remain in it, so reactivating one restores its queue. "
        "An empty group is usually a leftover of a reorganisation that should be removed."
    ),
    remediation=(
        f"In Freshdesk go to {GROUPS_PAGE} and open the group.",
        "Add the agents who now own its tickets, or delete the group after moving its "
        "tickets and automation rules to another group.",
        "Remove deactivated agents from the group.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 6.8",
        "NIST SP 800-53 AC-2",
    ),
)
def group_without_active_member(context: RuleContext) -> Iterator[Hit]:
    """A group none of whose members (seen from the agent or the group record) is an
    active agent, including a group with no members at all. Not judged while the active
    agents listing is incomplete, nor, for a group whose record does not list its members,
    while the membership collections (`agent_details`, `group_members`) are incomplete."""
    account = context.account
    if not collection_complete(account, "agents"):
        return
    for group in account.groups.values():
        if not members_known(account, group):
            continue
        members = [account.agents[a] for a in context.graph.members_of(group.id)]
        if any(m.state is AgentState.ACTIVE for m in members):
            continue
        if members:
            named = listing([f"{agent_label(m)}, {m.state.value}" for m in members])
            who = f"its {plural(len(members), 'member is', 'members are')} not active: {named}"
        else:
            who = "it has no members at all"
        yield Hit(
            Subject.of_group(group),
            f"Group {group.name} (group {group.id}) has no active member ({who}), so tickets "
            "routed to it wait for nobody.",
            facts={"members": len(members), "active_members": 0},
        )


@rule(
    id="FD-HYG-003",
    title="Duplicate identity: one email on several agents or on an agent and a contact",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "One person with two records (an agent and a second agent, or an agent and a "
        "customer contact) is two identities to review and to offboard: one of them is "
        "usually forgotten. Emails that differ only in letter case or a +tag reach the same "
        "mailbox, so whoever reads it controls both."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and search for the address.",
        "Keep one agent per person: deactivate and delete the duplicate agent, or merge the "
        "duplicate contact into the agent's contact (Contacts > the contact > Merge).",
        "Where a shared mailbox explains the duplicates, give each person their own address.",
    ),
    frameworks=(
        "SOC 2 CC6.1",
        "ISO 27001:2022 A.5.16",
        "CIS Controls v8 5.1",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 IA-4",
    ),
)
def duplicate_identity(context: RuleContext) -> Iterator[Hit]:
    """An agent, in any state, whose email is also the email of another agent or of a
    separate contact (any of the contact's addresses; deleted contacts and the agent's
    own contact record, which has the agent's ID, do not count). Emails compare
    case-insensitively with `+tag` folded: `Jane+x@ACME.example` is `jane@acme.example`."""
    agents_by_key: dict[str, list[Agent]] = defaultdict(list)
    for agent in context.graph.agents():
        if agent.email.strip():
            agents_by_key[identity_key(agent.email)].append(agent)
    # Only an address at an agent's domain can be an agent's.
    agent_domains = {key.rpartition("@")[2] for key in agents_by_key}
    contacts_by_key: dict[str, list[tuple[Contact, str]]] = defaultdict(list)
    for contact, addresses in addresses_at(context.graph.carried_contacts, agent_domains):
        keys = dict.fromkeys(identity_key(a) for a in addresses if a.strip())
        for key in keys:
            shown = next(a for a in addresses if a.strip() and identity_key(a) == key)
            contacts_by_key[key].append((contact, shown))
    for key, agents in agents_by_key.items():
        for agent in agents:
            others = [f"{agent_label(a)} at {a.email}" for a in agents if a.id != agent.id]
            contacts = [
                f"{c.name} (contact {c.id}) at {shown}"
                for c, shown in contacts_by_key.get(key, [])
                # An agent's own contact record carries the agent's user ID: not separate.
                if int(c.id) != int(agent.id)
            ]
            if not others and not contacts:
                continue
            yield Hit(
                Subject.of_agent(agent),
                f"The {agent.state.value} agent's address {agent.email} (compared as {key}: "
                f"case-insensitive, +tag folded) also belongs to "
                f"{listing([*others, *contacts])}: one mailbox, "
                f"{plural(1 + len(others) + len(contacts), 'identity', 'identities')} to "
                "review and offboard.",
                facts={
                    "identity": key,
                    "other_agents": len(others),
                    "contacts": len(contacts),
                },
            )


def addresses_at(
    carried: CarriedContacts, domains: set[str]
) -> Iterator[tuple[Contact, list[str]]]:
    """Each contact (not deleted) with an address at one of `domains` (lower-case), and
    those addresses, in order: what `contact_addresses_at` finds for each contact.

    Hundreds of thousands of contacts may carry access, nearly all with one address far
    from any agent's domain. Whether an address is at one of `domains` depends on the
    text after its last `@` only, so `CarriedContacts` compares each distinct text
    once: only the contacts with a primary address there, or with other addresses,
    reach the Python code per contact.
    """
    if not domains:
        return
    there = carried.by_tail(lambda tail: tail.strip().lower() in domains)
    for contact in carried.where(there, carried.has_other_emails):
        addresses = contact_addresses_at(contact, domains)
        if addresses:
            yield contact, addresses


def contact_addresses_at(contact: Contact, domains: set[str]) -> list[str]:
    """The contact's addresses (its email, then its other emails) at one of `domains`;
    none for a deleted contact."""
    if contact.deleted:
        return []
    addresses = [contact.email or "", *contact.other_emails]
    return [a for a in addresses if a.rpartition("@")[2].strip().lower() in domains]


@rule(
    id="FD-HYG-004",
    title="Group escalates to an unknown or non-active agent",
    severity=Severity.MEDIUM,
    subject="group",
    rationale=(
        "Freshdesk notifies a group's escalation agent when tickets stay unassigned. If that "
        "agent is deactivated, still pending or no longer exists, the escalation reaches "
        "nobody: unassigned tickets, including urgent ones, go unnoticed, and reactivating "
        "the agent silently restores it as the group's escalation point."
    ),
    remediation=(
        f"In Freshdesk go to {GROUPS_PAGE} and open the group.",
        "Under escalation (Escalate to / notify when unassigned), choose an active agent "
        "who owns the queue, and save.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 6.2",
        "NIST SP 800-53 AC-2",
    ),
)
def escalation_to_inactive(context: RuleContext) -> Iterator[Hit]:
    """A group whose `escalate_to` names an agent that is deactivated or pending, or that
    neither agent listing holds (judged only when both listings are complete)."""
    account = context.account
    listings_complete = collection_complete(account, *AGENT_LISTINGS)
    for group in account.groups.values():
        target = group.escalate_to
        if target is None:
            continue
        agent = account.agents.get(target)
        if agent is not None and agent.state is AgentState.ACTIVE:
            continue
        if agent is None and not listings_complete:
            continue
        whom = (
            f"agent {target}, which neither agent listing holds"
            if agent is None
            else f"{agent_label(agent)}, who is {agent.state.value}"
        )
        yield Hit(
            Subject.of_group(group),
            f"Group {group.name} (group {group.id}) escalates unassigned tickets "
            f"(escalates_to edge) to {whom}, so its escalations reach nobody.",
            facts={
                "escalate_to": target,
                "agent_state": agent.state.value if agent else "unknown",
            },
        )


@rule(
    id="FD-HYG-005",
    title="Custom role the policy does not classify",
    severity=Severity.INFO,
    subject="role",
    rationale=(
        "Freshdesk's API names roles but does not list their permissions, so the auditor "
        "knows the tier of built-in roles only. A custom role is assumed to be tier agent; "
        "if it can in fact manage agents or settings, its holders are privileged and the "
        "privilege rules undercount them."
    ),
    remediation=(
        f"In Freshdesk go to {ROLES_PAGE}, open the role and read its permissions.",
        "Add the role to the policy file's [roles] table with its tier, for example "
        '"Billing Manager" = "admin", and run the analysis again.',
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.15",
        "ISO 27001:2022 A.8.2",
        "CIS Controls v8 6.8",
        "NIST SP 800-53 AC-6",
    ),
)
def unclassified_custom_role(context: RuleContext) -> Iterator[Hit]:
    """A role defined in `/roles` that is neither built in (Account Administrator,
    Administrator, Supervisor, Agent, collaborator roles) nor mapped in the policy's
    `[roles]` table; its tier is assumed to be agent."""
    unclassified = [
        role
        for role in context.account.roles.values()
        if not is_classified(role, context.policy.role_tiers)
    ]
    # Every role's holders, in agent order, from one pass over the agents rather than
    # one per unclassified role.
    holders_of: dict[RoleId, list[Agent]] = defaultdict(list)
    if unclassified:
        for agent in context.graph.agents():
            for role_id in dict.fromkeys(agent.role_ids or []):  # a repeated role: once
                holders_of[role_id].append(agent)
    for role in unclassified:
        holders = holders_of.get(role.id, [])
        active = [a for a in holders if a.state is AgentState.ACTIVE]
        held = (
            f"held by {plural(len(holders), 'agent')} ({len(active)} active): "
            f"{listing([agent_label(a) for a in holders])}"
            if holders
            else "held by no agent"
        )
        yield Hit(
            Subject.of_role(role),
            f"Custom role {role.name} (role {role.id}) is not in the policy's [roles] table, "
            f"so its tier is assumed to be agent; it is {held}.",
            facts={
                "assumed_tier": "agent",
                "holders": len(holders),
                "active_holders": len(active),
            },
        )
