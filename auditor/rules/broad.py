"""Over-broad access: more privilege, or a wider view of tickets, than the work needs.

Only active agents count here (SPEC): a deactivated or pending agent's access is the
subject of the FD-STALE rules.
"""

import functools
import itertools
from collections.abc import Iterator, Mapping

from auditor.emails import ascii_domain, domain_of, is_webmail, local_part, within_spelt
from auditor.graph.tiers import makes_collaborator
from auditor.models import Agent, AgentState, Company, CompanyId, Contact, TicketScope, Tier
from auditor.rules.access import privileged_roles, role_grant
from auditor.rules.admin_ui import AGENTS_PAGE
from auditor.rules.base import Hit, RuleContext, Severity, Subject
from auditor.rules.domains import organisation_domains
from auditor.rules.evidence import collection_complete, members_known
from auditor.rules.figures import LISTED, listing, percent, plural
from auditor.rules.registry import rule
from auditor.snapshot.carried_contacts import CarriedContacts

PRIVILEGED_TIERS = (Tier.ADMIN, Tier.ACCOUNT_ADMIN)
# Two privileged agents (one and a backup, so the account cannot be locked out) are never
# too many by share; without this floor every team under ten agents would be flagged.
PRIVILEGED_FLOOR_FOR_SHARE = 2


@rule(
    id="FD-BROAD-001",
    title="Too many administrators",
    severity=Severity.MEDIUM,
    subject="account",
    rationale=(
        "Administrators can change every setting, add agents, read every ticket and export "
        "data. Each additional administrator widens the damage a phished or careless account "
        "can do, and a large admin population is hard to review. Keep the few who administer "
        "the helpdesk; give everyone else Supervisor or Agent."
    ),
    remediation=(
        f"List the administrators in Freshdesk under {AGENTS_PAGE} (filter by role).",
        "For each one who does not configure the helpdesk, open the agent and change the role "
        "to Supervisor or Agent.",
        "Keep at least two Account Administrators so the account cannot be locked out.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.8.2",
        "CIS Controls v8 5.4",
        "NIST SP 800-53 AC-6",
        "NIST SP 800-53 AC-6(5)",
    ),
)
def too_many_admins(context: RuleContext) -> Iterator[Hit]:
    """More active privileged agents (tier admin or account_admin) than `max_admins`, or
    a larger share of the active agents than `max_admin_ratio`. Two privileged agents are
    never too many by share, so that a small team can keep a backup administrator."""
    policy = context.policy
    graph = context.graph
    active = list(graph.agents(AgentState.ACTIVE))
    admins = graph.holders(tiers=PRIVILEGED_TIERS)
    if not active or not admins:
        return
    ratio = len(admins) / len(active)
    over_count = len(admins) > policy.max_admins
    over_ratio = len(admins) > PRIVILEGED_FLOOR_FOR_SHARE and ratio > policy.max_admin_ratio
    if not (over_count or over_ratio):
        return
    reasons = []
    if over_count:
        reasons.append(f"more than max_admins {policy.max_admins}")
    if over_ratio:
        reasons.append(
            f"{percent(ratio, unlike=policy.max_admin_ratio)}, above max_admin_ratio "
            f"{percent(policy.max_admin_ratio)}"
        )
    holders = [
        f"{a.name} (agent {a.id}, {', '.join(map(role_grant, privileged_roles(graph, a.id)))})"
        for a in admins
    ]
    yield Hit(
        Subject.of_account(context.account.domain),
        f"{len(admins)} of {len(active)} active agents hold a privileged role "
        f"({'; '.join(reasons)}): {listing(holders, limit=10)}.",
        facts={
            "privileged_agents": len(admins),
            "active_agents": len(active),
            "ratio": round(ratio, 4),
            "max_admins": policy.max_admins,
            "max_admin_ratio": policy.max_admin_ratio,
        },
    )


