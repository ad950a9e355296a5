"""The people and structure of the sample account "Acme Support", and what each plants.

Roles, groups, companies and every agent as it is now, how it differed in the baseline,
how the Okta roster lists it, and the findings an analysis must report about it.
"""

from dataclasses import dataclass, field
from typing import Any

DOMAIN = "acme-support"
BASE_URL = f"https://{DOMAIN}.freshdesk.com/api/v2"
AS_OF = "2026-09-30T18:00:00Z"
BASELINE_AT = "2026-06-30T18:00:00Z"
ORG = "acme.example"
MSP = "northwind-msp.example"
BPO = "bluepeak-bpo.example"
CONTACT_PAGE = 100  # `per_page` of the collection; the partial listing stopped after 3 pages
CONTACT_PAGES_COLLECTED = 3

# ---------------------------------------------------------------------------------------
# Roles. Tiers as SPEC derives them, with policy.toml's [roles] for the custom ones.

ACCOUNT_ADMIN = 43000000101
ADMIN = 43000000102
SUPERVISOR = 43000000103
AGENT = 43000000104
TICKET_COLLABORATOR = 43000000105
ANALYTICS_COLLABORATOR = 43000000106
BILLING_MANAGER = 43000000107  # custom, classified "admin" by policy.toml
QUALITY_REVIEWER = 43000000108  # custom, left unclassified by policy.toml (FD-HYG-005)
NIGHT_SHIFT_LEAD = 43000000109  # custom, deleted this quarter; still referenced (FD-HYG-001)


@dataclass(frozen=True)
class RoleSpec:
    id: int
    name: str
    description: str
    default: bool
    agent_type: int
    created: str
    tier: str
    current: bool = True  # False: deleted since the baseline


ROLES = [
    RoleSpec(
        ACCOUNT_ADMIN,
        "Account Administrator",
        "Has complete control over the help desk including access to Account or Billing "
        "related information, and receives Invoices.",
        True,
        1,
        "2019-03-04T09:12:44Z",
        "account_admin",
    ),
    RoleSpec(
        ADMIN,
        "Administrator",
        "Has complete control over the help desk and the organisation including access to "
        "Account or Billing related information, and receives Invoices.",
        True,
        1,
        "2019-03-04T09:12:44Z",
        "admin",
    ),
    RoleSpec(
        SUPERVISOR,
        "Supervisor",
        "Can perform all agent related activities, access reports and see unresolved "
        "tickets analysis.",
        True,
        1,
        "2019-03-04T09:12:44Z",
        "supervisor",
    ),
    RoleSpec(
        AGENT,
        "Agent",
        "Can log, view, reply, update and resolve tickets and manage contacts.",
        True,
        1,
        "2019-03-04T09:12:44Z",
        "agent",
    ),
    RoleSpec(
        TICKET_COLLABORATOR,
        "Ticket Collaborator",
        "Can view and reply privately to tickets they are invited to collaborate on.",
        True,
        3,
        "2021-05-18T11:02:10Z",
        "collaborator",
    ),
    RoleSpec(
        ANALYTICS_COLLABORATOR,
        "Analytics Collaborator",
        "Can view and export reports and dashboards shared with them.",
        True,
        3,
        "2021-05-18T11:02:10Z",
        "collaborator",
    ),
    RoleSpec(
        BILLING_MANAGER,
        "Billing Manager",
        "Manages billing disputes, refunds and the helpdesk subscription and invoices.",
        False,
        1,
        "2023-04-11T13:40:02Z",
        "admin",
    ),
    RoleSpec(
        QUALITY_REVIEWER,
        "Quality Reviewer",
        "Scores conversations for the QA programme; can edit canned responses.",
        False,
        1,
        "2025-10-01T08:15:27Z",
        "agent",
    ),
    RoleSpec(
        NIGHT_SHIFT_LEAD,
        "Night Shift Lead",
        "Reassigns tickets and manages availability outside office hours.",
        False,
        1,
        "2024-02-19T22:05:51Z",
        "agent",
        current=False,
    ),
]
ROLE_BY_ID = {role.id: role for role in ROLES}

# ---------------------------------------------------------------------------------------
# Groups. Membership (`agent_ids`) is derived from the agents' `group_ids`.

TIER1 = 43000003001
TIER2 = 43000003002
BILLING = 43000003003
ESCALATIONS = 43000003004
FIELD = 43000003005
VIP = 43000003006
RETURNS = 43000003007
SPANISH = 43000003008
SECURITY = 43000003009
LEGACY_PHONE = 43000003010
RETURNS_OLD = 43000003011  # deleted this quarter; still in one agent's group_ids

# Agent IDs referred to by groups and findings.
HELEN = 43000012001
RAFAEL = 43000012002
SIOBHAN = 43000012004
LI_LEI = 43000012005
JOSE = 43000012006
CHLOE = 43000012015
MARCUS = 43000012061
BRIAN = 43000012058


@dataclass(frozen=True)
class GroupSpec:
    id: int
    name: str
    description: str
    escalate_to: int | None
    created: str
    updated: str
    current: bool = True
    baseline_escalate_to: int | None = None  # when it differed last quarter


