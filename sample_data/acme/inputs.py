"""The analysis inputs beyond the snapshots: the Okta roster, last quarter's filled-in
access review and the policy file."""

from acme.contacts import INTERNAL_REQUESTERS, ascii_slug
from acme.people import (
    ADMIN,
    AS_OF,
    BILLING,
    BRIAN,
    GROUPS,
    HELEN,
    LI_LEI,
    ORG,
    PEOPLE,
    RAFAEL,
    RETURNS,
    ROLE_BY_ID,
    SPANISH,
    Person,
)
from acme.snapshots import agent_record, at, people_in, state_of
from auditor.timestamps import format_timestamp
from auditor.worksheet import review_item_id

# ---------------------------------------------------------------------------------------
# The Okta roster.

ROSTER_COLUMNS = [
    "Username",
    "First name",
    "Last name",
    "Primary email",
    "Secondary email",
    "Title",
    "Department",
    "Status",
]
# How Okta names people whose Freshdesk display name is not "First Last".
ROSTER_NAMES = {
    43000012007: ("Thi Mai", "Nguyen"),
    LI_LEI: ("雷", "李"),
    43000012014: ("Fatima Zahra", "El Idrissi"),
    43000012028: ("QA", "Markup Test"),
    43000012034: ("Support", "Mailbox"),
    43000012035: ("Helpdesk", "Admin"),
    43000012060: ("Formula", "Test"),
}
# Okta users who are not Freshdesk agents (and are not contacts either).
OTHER_STAFF = (
    (
        "Quentin",
        "Blake",
        "quentin.blake",
        "Chief Information Security Officer",
        "Security",
        "ACTIVE",
    ),
    ("Rosa", "Lindgren", "rosa.lindgren", "Payroll Specialist", "Finance", "ACTIVE"),
    ("Ahmed", "Saleh", "ahmed.saleh", "Network Engineer", "IT", "LOCKED_OUT"),
    ("Beth", "Morgan", "beth.morgan", "Recruiter", "People", "PASSWORD_EXPIRED"),
    ("Colin", "Fraser", "colin.fraser", "Sales Director", "Sales", "DEPROVISIONED"),
    ("Nina", "Petrova", "nina.petrova", "Office Manager", "Facilities", "SUSPENDED"),
    ("Keith", "Ng", "keith.ng", "Intern", "Marketing", "STAGED"),
)