@rule(
    id="FD-BROAD-002",
    title="Occasional or collaborator agent with a privileged role",
    severity=Severity.HIGH,
    subject="agent",
    rationale=(
        "Occasional agents (day passes) and collaborators are for people who help now and "
        "then: contractors, subject experts, seasonal staff. Such accounts are reviewed less "
        "often and belong to people outside the support team's daily oversight, so an "
        "administrator role on them is privilege without the matching scrutiny."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and open the agent.",
        "Change its role to Agent (or a collaborator role) and save.",
        "If the person really administers the helpdesk, make it a full-time support agent "
        "and review it with the other administrators.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.8.2",
        "CIS Controls v8 6.8",
        "NIST SP 800-53 AC-2(7)",
        "NIST SP 800-53 AC-6(5)",
    ),
)
def privileged_part_timer(context: RuleContext) -> Iterator[Hit]:
    """An active agent that is occasional (uses day passes) or a collaborator (agent type
    collaborator, or holding a collaborator role: agent type 3, "Collaborator" in its name,
    or mapped to tier collaborator by the policy) and holds a privileged role."""
    graph = context.graph
    for agent in graph.agents(AgentState.ACTIVE):
        roles = privileged_roles(graph, agent.id)
        if not roles:
            continue
        kinds = []
        if agent.occasional:
            kinds.append("occasional")
        collaborator_roles = [
            r for r in graph.roles_of(agent.id) if makes_collaborator(r, graph.custom_tiers)
        ]
        if agent.is_collaborator_type or collaborator_roles:
            kinds.append("collaborator")
        if not kinds:
            continue
        kind = " ".join(kinds)
        yield Hit(
            Subject.of_agent(agent),
            f"Active {kind} agent holds a privileged role: {graph.explain_access(agent.id)}.",
            facts={
                "occasional": "yes" if agent.occasional else "no",
                "type": agent.type,
                "privileged_roles": ", ".join(role_grant(r) for r in roles),
                "tier": graph.tier_of(agent.id).value,
            },
        )


@rule(
    id="FD-BROAD-003",
    title="Global ticket scope beyond need",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "Global scope lets an agent read every ticket in the helpdesk, including those of "
        "groups it does not work in: HR, billing or security queues with personal data. "
        "An ordinary agent who does not belong to every group needs Group or Restricted scope."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and open the agent.",
        "Under Scope, choose Group access (tickets of the agent's groups) or Restricted "
        "access (tickets assigned to the agent) and save.",
        "If the agent genuinely needs every queue, add it to those groups or record an exemption.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.15",
        "ISO 27001:2022 A.8.3",
        "CIS Controls v8 6.8",
        "NIST SP 800-53 AC-6",
    ),
)
def global_scope_beyond_need(context: RuleContext) -> Iterator[Hit]:
    """An active agent of tier agent or collaborator with Global ticket scope that is not
    a member of every group of the account. While the membership collections are
    incomplete, only groups whose own record lists their members are judged."""
    graph = context.graph
    # Which groups can be judged, and how a detail names them, does not depend on the
    # agent: decided once (thousands of agents by hundreds of groups).
    judged = [
        (g, f"{group.name} (group {g})")
        for g, group in context.account.groups.items()
        if members_known(context.account, group)
    ]
    judged_ids = frozenset(g for g, _ in judged)
    for agent in graph.agents(AgentState.ACTIVE):
        tier = graph.tier_of(agent.id)
        if agent.ticket_scope is not TicketScope.GLOBAL or tier not in (
            Tier.AGENT,
            Tier.COLLABORATOR,
        ):
            continue
        member = set(graph.group_ids_of(agent.id))
        # The groups missed are counted, and only the first few that the detail names
        # are listed: an agent may miss hundreds of groups, and listing them all for each
        # of thousands of agents was most of the rule's time.
        missing = len(judged) - len(judged_ids & member)
        if not missing:
            continue
        named = list(itertools.islice((label for g, label in judged if g not in member), LISTED))
        yield Hit(
            Subject.of_agent(agent),
            f"Active agent of tier {tier.value} has Global ticket scope "
            f"({graph.explain_access(agent.id)}), so it can read the tickets of "
            f"{plural(missing, 'group')} it does not belong to: "
            f"{listing(named, total=missing)}.",
            entitlement="scope:global",
            facts={
                "tier": tier.value,
                "groups_not_member": missing,
                "groups_total": len(context.account.groups),
            },
        )