GROUPS = [
    GroupSpec(
        TIER1,
        "Tier 1 Support",
        "First line: every new email, portal and chat ticket.",
        SIOBHAN,
        "2019-03-05T10:00:00Z",
        "2025-11-03T09:14:00Z",
    ),
    GroupSpec(
        TIER2,
        "Tier 2 Support",
        "Technical escalations from Tier 1.",
        LI_LEI,
        "2019-03-05T10:02:00Z",
        "2026-02-17T15:30:00Z",
    ),
    GroupSpec(
        BILLING,
        "Billing",
        "Invoices, payment failures and refunds above policy.",
        CHLOE,
        "2019-06-12T08:30:00Z",
        "2025-08-21T12:00:00Z",
    ),
    GroupSpec(
        ESCALATIONS,
        "Escalations",
        "Customer complaints and executive escalations.",
        MARCUS,  # deactivated in August; nobody changed the group (FD-HYG-004)
        "2019-09-01T09:00:00Z",
        "2024-05-02T10:45:00Z",
    ),
    GroupSpec(
        FIELD,
        "Field Service",
        "On-site installation and repair appointments.",
        None,
        "2022-01-10T07:45:00Z",
        "2025-04-04T07:45:00Z",
    ),
    GroupSpec(
        VIP,
        "VIP Accounts",
        "Named enterprise customers with a contractual response time.",
        BRIAN,  # agent deleted in August; the escalation still points at its ID (FD-HYG-004)
        "2020-02-14T09:00:00Z",
        "2025-12-09T16:20:00Z",
    ),
    GroupSpec(
        RETURNS,
        "Returns & Refunds",
        "RMA requests and refunds within policy.",
        SIOBHAN,
        "2021-07-07T09:00:00Z",
        "2026-06-30T08:00:00Z",
    ),
    GroupSpec(
        SPANISH,
        "Soporte en Español",
        "Spanish-language queue for LATAM and Spain.",
        JOSE,
        "2022-09-19T14:00:00Z",
        "2025-09-19T14:00:00Z",
    ),
    GroupSpec(
        SECURITY,
        "Security & Privacy",
        "Vulnerability reports, GDPR and data-subject requests.",
        HELEN,
        "2020-11-30T10:00:00Z",
        "2025-03-12T10:00:00Z",
    ),
    GroupSpec(
        LEGACY_PHONE,
        "Legacy Phone Support",
        "Voicemail queue of the old phone line (retired 2025).",
        None,
        "2019-03-05T10:05:00Z",
        "2025-06-30T17:00:00Z",
    ),
    GroupSpec(
        RETURNS_OLD,
        "Returns (old process)",
        "Returns before the RMA portal; closed.",
        None,
        "2020-04-01T09:00:00Z",
        "2025-01-15T09:00:00Z",
        current=False,
    ),
]

# ---------------------------------------------------------------------------------------
# Companies and the people.

GLOBEX = 43000030001
INITECH = 43000030002
UMBRELLA = 43000030003
VANDELAY = 43000030004
WAYNE = 43000030005

COMPANIES: list[dict[str, Any]] = [
    {
        "id": GLOBEX,
        "name": "Globex Corporation",
        "description": "Enterprise customer since 2019.",
        "note": None,
        "domains": ["globex.example"],
        "health_score": "Happy",
        "account_tier": "Premium",
        "renewal_date": "2027-01-31T00:00:00Z",
        "industry": "Manufacturing",
        "custom_fields": {},
        "created_at": "2019-04-02T10:11:12Z",
        "updated_at": "2026-05-14T09:30:00Z",
    },
    {
        "id": INITECH,
        "name": "Initech",
        "description": "Two business units with their own mail domains.",
        "note": "EU subsidiary writes from initech-eu.example.",
        "domains": ["initech.example", "initech-eu.example"],
        "health_score": "Doing okay",
        "account_tier": "Enterprise",
        "renewal_date": "2026-12-31T00:00:00Z",
        "industry": "Software",
        "custom_fields": {},
        "created_at": "2019-07-19T08:00:00Z",
        "updated_at": "2026-03-02T12:45:00Z",
    },
    {
        "id": UMBRELLA,
        "name": "Umbrella Health",
        "description": "Clinics network; tickets may contain health data.",
        "note": None,
        "domains": ["umbrella-health.example"],
        "health_score": "At risk",
        "account_tier": "Enterprise",
        "renewal_date": "2027-03-31T00:00:00Z",
        "industry": "Healthcare",
        "custom_fields": {},
        "created_at": "2020-10-05T14:20:00Z",
        "updated_at": "2026-08-11T10:00:00Z",
    },
    {
        "id": VANDELAY,
        "name": "Vandelay Industries",
        "description": "Import and export distributor.",
        "note": None,
        "domains": ["vandelay.example"],
        "health_score": "Happy",
        "account_tier": "Basic",
        "renewal_date": "2027-06-30T00:00:00Z",
        "industry": "Logistics",
        "custom_fields": {},
        "created_at": "2021-02-22T09:00:00Z",
        "updated_at": "2025-12-01T09:00:00Z",
    },
    {
        "id": WAYNE,
        "name": "Wayne Logistics",
        "description": "Freight partner; portal users only.",
        "note": None,
        "domains": ["wayne-logistics.example"],
        "health_score": "Doing okay",
        "account_tier": "Premium",
        "renewal_date": "2026-11-30T00:00:00Z",
        "industry": "Transportation",
        "custom_fields": {},
        "created_at": "2022-06-13T11:30:00Z",
        "updated_at": "2026-01-20T11:30:00Z",
    },
]
COMPANY_DOMAIN = {c["id"]: c["domains"][0] for c in COMPANIES}


@dataclass(frozen=True)
class Planted:
    """One finding an analysis with every input must produce."""

    rule: str
    severity: str
    why: str
    status: str = "open"


@dataclass(frozen=True)
class Then:
    """How an agent looked in the baseline, where it differed from now."""

    roles: tuple[int, ...] | None = None
    groups: tuple[int, ...] | None = None
    scope: int | None = None
    state: str | None = None
    last_login: str | None = None


