"""`planted.json` (the machine-readable truth the tests use) and `README.md`."""

from dataclasses import dataclass
from typing import Any

from acme.people import AS_OF, HELEN, LI_LEI, OTHER_FINDINGS, PEOPLE, RAFAEL, Person, Planted
from acme.snapshots import people_in

# ---------------------------------------------------------------------------------------
# planted.json and README.md.

INPUTS = {
    "snapshot": "snapshot",
    "policy": "policy.toml",
    "baseline": "baseline",
    "roster": "roster.csv",
    "previous_review": "previous_review.csv",
}
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


@dataclass(frozen=True)
class Expected:
    subject: str
    name: str
    planted: Planted


def expected_findings() -> list[Expected]:
    found = [
        Expected(f"agent:{p.id}", p.name, f) for p in PEOPLE if p.in_current for f in p.findings
    ]
    found += [Expected(subject, name, planted) for subject, name, planted in OTHER_FINDINGS]
    return sorted(found, key=lambda e: (e.planted.rule, e.subject))


def clean_agents() -> list[Person]:
    flagged = {e.subject for e in expected_findings()}
    return [p for p in PEOPLE if p.in_current and f"agent:{p.id}" not in flagged]


def planted_document() -> dict[str, Any]:
    return {
        "as_of": AS_OF,
        "inputs": INPUTS,
        "findings": [
            {
                "rule": e.planted.rule,
                "subject": e.subject,
                "severity": e.planted.severity,
                "status": e.planted.status,
                "why": e.planted.why,
            }
            for e in expected_findings()
        ],
        "clean_agents": [f"agent:{p.id}" for p in clean_agents()],
    }


def md(text: str) -> str:
    """A table cell: pipes escaped, markup shown as code so it stays visible."""
    if "<" in text or text.startswith(("=", "+", "-", "@")):
        return "`" + text.replace("`", "'") + "`"
    return text.replace("|", "\\|")


def readme() -> str:
    findings = expected_findings()
    rules = sorted({e.planted.rule for e in findings})
    table = [
        "| rule | severity | status | subject | name | why |",
        "|---|---|---|---|---|---|",
    ]
    table += [
        f"| {e.planted.rule} | {e.planted.severity} | {e.planted.status} | `{e.subject}` | "
        f"{md(e.name)} | {md(e.planted.why)} |"
        for e in findings
    ]
    clean = [
        f"| `agent:{p.id}` | {md(p.name)} | {p.state} | {clean_note(p)} |" for p in clean_agents()
    ]
    people = people_in(baseline=False)
    active = [p for p in people if p.state == "active"]
    return README_TEMPLATE.format(
        agents=len(people),
        active=len(active),
        pending=sum(p.state == "pending" for p in people),
        deactivated=sum(p.state == "deactivated" for p in people),
        findings=len(findings),
        rules=len(rules),
        table="\n".join(table),
        clean_count=len(clean),
        clean="\n".join(clean),
    )


def clean_note(person: Person) -> str:
    notes = {
        43000012008: "Freshdesk address has a `+freshdesk` tag; Okta has it without",
        43000012009: "Okta spells the address `Liam.Walsh@ACME.example`",
        43000012016: "last login exactly 60 days before as_of, written with a `+05:30` offset",
        43000012017: "last login 135 days ago, last active yesterday (SSO session): not dormant",
        43000012004: "Supervisor with Global scope (allowed); name with an apostrophe",
        43000012007: "name with a comma",
        LI_LEI: "non-ASCII name; timestamps with `+08:00`",
        43000012003: "non-ASCII name; Administrator",
        43000012024: "holds the unclassified custom role Quality Reviewer (the role is flagged)",
        43000012039: "Billing Manager (admin via policy), full-time, recent login",
        43000012050: "Administrator role revoked last quarter: carried out",
        43000012051: "Global scope revoked last quarter: carried out",
        43000012052: "group revoked last quarter without a reviewer: carried out",
        43000012012: "previous review row with the unknown decision `transfer`",
        43000012063: "deactivated with no roles or groups left",
        43000012064: "deactivated with no roles or groups left",
        43000012018: "occasional agent, tier agent",
        43000012019: "occasional agent, last login 47 days ago",
        43000012020: "field agent, tier agent",
        43000012021: "field agent, tier agent",
        43000012022: "collaborator (Ticket Collaborator)",
        43000012023: "collaborator (Analytics Collaborator)",
        HELEN: "Account Administrator, key owner of both snapshots",
        RAFAEL: "Account Administrator",
    }
    return notes.get(person.id, "")