@rule(
    id="FD-BROAD-004",
    title="Privileged or Global access on an address outside the organisation",
    severity=Severity.HIGH,
    subject="agent",
    rationale=(
        "An agent whose address is not on the organisation's domain is managed by someone "
        "else: a personal webmail account, a contractor's or an outsourcer's mailbox. The "
        "organisation's identity provider cannot disable it, its password policy and MFA are "
        "unknown, and whoever controls the mailbox can reset the password. With administrator "
        "rights or Global scope, that is the whole helpdesk."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and open the agent.",
        "Replace the address with one on the organisation's domain, or lower the role to "
        "Agent and the scope to Group access.",
        "If an external administrator is contracted, record an exemption naming the contract, "
        "and set `org_domains` in the policy so the organisation's domains are explicit.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.16",
        "ISO 27001:2022 A.8.2",
        "CIS Controls v8 5.6",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 AC-6(5)",
    ),
)
def outside_organisation(context: RuleContext) -> Iterator[Hit]:
    """An active agent holding a privileged role or Global ticket scope whose email domain
    is not one of `org_domains` (or their subdomains). Without `org_domains` the
    organisation's domain is inferred as the most common domain of active agents (agents
    on its subdomains counting for it), and the finding says so. Webmail domains
    (gmail.com, outlook.com ...) are never the organisation's. Internationalised domains
    compare in either spelling (bücher.example is xn--bcher-kva.example)."""
    graph = context.graph
    organisation = organisation_domains(graph, context.policy)
    # Thousands of agents share a few domains: each is judged once, for this call only.
    includes = functools.cache(organisation.includes)
    for agent in graph.agents(AgentState.ACTIVE):
        roles = privileged_roles(graph, agent.id)
        global_scope = agent.ticket_scope is TicketScope.GLOBAL
        domain = domain_of(agent.email)
        if not (roles or global_scope) or includes(domain):
            continue
        grants = [role_grant(r) for r in roles] + (["Global scope"] if global_scope else [])
        yield Hit(
            Subject.of_agent(agent),
            f"Active agent on {_address_kind(agent, domain)} "
            f"{graph.explain_access(agent.id)}; {organisation.describe()}.",
            facts={
                "email_domain": domain,
                "webmail": "yes" if is_webmail(domain) else "no",
                "org_domains": ", ".join(organisation.domains),
                "org_domains_inferred": "yes" if organisation.inferred else "no",
                "grants": ", ".join(grants),
            },
        )


def _address_kind(agent: Agent, domain: str) -> str:
    if not domain:
        return f"an address without a domain ('{agent.email}')"
    if is_webmail(domain):
        return f"a personal webmail address ({agent.email})"
    return f"an address outside the organisation's domains ({agent.email})"


@rule(
    id="FD-BROAD-005",
    title="Agent on a shared or generic mailbox",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "An agent signed in as support@ or admin@ is a shared account: whoever reads that "
        "mailbox can reset its password, and nothing it does can be traced to a person. "
        "Access reviews cannot attribute it, leavers keep it, and with an administrator "
        "role it is an anonymous administrator."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and open the agent.",
        "Give each person who uses it an agent of their own, then deactivate the shared agent.",
        "Keep the shared mailbox as a support email address (Admin > Channels > Email), "
        "not as an agent login.",
    ),
    frameworks=(
        "SOC 2 CC6.1",
        "ISO 27001:2022 A.5.16",
        "CIS Controls v8 5.5",
        "NIST SP 800-53 AC-2(9)",
        "NIST SP 800-53 IA-4",
    ),
)
def shared_mailbox_agent(context: RuleContext) -> Iterator[Hit]:
    """An active agent whose email local part (lower-case, `+tag` removed) is one of
    `generic_mailboxes` (support, admin, info, helpdesk, noreply ...); high when the agent
    is privileged."""
    graph = context.graph
    generic = set(context.policy.generic_mailboxes)
    for agent in graph.agents(AgentState.ACTIVE):
        mailbox = local_part(agent.email)
        if mailbox not in generic:
            continue
        tier = graph.tier_of(agent.id)
        yield Hit(
            Subject.of_agent(agent),
            f"Active agent signs in with the generic mailbox {agent.email} ('{mailbox}' is on "
            f"the generic_mailboxes list), so no one person is accountable for it; it "
            f"{graph.explain_access(agent.id)}.",
            severity=Severity.HIGH if tier.is_privileged else None,
            facts={"mailbox": mailbox, "tier": tier.value},
        )