@dataclass(frozen=True)
class Person:
    """One agent of the account: its record now, its baseline, its roster row, its findings."""

    id: int
    name: str
    email: str
    title: str
    time_zone: str
    created: str
    last_login: str | None
    roles: tuple[int, ...]
    groups: tuple[int, ...]
    scope: int = 2  # 1 global, 2 group, 3 restricted
    state: str = "active"  # active | deactivated | pending
    type: str = "support_agent"
    occasional: bool = False
    deactivated_flag: bool = False  # the record carries `deactivated: true`
    email_verified: bool | None = None  # contact.active; default: True unless inactive
    language: str = "en"
    phone: str | None = None
    roster: str | None = "ACTIVE"  # Okta status; None: absent from the export
    roster_email: str | None = None  # how Okta spells the address, when it differs
    # Whether Okta provisions the person to Freshdesk through SCIM (a person absent from
    # the roster never is); its SCIM user is `active` as the roster status says.
    scim: bool = True
    department: str = "Customer Support"
    in_baseline: bool = True
    in_current: bool = True
    then: Then = field(default_factory=Then)
    changed: str | None = None  # when the record last changed, if after the baseline
    # `last_active_at` now, when it is not a few minutes after the last login (SSO sessions).
    last_active: str | None = None
    findings: tuple[Planted, ...] = ()


def P(rule: str, severity: str, why: str, status: str = "open") -> Planted:
    """A planted finding; short, because the table below uses it on every other line."""
    return Planted(rule, severity, why, status)


EST = "Eastern Time (US & Canada)"
PST = "Pacific Time (US & Canada)"
CST = "Central Time (US & Canada)"