def roster_rows() -> list[dict[str, str]]:
    rows = []
    for person in PEOPLE:
        if person.roster is None:
            continue
        if person.id in ROSTER_NAMES:
            first, last = ROSTER_NAMES[person.id]
        else:
            first, _, last = person.name.partition(" ")
        email = person.roster_email or person.email
        rows.append(
            {
                "Username": email,
                "First name": first,
                "Last name": last,
                "Primary email": email,
                "Secondary email": "",
                "Title": person.title,
                "Department": person.department,
                "Status": person.roster,
            }
        )
    statuses = ("ACTIVE", "ACTIVE", "ACTIVE", "LOCKED_OUT", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE")
    for (name, department, title), status in zip(INTERNAL_REQUESTERS, statuses, strict=True):
        first, _, last = name.partition(" ")
        email = f"{ascii_slug(name)}@{ORG}"
        rows.append(
            {
                "Username": email,
                "First name": first,
                "Last name": last,
                "Primary email": email,
                "Secondary email": "",
                "Title": title,
                "Department": department,
                "Status": status,
            }
        )
    for first, last, local, title, department, status in OTHER_STAFF:
        email = f"{local}@{ORG}"
        rows.append(
            {
                "Username": email,
                "First name": first,
                "Last name": last,
                "Primary email": email,
                "Secondary email": "",
                "Title": title,
                "Department": department,
                "Status": status,
            }
        )
    return sorted(rows, key=lambda row: row["Username"].casefold())


def plain_csv(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    """CSV as Okta exports it: UTF-8 without a byte-order mark, LF line ends."""
    lines = [",".join(quote(c) for c in columns)]
    lines += [",".join(quote(row[c]) for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def quote(cell: str) -> str:
    if any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


# ---------------------------------------------------------------------------------------
# Last quarter's filled-in access review.

TIER_RANK = ("collaborator", "agent", "supervisor", "admin", "account_admin")
PRIVILEGED = ("admin", "account_admin")
GROUP_NAME = {g.id: g.name for g in GROUPS}
REVIEWED_BY_HELEN = "2026-07-15"
REVIEWED_BY_RAFAEL = "2026-07-14"


def tier_of(roles: tuple[int, ...], agent_type: str) -> str:
    tiers = [ROLE_BY_ID[r].tier for r in roles if r in ROLE_BY_ID]
    if not tiers:
        return "collaborator" if agent_type == "collaborator" else "agent"
    return max(tiers, key=TIER_RANK.index)


# (agent, entitlement) -> (decision, justification, reviewer); reviewer None: the default.
REVIEW_DECISIONS: dict[tuple[int, str], tuple[str, str, str | None]] = {
    (43000012050, f"role:{ADMIN}"): (
        "revoke",
        "Moved to Tier 2 engineering; no longer configures the helpdesk.",
        None,
    ),
    (43000012051, "scope:global"): (
        "revoke",
        "Works Tier 2 and Security only; Group access is enough.",
        None,
    ),
    (43000012043, f"group:{BILLING}"): (
        "revoke",
        "Left the billing rota in May; Tier 1 only.",
        None,
    ),
    (43000012052, f"group:{RETURNS}"): (
        "revoke",
        "Returns queue moved to the RMA team.",
        "",  # the reviewer forgot to sign this one
    ),
    (43000012012, f"group:{SPANISH}"): (
        "transfer",  # not a decision the worksheet knows
        "Move to the Portuguese queue when it opens.",
        None,
    ),
}
BRIAN_LEAVING = "Leaves Acme on 2026-07-31; remove all access."


def review_rows() -> list[dict[str, str]]:
    rows = []
    for person in sorted(people_in(baseline=True), key=lambda p: p.id):
        record = agent_record(person, baseline=True)
        state = state_of(person, baseline=True)
        roles = tuple(record["role_ids"])
        tier = tier_of(roles, person.type)
        held: list[tuple[str, str, str, bool]] = [
            (f"role:{r}", "role", ROLE_BY_ID[r].name, ROLE_BY_ID[r].tier in PRIVILEGED)
            for r in roles
        ]
        held += [(f"group:{g}", "group", GROUP_NAME[g], False) for g in record["group_ids"]]
        label = {1: "global", 2: "group", 3: "restricted"}[record["ticket_scope"]]
        held.append(
            (f"scope:{label}", "ticket_scope", f"{label.capitalize()} access", label == "global")
        )
        # Helen reviews the privileged agents and Rafael; Rafael everyone else, Helen too.
        by_helen = person.id != HELEN and (person.id == RAFAEL or tier in PRIVILEGED)
        reviewer = "helen.marsh@acme.example" if by_helen else "rafael.ortiz@acme.example"
        reviewed_at = REVIEWED_BY_HELEN if by_helen else REVIEWED_BY_RAFAEL
        login = record["contact"]["last_login_at"]
        for entitlement, kind, name, privileged in held:
            decision, justification = "keep", keep_reason(person, state, kind, name)
            who = reviewer
            if person.id == BRIAN:
                decision, justification = "revoke", BRIAN_LEAVING
            if (person.id, entitlement) in REVIEW_DECISIONS:
                decision, justification, override = REVIEW_DECISIONS[(person.id, entitlement)]
                who = reviewer if override is None else override
            rows.append(
                {
                    "review_item_id": review_item_id(person.id, entitlement),
                    "agent_id": str(person.id),
                    "agent_name": person.name,
                    "agent_email": person.email,
                    "agent_state": state,
                    "agent_tier": tier,
                    "entitlement": entitlement,
                    "entitlement_type": kind,
                    "entitlement_name": name,
                    "privileged": "yes" if privileged else "no",
                    "last_login": format_timestamp(at(login)) if login else "",
                    "finding_ids": "",
                    "change": "",
                    "previous_decision": "",
                    "decision": decision,
                    "justification": justification,
                    "reviewer": who,
                    "reviewed_at": reviewed_at,
                }
            )
    return rows


def keep_reason(person: Person, state: str, kind: str, name: str) -> str:
    if state == "deactivated":
        return "Deactivated; account kept for ticket history."
    if state == "pending":
        return "Invitation sent for an approved hire."
    if kind == "role":
        return f"{name} matches the job ({person.title})."
    if kind == "group":
        return f"Works the {name} queue."
    return f"{name} fits the job."


# ---------------------------------------------------------------------------------------
# The policy.

MSP_ADMIN = 43000012032
LAURA = 43000012030
POLICY = f"""\
# Access policy of Acme Support (sample). Every key of SPEC is set here, most of them
# away from SPEC's default, so that an analysis that ignored this file would find
# something else (see sample_data/README.md).

# Acme's own mail domain. Partners (northwind-msp.example, bluepeak-bpo.example) and
# webmail are outside it (FD-BROAD-004).
org_domains = ["{ORG}"]

# Acme's joiner-mover-leaver standard: 60 days without a login (SPEC default 90);
# 30 for administrators; invitations must be accepted within two weeks (default 30).
dormant_days = 60
dormant_days_privileged = 30
invitation_days = 14

# At most 6 privileged agents, and never more than a quarter of the active agents.
max_admins = 6
max_admin_ratio = 0.25

# Shared mailboxes that must not be agents. This list replaces the built-in one.
generic_mailboxes = ["support", "admin", "info", "helpdesk", "noreply"]

[roles]
# Billing Manager can issue refunds and change the subscription: treat it as an
# administrator. "Quality Reviewer" is deliberately left out (FD-HYG-005).
"Billing Manager" = "admin"

# Accepted risk, still live on {AS_OF[:10]}.
[[exemptions]]
rule = "FD-BROAD-004"
subject = "agent:{MSP_ADMIN}"
reason = "Northwind MSP administrator under contract C-17; access reviewed monthly by IT."
approved_by = "ciso@{ORG}"
expires = 2027-03-31

# Accepted risk that has run out: it no longer applies and the finding is open again.
[[exemptions]]
rule = "FD-STALE-002"
subject = "agent:{LAURA}"
reason = "Parental leave until the end of August 2026; account kept for her return."
approved_by = "helen.marsh@{ORG}"
expires = 2026-08-31
"""