@rule(
    id="FD-BROAD-006",
    title="Field agent with a privileged role",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "Field technicians work service tasks on site, often from shared or mobile devices; "
        "they need their tasks, not the helpdesk's configuration. An administrator role on "
        "a field agent is privilege its work does not call for, on a device that is easier "
        "to lose."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE} and open the field technician.",
        "Change its role to the field technician role (Agent) and save.",
        "If the person also administers the helpdesk, give them a separate support agent "
        "for that work.",
    ),
    frameworks=(
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.8.2",
        "CIS Controls v8 6.8",
        "NIST SP 800-53 AC-6",
    ),
)
def privileged_field_agent(context: RuleContext) -> Iterator[Hit]:
    """An active field agent (agent type `field_agent`) holding a privileged role."""
    graph = context.graph
    for agent in graph.agents(AgentState.ACTIVE):
        if not agent.is_field_agent:
            continue
        roles = privileged_roles(graph, agent.id)
        if not roles:
            continue
        yield Hit(
            Subject.of_agent(agent),
            f"Active field agent holds a privileged role: {graph.explain_access(agent.id)}.",
            facts={
                "type": agent.type,
                "privileged_roles": ", ".join(role_grant(r) for r in roles),
                "tier": graph.tier_of(agent.id).value,
            },
        )


@rule(
    id="FD-BROAD-007",
    title="Contact sees all tickets of a company outside its own domain",
    severity=Severity.MEDIUM,
    subject="contact",
    rationale=(
        "A contact allowed to view all tickets of a company reads every ticket its "
        "colleagues raise, through the customer portal. When the contact's address is not on "
        "one of the company's domains, the person may not work there at all (a reseller, a "
        "former employee on a personal address, a wrong company link): another customer's "
        "tickets are disclosed to them."
    ),
    remediation=(
        "In Freshdesk open Contacts, find the contact and choose Edit.",
        "In the company section, turn off viewing all tickets for that company (the ticket "
        "icon next to the company name), or remove the company link.",
        "If the person does work for the company, add their domain to the company "
        "(Companies > the company > Edit > Domains).",
    ),
    frameworks=(
        "SOC 2 CC6.1",
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.15",
        "ISO 27001:2022 A.8.3",
        "CIS Controls v8 3.3",
        "NIST SP 800-53 AC-3",
        "NIST SP 800-53 AC-6",
    ),
)
def contact_views_foreign_company(context: RuleContext) -> Iterator[Hit]:
    """A contact (not deleted, with an email address) allowed to view all tickets of a
    company whose domains do not include the contact's email domain (or a parent domain
    of it). One finding per such company. A company missing from an incomplete companies
    collection is not judged."""
    account = context.account
    views = ForeignViews(account.companies, collection_complete(account, "companies"))
    return views.among(context.graph.carried_contacts)