# Each agent as it is now; `then` says how it differed in the baseline, `findings`
# what an analysis with every input must report about it.
# fmt: off
PEOPLE: list[Person] = [
    # --- administrators and supervisors, clean ---------------------------------------
    Person(
        HELEN, "Helen Marsh", f"helen.marsh@{ORG}",
        "Head of Customer Operations", EST,
        created="2019-03-04T09:12:44Z", last_login="2026-09-30T15:42:07Z",
        roles=(ACCOUNT_ADMIN,), groups=(ESCALATIONS, SECURITY), scope=1, phone="+1-555-0100",
    ),
    Person(
        RAFAEL, "Rafael Ortiz", f"rafael.ortiz@{ORG}",
        "Support Operations Manager", CST,
        created="2019-03-11T14:20:00Z", last_login="2026-09-29T08:15:33Z",
        roles=(ACCOUNT_ADMIN,), groups=(TIER2, ESCALATIONS), scope=1,
    ),
    Person(
        43000012003, "Zoë Adler", f"zoe.adler@{ORG}",
        "Helpdesk Administrator", "London",
        created="2020-01-13T09:00:00Z", last_login="2026-09-28T09:01:12Z",
        roles=(ADMIN,), groups=(TIER1, TIER2), scope=1,
    ),
    Person(
        SIOBHAN, "Siobhan O'Brien", f"siobhan.obrien@{ORG}",
        "Tier 1 Team Lead", "Dublin",
        created="2020-03-02T09:30:00Z", last_login="2026-09-30T07:55:40Z",
        roles=(SUPERVISOR,), groups=(TIER1, RETURNS), scope=1,
    ),
    Person(
        LI_LEI, "李雷", f"li.lei@{ORG}",
        "Tier 2 Team Lead", "Beijing",
        created="2020-08-17T01:00:00Z", last_login="2026-09-30T09:12:45+08:00",
        roles=(SUPERVISOR,), groups=(TIER2, ESCALATIONS, SECURITY), language="zh-CN",
    ),
    # --- agents, clean ----------------------------------------------------------------
    Person(
        JOSE, "José Martínez", f"jose.martinez@{ORG}",
        "Support Specialist", "Madrid",
        created="2021-02-01T08:00:00Z", last_login="2026-09-29T14:20:02Z",
        roles=(AGENT,), groups=(TIER1, SPANISH), language="es",
    ),
    Person(
        43000012007, "Nguyen, Thi Mai", f"thimai.nguyen@{ORG}",
        "Support Specialist", PST,
        created="2021-04-12T16:00:00Z", last_login="2026-09-25T11:03:19Z",
        roles=(AGENT,), groups=(TIER1,),
    ),
    Person(
        43000012008, "Priya Nair", f"priya.nair+freshdesk@{ORG}",
        "Senior Support Engineer", "Chennai",
        created="2021-06-07T04:30:00Z", last_login="2026-09-30T10:30:00+05:30",
        roles=(AGENT,), groups=(TIER2, VIP), roster_email=f"priya.nair@{ORG}",  # Okta has no tag
    ),
    Person(
        43000012009, "Liam Walsh", f"liam.walsh@{ORG}",
        "Support Specialist", "Dublin",
        created="2021-09-20T08:00:00Z", last_login="2026-09-24T16:45:10Z",
        roles=(AGENT,), groups=(TIER1,), roster_email="Liam.Walsh@ACME.example",  # Okta's case
    ),
    Person(
        43000012010, "Aisha Bello", f"aisha.bello@{ORG}",
        "Billing Specialist", "London",
        created="2022-01-10T09:00:00Z", last_login="2026-09-30T12:01:55Z",
        roles=(AGENT,), groups=(BILLING,), department="Billing",
    ),
    Person(
        43000012011, "Tomás Silva", f"tomas.silva@{ORG}",
        "Returns Coordinator", "Lisbon",
        created="2022-03-14T09:00:00Z", last_login="2026-09-17T10:10:10Z",
        roles=(AGENT,), groups=(RETURNS,), language="pt-PT",
    ),
    Person(
        43000012012, "Hannah Becker", f"hannah.becker@{ORG}",
        "Support Specialist", "Berlin",
        created="2022-05-02T07:00:00Z", last_login="2026-09-29T07:44:21Z",
        roles=(AGENT,), groups=(TIER1, SPANISH), language="de",
    ),
    Person(
        43000012013, "Kenji Watanabe", f"kenji.watanabe@{ORG}",
        "Support Engineer", "Tokyo",
        created="2022-07-11T00:00:00Z", last_login="2026-09-30T09:05:00+09:00",
        roles=(AGENT,), groups=(TIER2,), language="ja-JP",
    ),
    Person(
        43000012014, "Fatima Zahra El Idrissi", f"fatima.elidrissi@{ORG}",
        "Account Support Specialist", "Casablanca",
        created="2022-09-05T08:00:00Z", last_login="2026-09-26T13:37:48Z",
        roles=(AGENT,), groups=(BILLING, VIP), language="fr",
    ),
    Person(
        CHLOE, "Chloé Dubois", f"chloe.dubois@{ORG}",
        "Billing Team Lead", "Paris",
        created="2020-10-19T08:00:00Z", last_login="2026-09-30T08:22:16Z",
        roles=(SUPERVISOR,), groups=(BILLING,), language="fr", department="Billing",
    ),
    Person(
        43000012016, "Arjun Mehta", f"arjun.mehta@{ORG}",
        "Support Specialist", "Chennai",
        # Last login exactly 60 days before as_of (2026-08-01T18:00:00Z): not older than
        # dormant_days, so not dormant.
        created="2023-01-09T04:00:00Z", last_login="2026-08-01T23:30:00+05:30",
        roles=(AGENT,), groups=(TIER1,), scope=3,
    ),
    Person(
        43000012017, "Emily Carter", f"emily.carter@{ORG}",
        "Support Specialist", EST,
        # Signs in through SSO and keeps her session: her last login is 135 days old, but
        # she was active yesterday. Dormancy is judged on the later of the two: not dormant.
        created="2023-02-20T14:00:00Z", last_login="2026-05-18T15:00:00Z",
        last_active="2026-09-29T17:05:00Z",
        roles=(AGENT,), groups=(TIER1,),
    ),
    Person(
        43000012018, "Noah Fischer", f"noah.fischer@{ORG}",
        "Seasonal Support Specialist", "Berlin",
        created="2023-11-06T08:00:00Z", last_login="2026-09-10T19:20:00Z",
        roles=(AGENT,), groups=(TIER1,), occasional=True, language="de",
    ),
    Person(
        43000012019, "Sofia Rossi", f"sofia.rossi@{ORG}",
        "Weekend Support Specialist", "Rome",
        created="2024-01-15T08:00:00Z", last_login="2026-08-14T10:00:00Z",
        roles=(AGENT,), groups=(SPANISH,), occasional=True, language="it",
    ),
    Person(
        43000012020, "Ben Okafor", f"ben.okafor@{ORG}",
        "Field Technician", EST,
        created="2022-02-07T13:00:00Z", last_login="2026-09-29T06:30:00Z",
        roles=(AGENT,), groups=(FIELD,), scope=3, type="field_agent",
        department="Field Operations",
    ),
    Person(
        43000012021, "Lucía Fernández", f"lucia.fernandez@{ORG}",
        "Field Technician", "Madrid",
        created="2023-05-22T07:00:00Z", last_login="2026-09-27T17:12:00Z",
        roles=(AGENT,), groups=(FIELD, SPANISH), type="field_agent", language="es",
        department="Field Operations",
    ),
    Person(
        43000012022, "Grace Mwangi", f"grace.mwangi@{ORG}",
        "Finance Analyst", "Nairobi",
        created="2024-03-04T06:00:00Z", last_login="2026-09-15T09:48:00Z",
        roles=(TICKET_COLLABORATOR,), groups=(), scope=3, type="collaborator",
        department="Finance",
    ),
    Person(
        43000012023, "Oliver Hughes", f"oliver.hughes@{ORG}",
        "Data Analyst", "London",
        created="2024-04-08T08:00:00Z", last_login="2026-08-28T13:30:00Z",
        roles=(ANALYTICS_COLLABORATOR,), groups=(), scope=3, type="collaborator",
        department="Business Intelligence",
    ),
    Person(
        43000012024, "Mei Tanaka", f"mei.tanaka@{ORG}",
        "Quality Analyst", "Tokyo",
        created="2023-08-14T00:00:00Z", last_login="2026-09-30T02:14:00Z",
        roles=(AGENT, QUALITY_REVIEWER), groups=(TIER2,), language="ja-JP",
    ),
    # --- FD-HYG-003: duplicate identities ---------------------------------------------
    Person(
        43000012025, "Daniel Kim", f"daniel.kim@{ORG}",
        "Support Specialist", PST,
        created="2022-10-03T16:00:00Z", last_login="2026-09-29T16:00:00Z",
        roles=(AGENT,), groups=(TIER1,),
        findings=(
            P("FD-HYG-003", "medium",
              "Same address as agent 43000012026 (Daniel.Kim@acme.example), differing only in "
              "letter case: two agent accounts for one person.",
            ),
        ),
    ),
    Person(
        43000012026, "Daniel Kim", f"Daniel.Kim@{ORG}",
        "Support Specialist", PST,
        created="2024-06-17T16:00:00Z", last_login="2026-09-02T09:00:00Z",
        # Okta's one row for daniel.kim@acme.example covers both records.
        roles=(AGENT,), groups=(RETURNS,), roster=None,
        findings=(
            P("FD-HYG-003", "medium",
              "Same address as agent 43000012025 (daniel.kim@acme.example), differing only in "
              "letter case: a second account created by a CSV import.",
            ),
        ),
    ),
    Person(
        43000012027, "Mateo Alvarez", f"mateo.alvarez@{ORG}",
        "Support Specialist", CST,
        created="2023-03-27T14:00:00Z", last_login="2026-09-28T12:00:00Z",
        roles=(AGENT,), groups=(TIER1,),
        findings=(
            P("FD-HYG-003", "medium",
              "Contact 43000045001 ('Alvarez, Mateo') has the same address in another letter "
              "case (Mateo.Alvarez@Acme.example): the agent also exists as a customer.",
            ),
        ),
    ),
    # --- FD-BROAD-003: hostile HTML name with Global scope -----------------------------
    Person(
        43000012028, "<img src=x onerror=alert(1)>", f"qa.markup@{ORG}",
        "QA Analyst", "London",
        created="2024-09-09T08:00:00Z", last_login="2026-09-22T10:00:00Z",
        roles=(AGENT,), groups=(TIER1,), scope=1, department="Quality Assurance",
        findings=(
            P("FD-BROAD-003", "medium",
              "Tier agent with Global ticket scope, member of 1 of the 10 groups (Tier 1 "
              "Support). Its name is HTML markup: the report must show it as text.",
            ),
        ),
    ),
    # --- FD-STALE-002: dormant ---------------------------------------------------------
    Person(
        43000012029, "Kevin Brooks", f"kevin.brooks@{ORG}",
        "Support Engineer", EST,
        created="2021-11-15T14:00:00Z", last_login="2026-07-17T14:25:00Z",
        roles=(AGENT,), groups=(TIER2,),
        findings=(
            P("FD-STALE-002", "medium",
              "Last login 2026-07-17, 75 days before as_of: over policy dormant_days 60 (SPEC's"
              " default of 90 would not flag it, so this proves the policy is read).",
            ),
        ),
    ),
    Person(
        43000012030, "Laura Jensen", f"laura.jensen@{ORG}",
        "Helpdesk Administrator", "Copenhagen",
        created="2020-05-04T07:00:00Z", last_login="2026-08-16T09:10:00Z",
        roles=(ADMIN,), groups=(ESCALATIONS,), scope=1,
        findings=(
            P("FD-STALE-002", "high",
              "Administrator, last login 2026-08-16, 45 days: over dormant_days_privileged 30 "
              "(not over dormant_days 60). Her exemption expired on 2026-08-31, so the finding "
              "is open again and the report says the exemption expired.",
            ),
        ),
    ),
    Person(
        43000012031, "Victor Petrov", f"victor.petrov@{ORG}",
        "Support Specialist", "Warsaw",
        created="2026-04-15T09:00:00Z", last_login=None,
        roles=(AGENT,), groups=(TIER1,),
        findings=(
            P("FD-STALE-002", "medium",
              "Active (email verified) but never logged in; created 2026-04-15, 168 days before"
              " as_of: dormancy counts from creation.",
            ),
        ),
    ),
    # --- FD-BROAD-004: outside the organisation ----------------------------------------
    Person(
        43000012032, "Tomasz Wójcik", f"tomasz.wojcik@{MSP}",
        "MSP Helpdesk Engineer", "Warsaw",
        created="2024-02-05T08:00:00Z", last_login="2026-09-23T20:05:00+02:00",
        roles=(ADMIN,), groups=(TIER2, ESCALATIONS), scope=1, language="pl",
        department="Partners (Northwind MSP)", scim=False,
        findings=(
            P("FD-BROAD-004", "high",
              "Administrator with Global scope on northwind-msp.example, outside org_domains. "
              "Accepted risk: live exemption (MSP contract C-17) until 2027-03-31.",
              status="exempted",
            ),
            P("FD-HYG-006", "high",
              "In the Okta roster as a partner, but no SCIM user: the MSP's administrator was "
              "added by hand in Freshdesk, outside the identity provider; privileged, so high "
              "(the BROAD-004 exemption does not cover it).",
            ),
        ),
    ),
    Person(
        43000012033, "Inês Carvalho", f"ines.carvalho@{BPO}",
        "BPO Shift Supervisor", "Lisbon",
        created="2024-10-14T08:00:00Z", last_login="2026-09-30T11:11:11Z",
        roles=(SUPERVISOR,), groups=(TIER2, VIP), scope=1, language="pt-PT",
        department="Partners (Bluepeak BPO)",
        findings=(
            P("FD-BROAD-004", "high",
              "Supervisor with Global scope on bluepeak-bpo.example, outside org_domains; no "
              "exemption.",
            ),
        ),
    ),
    # --- FD-BROAD-005: generic mailboxes -----------------------------------------------
    Person(
        43000012034, "Acme Support Team", f"support@{ORG}",
        "Shared inbox", EST,
        created="2019-03-06T12:00:00Z", last_login="2026-09-30T17:30:02Z",
        roles=(AGENT,), groups=(TIER1,), department="Customer Support (shared account)",
        findings=(
            P("FD-BROAD-005", "medium",
              "Active agent on the shared mailbox support@: nobody is accountable for what it "
              "does.",
            ),
        ),
    ),
    Person(
        43000012035, "Helpdesk Admin", f"admin@{ORG}",
        "Shared administrator account", EST,
        created="2019-03-06T12:05:00Z", last_login="2026-09-21T08:00:00Z",
        roles=(ADMIN,), groups=(ESCALATIONS,), scope=1, department="IT (shared account)",
        findings=(
            P("FD-BROAD-005", "high",
              "Shared mailbox admin@ holding Administrator: escalated to high because it is "
              "privileged.",
            ),
        ),
    ),
    # --- FD-BROAD-002 and FD-BROAD-006 -------------------------------------------------
    Person(
        43000012036, "Marco Bianchi", f"marco.bianchi@{ORG}",
        "Billing Consultant (part-time)", "Rome",
        created="2023-09-11T08:00:00Z", last_login="2026-09-18T15:40:00Z",
        roles=(ADMIN,), groups=(BILLING,), occasional=True, language="it", department="Billing",
        findings=(
            P("FD-BROAD-002", "high",
              "Occasional (day-pass) agent holding Administrator.",
            ),
        ),
    ),
    Person(
        43000012037, "Ruth Adeyemi", f"ruth.adeyemi@{ORG}",
        "Compliance Officer", "London",
        created="2024-05-20T08:00:00Z", last_login="2026-09-12T10:25:00Z",
        roles=(TICKET_COLLABORATOR, ADMIN), groups=(), scope=3, type="collaborator",
        department="Compliance",
        findings=(
            P("FD-BROAD-002", "high",
              "Collaborator-type agent that also holds Administrator (tier admin).",
            ),
        ),
    ),
    Person(
        43000012038, "Sam Rivera", f"sam.rivera@{ORG}",
        "Field Service Coordinator", CST,
        created="2022-04-18T14:00:00Z", last_login="2026-09-28T07:00:00Z",
        roles=(BILLING_MANAGER,), groups=(FIELD, BILLING), type="field_agent",
        department="Field Operations",
        findings=(
            P("FD-BROAD-006", "medium",
              "Field agent holding the custom role Billing Manager, which policy.toml "
              "classifies as admin.",
            ),
        ),
    ),
    Person(
        43000012039, "Nadia Haddad", f"nadia.haddad@{ORG}",
        "Billing Manager", "London",
        created="2021-03-08T09:00:00Z", last_login="2026-09-29T10:45:00Z",
        roles=(BILLING_MANAGER,), groups=(BILLING,), department="Billing",
    ),
    # --- FD-DRIFT-001: privilege gained since the baseline ------------------------------
    Person(
        43000012040, "Olivia Chen", f"olivia.chen@{ORG}",
        "Support Engineer", PST,
        created="2021-08-23T16:00:00Z", last_login="2026-09-30T13:00:00Z",
        roles=(AGENT, ADMIN), groups=(TIER2,), then=Then(roles=(AGENT,)),
        changed="2026-08-04T17:22:10Z",
        findings=(
            P("FD-DRIFT-001", "high",
              "Gained the Administrator role since the baseline (was Agent only): a privileged "
              "role and a higher tier.",
            ),
        ),
    ),
    Person(
        43000012041, "Ethan Moore", f"ethan.moore@{ORG}",
        "Escalations Supervisor", EST,
        created="2020-12-07T14:00:00Z", last_login="2026-09-29T09:30:00Z",
        roles=(SUPERVISOR,), groups=(TIER2, ESCALATIONS), scope=1, then=Then(scope=2),
        changed="2026-07-21T13:05:44Z",
        findings=(
            P("FD-DRIFT-001", "high",
              "Ticket scope widened from Group to Global since the baseline (Supervisor, so FD-"
              "BROAD-003 does not apply).",
            ),
        ),
    ),
    Person(
        43000012042, "Yusuf Demir", f"yusuf.demir@{ORG}",
        "Field Service Supervisor", "Istanbul",
        created="2021-10-04T06:00:00Z", last_login="2026-09-27T15:15:00Z",
        roles=(SUPERVISOR,), groups=(TIER2, FIELD), language="tr", department="Field Operations",
        then=Then(roles=(AGENT,)), changed="2026-09-01T08:00:00Z",
        findings=(
            P("FD-DRIFT-001", "high",
              "Tier rose from agent (Agent) to supervisor (Supervisor) since the baseline.",
            ),
        ),
    ),
    # --- FD-DRIFT-004: a revocation decided last quarter, not carried out ---------------
    Person(
        43000012043, "Anna Kowalski", f"anna.kowalski@{ORG}",
        "Support Specialist", "Warsaw",
        created="2022-11-21T08:00:00Z", last_login="2026-09-30T08:08:08Z",
        roles=(AGENT,), groups=(TIER1, BILLING), language="pl",
        findings=(
            P("FD-DRIFT-004", "high",
              "The previous review decided to revoke her Billing group membership "
              "(group:43000003003, reviewer rafael.ortiz@acme.example); she is still a member.",
            ),
        ),
    ),
    # --- FD-STALE-004: the roster ----------------------------------------------------
    Person(
        43000012044, "Jacob Turner", "jacob.turner.cx@gmail.com",
        "Support Contractor", EST,
        created="2025-02-03T14:00:00Z", last_login="2026-09-26T21:00:00Z",
        roles=(AGENT,), groups=(TIER1,), roster=None,
        findings=(
            P("FD-STALE-004", "high",
              "Contractor on a webmail address (gmail.com) with no identity in the Okta roster:"
              " nobody would disable it when the contract ends.",
            ),
            P("FD-HYG-006", "medium",
              "No SCIM user either: the contractor's agent was created by hand, outside Okta.",
            ),
        ),
    ),
    Person(
        43000012045, "Megan Price", f"megan.price@{ORG}",
        "Support Specialist", CST,
        created="2023-06-05T14:00:00Z", last_login="2026-09-03T10:00:00Z",
        roles=(AGENT,), groups=(TIER1,), roster="DEPROVISIONED",
        findings=(
            P("FD-STALE-004", "critical",
              "Okta says DEPROVISIONED (left the company on 2026-09-04); the Freshdesk agent is"
              " still active: critical.",
            ),
            P("FD-STALE-005", "critical",
              "Okta's SCIM user is active: false, yet the agent is active: the deprovisioning "
              "push never reached Freshdesk.",
            ),
        ),
    ),
    Person(
        43000012046, "Lukas Schmidt", f"lukas.schmidt@{ORG}",
        "Support Engineer", "Berlin",
        created="2022-08-29T07:00:00Z", last_login="2026-08-29T11:00:00Z",
        roles=(AGENT,), groups=(TIER2,), language="de", roster="SUSPENDED",
        findings=(
            P("FD-STALE-004", "critical",
              "Okta says SUSPENDED (on leave, identity disabled); the Freshdesk agent is still "
              "active: critical.",
            ),
            P("FD-STALE-005", "critical",
              "Okta suspended the SCIM user (active: false); Freshdesk kept the agent active.",
            ),
        ),
    ),
    # --- FD-DRIFT-003: reactivated ------------------------------------------------------
    Person(
        43000012047, "Carlos Mendoza", f"carlos.mendoza@{ORG}",
        "Support Specialist", "Mexico City",
        created="2021-05-10T15:00:00Z", last_login="2026-09-21T09:00:00Z",
        roles=(AGENT,), groups=(TIER1, SPANISH), language="es",
        then=Then(state="deactivated", last_login="2026-02-27T23:10:00Z"),
        changed="2026-09-14T15:00:00Z",
        findings=(
            P("FD-DRIFT-003", "medium",
              "Deactivated in the baseline (left in March), active again since 2026-09-14.",
            ),
        ),
    ),
    # --- FD-HYG-001: references to deleted roles and groups ----------------------------
    Person(
        43000012048, "Ravi Shankar", f"ravi.shankar@{ORG}",
        "Night Shift Support Specialist", "Chennai",
        created="2022-12-12T04:00:00Z", last_login="2026-09-25T22:10:00Z",
        roles=(AGENT, NIGHT_SHIFT_LEAD), groups=(TIER1,),
        findings=(
            P("FD-HYG-001", "medium",
              "role_ids include 43000000109 (Night Shift Lead), a role deleted this quarter and"
              " absent from /roles.",
            ),
        ),
    ),
    Person(
        43000012049, "Elena Popescu", f"elena.popescu@{ORG}",
        "Returns Specialist", "Bucharest",
        created="2020-04-06T07:00:00Z", last_login="2026-09-28T06:50:00Z",
        roles=(AGENT,), groups=(VIP, RETURNS, RETURNS_OLD), language="ro",
        findings=(
            P("FD-HYG-001", "medium",
              "group_ids include 43000003011 (Returns (old process)), a group deleted this "
              "quarter and absent from /groups.",
            ),
        ),
    ),
    # --- last quarter's revocations that were carried out: clean now -------------------
    Person(
        43000012050, "Omar Farouk", f"omar.farouk@{ORG}",
        "Support Engineer", "Dubai",
        created="2021-01-18T05:00:00Z", last_login="2026-09-29T12:30:00Z",
        roles=(AGENT,), groups=(TIER2,), language="ar", then=Then(roles=(AGENT, ADMIN)),
        changed="2026-07-16T10:00:00Z",
    ),
    Person(
        43000012051, "Julia Novak", f"julia.novak@{ORG}",
        "Support Engineer", "Prague",
        created="2022-06-20T07:00:00Z", last_login="2026-09-22T08:45:00Z",
        roles=(AGENT,), groups=(TIER2, SECURITY), language="cs", then=Then(scope=1),
        changed="2026-07-16T10:05:00Z",
    ),
    Person(
        43000012052, "Peter Lindqvist", f"peter.lindqvist@{ORG}",
        "Support Specialist", "Stockholm",
        created="2023-04-03T07:00:00Z", last_login="2026-09-19T13:00:00Z",
        roles=(AGENT,), groups=(TIER1,), language="sv", then=Then(groups=(TIER1, RETURNS)),
        changed="2026-07-20T09:00:00Z",
    ),
    # --- removed since the baseline (deleted: converted back to a contact) --------------
    Person(
        BRIAN, "Brian Cole", f"brian.cole@{ORG}",
        "VIP Accounts Supervisor", EST,
        created="2019-05-13T14:00:00Z", last_login="2026-06-29T21:40:00Z",
        roles=(SUPERVISOR,), groups=(TIER2, VIP), roster="DEPROVISIONED", in_current=False,
    ),
    # --- deactivated --------------------------------------------------------------------
    Person(
        43000012060, '=HYPERLINK("http://evil.example","click")', f"formula.test@{ORG}",
        "Support Specialist", EST,
        created="2023-02-01T14:00:00Z", last_login="2025-11-02T10:00:00Z",
        roles=(AGENT,), groups=(LEGACY_PHONE,), state="deactivated", deactivated_flag=True,
        roster="DEPROVISIONED",
        findings=(
            P("FD-STALE-001", "medium",
              "Deactivated (record says deactivated: true) but still holds Agent and the Legacy"
              " Phone Support group. Its name is a spreadsheet formula: the CSV cells must be "
              "neutralised.",
            ),
        ),
    ),
    Person(
        MARCUS, "Marcus Webb", f"marcus.webb@{ORG}",
        "Escalations Supervisor", EST,
        created="2020-06-15T14:00:00Z", last_login="2026-07-31T17:00:00Z",
        # Verified address; inactive only because ?active=false lists it.
        roles=(SUPERVISOR,), groups=(ESCALATIONS,), state="deactivated", email_verified=True,
        roster="DEPROVISIONED", then=Then(state="active"), changed="2026-08-03T09:00:00Z",
        findings=(
            P("FD-STALE-001", "medium",
              "Deactivated on 2026-08-03 but still holds Supervisor and the Escalations group "
              "(listed only by ?active=false; its contact.active is true).",
            ),
        ),
    ),
    Person(
        43000012062, "Diane Foster", f"diane.foster@{ORG}",
        "Security Administrator", EST,
        created="2019-09-09T14:00:00Z", last_login="2026-08-14T16:30:00Z",
        roles=(ADMIN,), groups=(SECURITY,), scope=1, state="deactivated", deactivated_flag=True,
        roster="DEPROVISIONED", department="Security", then=Then(state="active"),
        changed="2026-08-15T09:00:00Z",
        findings=(
            P("FD-STALE-001", "high",
              "Deactivated but still holds Administrator: escalated to high because the role is"
              " privileged.",
            ),
        ),
    ),
    Person(
        43000012063, "George Harris", f"george.harris@{ORG}",
        "Support Specialist", EST,
        created="2020-09-14T14:00:00Z", last_login="2025-03-10T12:00:00Z",
        roles=(), groups=(), state="deactivated", deactivated_flag=True, roster="DEPROVISIONED",
    ),
    Person(
        43000012064, "Paula Gómez", f"paula.gomez@{ORG}",
        "Support Specialist", "Buenos Aires",
        created="2021-07-05T13:00:00Z", last_login="2026-01-20T18:00:00Z",
        roles=(), groups=(), scope=3, state="deactivated", language="es", roster="DEPROVISIONED",
    ),
    Person(
        43000012065, "Kwame Mensah", f"kwame.mensah@{ORG}",
        "Support Specialist", "London",
        created="2022-03-28T08:00:00Z", last_login="2025-12-05T16:00:00Z",
        roles=(AGENT,), groups=(), state="deactivated", roster="DEPROVISIONED",
        findings=(
            P("FD-STALE-001", "medium",
              "Deactivated but still holds the Agent role (no groups).",
            ),
        ),
    ),
    Person(
        43000012066, "Irina Volkova", f"irina.volkova@{ORG}",
        "Support Engineer", "Berlin",
        created="2021-12-06T08:00:00Z", last_login="2026-02-11T17:45:00Z",
        roles=(AGENT,), groups=(TIER2,), state="deactivated", roster="DEPROVISIONED",
        findings=(
            P("FD-STALE-001", "medium",
              "Deactivated but still holds Agent and the Tier 2 Support group.",
            ),
        ),
    ),
    # --- pending invitations ------------------------------------------------------------
    Person(
        43000012067, "Hugo Laurent", f"hugo.laurent@{ORG}",
        "Support Specialist", "Paris",
        created="2026-05-20T10:00:00Z", last_login=None,
        roles=(AGENT,), groups=(TIER1,), state="pending", language="fr", roster="STAGED",
        findings=(
            P("FD-STALE-003", "low",
              "Invited 2026-05-20, never accepted: 133 days, over policy invitation_days 14.",
            ),
        ),
    ),
    Person(
        43000012068, "Sara Lindberg", f"sara.lindberg@{ORG}",
        "Helpdesk Administrator", "Stockholm",
        created="2026-06-10T14:00:00Z", last_login=None,
        roles=(ADMIN,), groups=(), scope=1, state="pending", language="sv", roster="PROVISIONED",
        findings=(
            P("FD-STALE-003", "medium",
              "Invitation carrying Administrator, created 2026-06-10 and never accepted (112 "
              "days): escalated to medium because it is privileged.",
            ),
        ),
    ),
    # --- new since the baseline ---------------------------------------------------------
    Person(
        43000012080, "Ava Thompson", f"ava.thompson@{ORG}",
        "Support Specialist", EST,
        created="2026-08-03T08:30:00Z", last_login="2026-09-30T14:00:00Z",
        roles=(AGENT,), groups=(TIER1,), in_baseline=False,
        findings=(
            P("FD-DRIFT-002", "low",
              "New hire created 2026-08-03, after the baseline; otherwise clean.",
            ),
        ),
    ),
    Person(
        43000012081, "Tariq Aziz", f"tariq.aziz@{ORG}",
        "Support Specialist", "London",
        created="2026-09-25T09:30:00Z", last_login=None,
        roles=(AGENT,), groups=(TIER1,), state="pending", in_baseline=False,
        findings=(
            P("FD-DRIFT-002", "low",
              "Invited 2026-09-25, after the baseline; pending for 5 days, within "
              "invitation_days 14, so not a stale invitation.",
            ),
        ),
    ),
]
# fmt: on