README_TEMPLATE = """\
# Sample account "Acme Support"

A fictional Freshdesk account used by the demo, the fake Freshdesk server and the
end-to-end tests. It holds at least one case of every rule of `SPEC.md` and keeps
most agents clean. The account's files live in `auditor/sample/`, inside the package, so
`auditor demo` and `auditor fake-freshdesk` work after any install; they and this README
are written by `make_sample.py` from the data in `acme/people.py` and `acme/contacts.py`;
edit those, then regenerate:

```
.venv/bin/python sample_data/make_sample.py
```

The script is deterministic (fixed data; the crowd of customer contacts comes from a
seeded generator), so a second run writes byte-identical files.

## Files (in `auditor/sample/`)

- `snapshot/`: the current quarter, a snapshot directory in the real API record
  shape, collected 2026-09-30T18:00:00Z from `https://acme-support.freshdesk.com/api/v2`
  with the key of Helen Marsh (Account Administrator).
  It also holds Okta's SCIM 2.0 users of the Freshdesk app (`scim_users.jsonl`, from
  `acme/scim.py`): two people Okta deprovisioned whose agents are still active
  (FD-STALE-005), two agents nobody provisioned through SCIM (FD-HYG-006), and two SCIM
  users with no agent (the report's SCIM reconciliation lists them).
- `baseline/`: the previous quarter, same format, collected 2026-06-30T18:00:00Z.
- `policy.toml`: every policy key of SPEC, one live and one expired exemption.
- `roster.csv`: an Okta user export (`Username, First name, Last name, Primary email,
  Secondary email, Title, Department, Status`).
- `previous_review.csv`: last quarter's `access_review.csv`, filled in by the reviewers.
- `planted.json`: the exact findings an analysis with all inputs must produce, and the
  clean agents.
- `make_sample.py` and `acme/` (here, in `sample_data/`): the generator and the account's data.

Analyse it with every input (as_of is the snapshot's collection time, so the
findings never drift with the calendar):

```
.venv/bin/auditor analyze auditor/sample/snapshot --policy auditor/sample/policy.toml \\
  --baseline auditor/sample/baseline --roster auditor/sample/roster.csv \\
  --previous-review auditor/sample/previous_review.csv \\
  --as-of 2026-09-30T18:00:00Z --out reports/sample
```

## The account

{agents} agents ({active} active, {pending} pending, {deactivated} deactivated): full-time,
occasional, field agents and collaborators; the built-in roles (Account
Administrator, Administrator, Supervisor, Agent, Ticket Collaborator, Analytics
Collaborator) and two custom roles, "Billing Manager" (admin by `policy.toml`) and
"Quality Reviewer" (not classified); 10 groups with `agent_ids`; 5 companies with
`domains`; 300 contacts. Agents' records carry `role_ids` and `group_ids`
(`membership_route` "listing"); groups come from `/admin/groups`.

Names include non-ASCII letters (Zoë Adler, 李雷, José Martínez), an apostrophe
(Siobhan O'Brien), a comma ("Nguyen, Thi Mai") and two hostile values: an agent named
`<img src=x onerror=alert(1)>` (FD-BROAD-003) and one named
`=HYPERLINK("http://evil.example","click")` (FD-STALE-001). Both are subjects of
findings, so the HTML report must show the first as text and the CSV files must
neutralise the second. Partners use `northwind-msp.example` and
`bluepeak-bpo.example`; one contractor uses a webmail address (gmail.com).

Notes:

- **as_of** is 2026-09-30T18:00:00Z. Thresholds come from `policy.toml`:
  dormant 60 days (privileged 30), invitations 14 days, at most 6 privileged agents
  or 25% of the active ones. Several cases are placed so that SPEC's defaults would
  give a different answer (Kevin Brooks is dormant only under the 60-day policy).
- **Contacts are partial.** The manifest records the `contacts` collection as
  `partial`: page 4 kept answering HTTP 503 after every retry, so only the first 300
  contacts (pages 1-3 of the alphabetical listing, 100 per page) are stored. This
  plants FD-EVID-001. The stored contacts still hold every contact case. The fake
  server replays it by failing the page after the last stored one, so the count is
  a multiple of the page size on purpose. All other collections are complete.
- **Roster.** Okta's export format, UTF-8, `Username` equal to `Primary email`,
  no secondary emails. Every active agent is ACTIVE there except the three
  FD-STALE-004 cases; one address differs in letter case and one by a `+tag` alias
  (both must still match); both "Daniel Kim" records match Okta's single row.
  Deactivated and pending agents appear as DEPROVISIONED, STAGED or PROVISIONED
  (they do not count for FD-STALE-004); other staff and statuses are there too.
- **Previous review.** One row per entitlement of every baseline agent (all states),
  with exactly the columns of `access_review.csv`; `review_item_id` from
  `review_item_id(agent_id, entitlement)`; `finding_ids` left empty. Decisions are
  `keep`, reviewed by Rafael Ortiz (by Helen Marsh for the other privileged agents
  and for Rafael himself), except: `revoke` of Omar Farouk's Administrator role, Julia
  Novak's Global scope and Peter Lindqvist's Returns & Refunds membership (all
  carried out; Peter's row names no reviewer, which the tool must report); `revoke`
  of Anna Kowalski's Billing membership (still held: FD-DRIFT-004); `revoke` of
  every entitlement of Brian Cole (carried out: his agent was deleted); and the
  unknown decision `transfer` on Hannah Becker's Soporte en Español membership
  (must be reported, not ignored).
- **Baseline differences.** Olivia Chen gained Administrator, Ethan Moore gained
  Global scope, Yusuf Demir rose from Agent to Supervisor (FD-DRIFT-001); Ava
  Thompson and Tariq Aziz are new (FD-DRIFT-002); Carlos Mendoza was deactivated
  and is active again (FD-DRIFT-003); Brian Cole was removed (deleted, now a contact
  with the same ID; VIP Accounts still escalates to him); Marcus Webb and Diane
  Foster were deactivated; the role Night Shift Lead and the group "Returns (old
  process)" were deleted but are still referenced (FD-HYG-001). The revocations of
  Omar, Julia and Peter above show as access lost.

## Planted findings ({findings} findings, {rules} rules)

`planted.json` holds the same list. It is the exact set of (rule, subject) pairs an
analysis with all five inputs must produce; `status` is `exempted` only for the live
exemption.

{table}

## Clean agents ({clean_count})

No rule may flag these agents. Each active one logged in within its dormancy threshold
(30 days if privileged, 60 otherwise), has a personal `acme.example` mailbox, is ACTIVE
in the roster, has Global scope only as a supervisor or above, holds nothing privileged
as an occasional, field or collaborator agent, and holds what it held in the baseline
(or less, where the previous review revoked something). The two deactivated ones hold
no role and no group.

| subject | name | state | note |
|---|---|---|---|
{clean}
"""