class ForeignViews:
    """FD-BROAD-007's verdicts on one account's companies, each (domain, company) pair
    judged once.

    Hundreds of thousands of contacts may view all tickets, most on their company's own
    domain, and the verdict depends on the address only through its domain. The pair is
    keyed by the text after the address's last `@` as written, which alone decides
    `domain_of` (lower-casing and trimming the whole address changes nothing else after
    it), so a domain is normalised only the first time it is met.
    """

    def __init__(self, companies: Mapping[CompanyId, Company], companies_complete: bool) -> None:
        self.companies = companies
        self.companies_complete = companies_complete
        # Each company's domains as they are compared, worked out once, not once per contact.
        self.company_domains = {
            company_id: tuple(d.strip().lower() for d in company.domains)
            for company_id, company in companies.items()
        }
        # The same, spelt as `within` compares them (`ascii_domain`).
        self.company_spelt = {
            company_id: tuple(map(ascii_domain, domains))
            for company_id, domains in self.company_domains.items()
        }
        # The normalised domain when a contact is outside the company, else None (inside,
        # no domain, or a company an incomplete collection may have missed).
        self.verdicts: dict[tuple[str, CompanyId], str | None] = {}
        # Each address domain, spelt once however many companies it is judged against.
        self.spelt = functools.cache(ascii_domain)

    def among(self, carried: CarriedContacts) -> Iterator[Hit]:
        """The findings on every carried contact: what `of` finds for each, in order.

        Only a contact that names other companies, or whose primary company is outside
        the domain of its address, can have a finding. `CarriedContacts` asks the latter
        once per (text after the last `@`, primary company) pair, so `of`, the Python
        code per contact, runs for those few contacts only; it alone decides, since a
        pair judged outside may hold contacts with no finding (deleted, not viewing all
        tickets, an address without `@`).
        """
        primary_outside = carried.by_tail_and_company(self._primary_outside)
        for contact in carried.where(primary_outside, carried.has_other_companies):
            yield from self.of(contact)

    def _primary_outside(self, written: str, company_id: CompanyId | None) -> bool:
        if not company_id:
            # No primary company (None, or an ID of 0, which `Contact` skips too): only
            # other companies count, and `has_other_companies` flags those.
            return False
        return self.outside(written, company_id) is not None

    def of(self, contact: Contact) -> Iterator[Hit]:
        """One finding per company whose tickets the contact views, outside its domain."""
        if contact.deleted:
            return
        viewing = contact.companies_viewing_all_tickets()
        if not viewing:
            return
        _, at, written = (contact.email or "").rpartition("@")
        if not at:
            return  # no domain: `domain_of` is empty
        # A company named twice (primary and other) is one finding.
        for company_id in dict.fromkeys(viewing):
            domain = self.outside(written, company_id)
            if domain is not None:
                company = self.companies.get(company_id)
                domains = self.company_domains.get(company_id, ())
                yield _foreign_view(contact, domain, company, company_id, domains)

    def outside(self, written: str, company_id: CompanyId) -> str | None:
        """The domain of an address ending in `@written` when a contact on it viewing all
        tickets of the company is a finding, else None."""
        pair = (written, company_id)
        if pair not in self.verdicts:
            self.verdicts[pair] = self._outside_company(domain_of("@" + written), company_id)
        return self.verdicts[pair]

    def _outside_company(self, domain: str, company_id: CompanyId) -> str | None:
        """`domain` when a contact on it viewing all tickets of the company (which the
        snapshot may not hold) is a finding, else None: `within` the company's domains,
        with each domain spelt once."""
        company_domains = self.company_spelt.get(company_id)
        if not domain or (company_domains is None and not self.companies_complete):
            return None
        return None if within_spelt(self.spelt(domain), company_domains or ()) else domain


def _foreign_view(
    contact: Contact,
    domain: str,
    company: Company | None,
    company_id: CompanyId,
    domains: tuple[str, ...],
) -> Hit:
    name = f"{company.name} (company {company_id})" if company else f"company {company_id}"
    listed = f"whose domains are {', '.join(domains)}" if domains else "with no domains"
    if company is None:
        listed = "which the snapshot does not hold"
    return Hit(
        Subject.of_contact(contact),
        f"Contact {contact.email} can view all tickets of {name}, {listed} "
        f"(works_for link with view_all_tickets), but its own domain {domain} is not "
        "one of them.",
        entitlement=f"company:{company_id}",
        facts={
            "email_domain": domain,
            "company_id": company_id,
            "company_domains": ", ".join(domains),
        },
    )