# Findings about subjects other than agents.
ACCOUNT_SUBJECT = f"account:{DOMAIN}"
OTHER_FINDINGS: list[tuple[str, str, Planted]] = [
    (
        ACCOUNT_SUBJECT,
        "Acme Support account",
        P(
            "FD-BROAD-001",
            "medium",
            "11 of 53 active agents are privileged (2 Account Administrators, 7 "
            "Administrators, 2 Billing Managers): more than policy max_admins 6 (20.8% is "
            "within max_admin_ratio 0.25).",
        ),
    ),
    (
        ACCOUNT_SUBJECT,
        "Acme Support account",
        P(
            "FD-EVID-001",
            "critical",
            "The contacts collection is partial: page 4 kept answering HTTP 503, so only the "
            "first 300 contacts were collected.",
        ),
    ),
    (
        f"group:{ESCALATIONS}",
        "Escalations",
        P(
            "FD-HYG-004",
            "medium",
            "escalate_to is Marcus Webb (43000012061), deactivated on 2026-08-03.",
        ),
    ),
    (
        f"group:{VIP}",
        "VIP Accounts",
        P(
            "FD-HYG-004",
            "medium",
            "escalate_to is 43000012058 (Brian Cole), an agent deleted since the baseline: "
            "unknown in this snapshot.",
        ),
    ),
    (
        f"group:{LEGACY_PHONE}",
        "Legacy Phone Support",
        P(
            "FD-HYG-002",
            "low",
            "Its only member is a deactivated agent (43000012060): no active member.",
        ),
    ),
    (
        f"role:{QUALITY_REVIEWER}",
        "Quality Reviewer",
        P(
            "FD-HYG-005",
            "info",
            "Custom role that policy.toml's [roles] does not classify (Billing Manager is "
            "classified); assumed tier agent.",
        ),
    ),
    (
        "contact:43000045002",
        "Beatriz Nunes",
        P(
            "FD-BROAD-007",
            "medium",
            "Can view all tickets of Globex Corporation (domains globex.example) but writes "
            "from contoso-consulting.example.",
        ),
    ),
    (
        "contact:43000045003",
        "Hiroshi Sato",
        P(
            "FD-BROAD-007",
            "medium",
            "Through other_companies can view all tickets of Umbrella Health "
            "(umbrella-health.example) from an initech.example address (his primary "
            "company Initech matches, so only Umbrella is at issue).",
        ),
    ),
]
