"""Evidence completeness: whether the snapshot holds the whole population it claims to.

Rules that conclude something is absent ("role 9 does not exist") ask
`collection_complete` first: a partial or denied collection cannot prove an absence,
and FD-EVID-001 reports it instead.
"""

from collections.abc import Iterator

from auditor.models import Group
from auditor.rules.base import Hit, RuleContext, Severity, Subject
from auditor.rules.registry import rule
from auditor.snapshot import Account
from auditor.timestamps import format_timestamp


def collection_complete(account: Account, *names: str) -> bool:
    """Whether every named collection was fetched in full (absent collections are not)."""
    collections = account.manifest.collections
    return all(name in collections and collections[name].status == "complete" for name in names)


# The collections that fill in memberships an agent listing left out.
MEMBERSHIP_COLLECTIONS = ("agent_details", "group_members")


def members_known(account: Account, group: Group) -> bool:
    """Whether the snapshot knows every member of `group`: its record lists them, or no
    membership collection is incomplete. Agents whose memberships could not be fetched
    are loaded with none, so an incomplete route would make a group look emptier."""
    incomplete = account.manifest.incomplete_collections
    return group.agent_ids is not None or not any(n in incomplete for n in MEMBERSHIP_COLLECTIONS)


@rule(
    id="FD-EVID-001",
    title="Incomplete snapshot: a collection was partial or denied, or the agents do not "
    "reconcile with the account's own count",
    severity=Severity.CRITICAL,
    subject="account",
    rationale=(
        "An access review is only evidence if its population is complete. When Freshdesk "
        "refused a listing (HTTP 403) or the collection stopped part-way, agents, roles or "
        "groups may be missing: the review would pass people it never saw, and findings that "
        "depend on the missing records cannot be trusted. The account's own agent count "
        "(/api/v2/account total_agents) is an independent check: a collected population that "
        "differs from it, in a way no counting of agent states explains, is not proven "
        "complete. Auditors test completeness first."
    ),
    remediation=(
        "Read the collection's note in the snapshot's manifest.json for the reason "
        "(permission, rate limit, network).",
        "Collect with the API key of an Account Administrator (in Freshdesk: profile picture "
        "> Profile settings > View API key); resume an interrupted run with "
        "`auditor collect --resume`.",
        "Do not file the report as access-review evidence until this finding is gone.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "SOC 2 CC6.3",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 5.1",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 AC-6(7)",
    ),
)
def incomplete_snapshot(context: RuleContext) -> Iterator[Hit]:
    """The snapshot's manifest marks at least one collection `partial` (the listing
    stopped before its end) or `denied` (Freshdesk refused it); the finding names each
    such collection, its record count and the collector's note. A second finding (on the
    entitlement `account:total_agents`) reports collected agents that do not reconcile with
    the account's own count per agent type, and a third (`scim:users`) SCIM users read
    only in part (a refused or absent SCIM is recorded, not a finding)."""
    yield from _incomplete_collections(context)
    yield from _unreconciled_count(context)
    yield from _partial_scim(context)


def _partial_scim(context: RuleContext) -> Iterator[Hit]:
    """SCIM users read only in part: FD-STALE-005 judged some of them, FD-HYG-006 none.

    A SCIM collection that was refused or is not offered is no finding: no rule read it,
    the account's own population is whole, and the report's SCIM section says why."""
    manifest = context.account.manifest
    scim = manifest.scim
    if scim is None or scim.status != "partial":
        return
    yield Hit(
        Subject.of_account(context.account.domain),
        f"The identity provider's SCIM users were read only in part at "
        f"{format_timestamp(manifest.collected_at)} ({scim.users} users"
        f"{f' of {scim.total_results}' if scim.total_results is not None else ''}; note: "
        f"{scim.note.rstrip('.')}): deprovisioning was checked for those only, and agents "
        "made outside SCIM were not judged.",
        entitlement="scim:users",
        facts={
            "scim_users": scim.users,
            "scim_total_results": scim.total_results if scim.total_results is not None else "",
            "collected_at": format_timestamp(manifest.collected_at),
        },
    )


def _incomplete_collections(context: RuleContext) -> Iterator[Hit]:
    manifest = context.account.manifest
    incomplete = manifest.incomplete_collections
    if not incomplete:
        return
    parts = []
    for name, stats in sorted(incomplete.items()):
        note = f"; note: {stats.note.rstrip('.')}" if stats.note else ""
        parts.append(f"{name} {stats.status} ({stats.records} records{note})")
    yield Hit(
        Subject.of_account(context.account.domain),
        f"The snapshot collected at {format_timestamp(manifest.collected_at)} is incomplete, "
        f"so the population and the findings that depend on it may be too: "
        f"{'; '.join(parts)}.",
        facts={
            "incomplete_collections": ", ".join(sorted(incomplete)),
            "partial": ", ".join(sorted(n for n, s in incomplete.items() if s.status == "partial")),
            "denied": ", ".join(sorted(n for n, s in incomplete.items() if s.status == "denied")),
            "collected_at": format_timestamp(manifest.collected_at),
        },
    )


def _unreconciled_count(context: RuleContext) -> Iterator[Hit]:
    manifest = context.account.manifest
    record = manifest.account
    if record is None or record.reconciled is not False:
        return
    rows = "; ".join(
        f"{row.type} {row.collected} collected, {row.reported} reported"
        for row in record.comparison
    )
    yield Hit(
        Subject.of_account(context.account.domain),
        f"The agents collected at {format_timestamp(manifest.collected_at)} do not reconcile "
        f"with the account's own count ({record.endpoint} total_agents, counting "
        f"{' and '.join(record.counted_states)} agents): {rows}. {record.explanation}.",
        entitlement="account:total_agents",
        facts={
            "counted_states": ", ".join(record.counted_states),
            "collected": sum(row.collected for row in record.comparison),
            "reported": sum(row.reported or 0 for row in record.comparison),
            "collected_at": format_timestamp(manifest.collected_at),
        },
    )
