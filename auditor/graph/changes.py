"""Access changes between two snapshots of one account: who appeared, left, came back or
gained what, agent by agent, as `analyze --baseline` reports them and `auditor diff` prints.

Agents are matched by Freshdesk ID, entitlements by their review key (`role:7`,
`group:3`, `scope:global`), and both snapshots are judged with the same policy tiers so
that only the account changed, not the yardstick.
"""

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Literal

from auditor.emails import identity_key
from auditor.errors import InputError
from auditor.graph.entitlements import Entitlement, EntitlementType, entitlements_of
from auditor.graph.identity import IdentityGraph
from auditor.models import AgentId, AgentState, Tier
from auditor.snapshot import Account
from auditor.timestamps import format_timestamp

ChangeKind = Literal[
    "agent_added",
    "agent_removed",
    "reactivated",
    "deactivated",
    "state_changed",
    "email_changed",
    "tier_raised",
    "tier_lowered",
    "entitlement_gained",
    "entitlement_lost",
    "entitlement_changed",
]
CHANGE_COLUMNS = [
    "agent_id",
    "agent_name",
    "agent_email",
    "change",
    "entitlement",
    "entitlement_type",
    "entitlement_name",
    "privileged",
    "before",
    "after",
]


@dataclass(frozen=True)
class ChangeCounts:
    """How many agents or entitlements changed in each way (`diff.json`'s `counts`)."""

    agents_added: int = 0
    agents_removed: int = 0
    agents_reactivated: int = 0
    agents_deactivated: int = 0
    agents_changed: int = 0
    tiers_raised: int = 0
    tiers_lowered: int = 0
    roles_gained: int = 0
    roles_lost: int = 0
    groups_gained: int = 0
    groups_lost: int = 0
    scopes_gained: int = 0
    scopes_lost: int = 0
    privileged_gained: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# The counts each kind of entitlement goes to, gained and lost.
_GAINED_LOST: dict[EntitlementType, tuple[str, str]] = {
    "role": ("roles_gained", "roles_lost"),
    "group": ("groups_gained", "groups_lost"),
    "ticket_scope": ("scopes_gained", "scopes_lost"),
}


@dataclass(frozen=True)
class AgentView:
    """One agent as one snapshot saw it."""

    name: str
    email: str
    state: AgentState
    tier: Tier

    def describe(self) -> str:
        return f"{self.state.value}, tier {self.tier.value}"


@dataclass(frozen=True)
class EntitlementChange:
    """An entitlement held in both snapshots whose name or privilege changed: a role renamed
    into a tier the policy maps differently, or a role deleted while agents still hold it."""

    before: Entitlement
    after: Entitlement


@dataclass(frozen=True)
class AgentDelta:
    """Everything that changed for one agent; `before` is None for a new agent, `after` for
    one that no longer exists."""

    agent_id: AgentId
    before: AgentView | None
    after: AgentView | None
    gained: tuple[Entitlement, ...]
    lost: tuple[Entitlement, ...]
    changed: tuple[EntitlementChange, ...]

    @property
    def latest(self) -> AgentView:
        """The agent as last seen: now, or in the baseline when it no longer exists."""
        view = self.after or self.before
        assert view is not None, "a delta always has at least one side"
        return view

    @property
    def added(self) -> bool:
        return self.before is None

    @property
    def removed(self) -> bool:
        return self.after is None

    @property
    def reactivated(self) -> bool:
        """Not active in the baseline and active now (FD-DRIFT-003)."""
        return (
            self.before is not None
            and self.after is not None
            and self.before.state is not AgentState.ACTIVE
            and self.after.state is AgentState.ACTIVE
        )

    @property
    def deactivated(self) -> bool:
        return (
            self.before is not None
            and self.after is not None
            and self.before.state is AgentState.ACTIVE
            and self.after.state is not AgentState.ACTIVE
        )

    @property
    def tier_change(self) -> int:
        """Positive when the agent's tier rose, negative when it fell, 0 otherwise."""
        if self.before is None or self.after is None:
            return 0
        return self.after.tier.rank - self.before.tier.rank

    @property
    def email_changed(self) -> bool:
        return (
            self.before is not None
            and self.after is not None
            and identity_key(self.before.email) != identity_key(self.after.email)
        )

    def changes(self) -> list[tuple[ChangeKind, Entitlement | None, str, str]]:
        """(kind, entitlement, before, after) for each change, in a fixed reading order."""
        found: list[tuple[ChangeKind, Entitlement | None, str, str]] = []
        before, after = self.before, self.after
        if before is None and after is not None:
            found.append(("agent_added", None, "", after.describe()))
        elif after is None and before is not None:
            found.append(("agent_removed", None, before.describe(), ""))
        elif before is not None and after is not None:
            if before.state is not after.state:
                kind: ChangeKind = (
                    "reactivated"
                    if self.reactivated
                    else "deactivated"
                    if self.deactivated
                    else "state_changed"
                )
                found.append((kind, None, before.state.value, after.state.value))
            if self.email_changed:
                found.append(("email_changed", None, before.email, after.email))
            if self.tier_change:
                kind = "tier_raised" if self.tier_change > 0 else "tier_lowered"
                found.append((kind, None, before.tier.value, after.tier.value))
        found += [("entitlement_gained", e, "", "held") for e in self.gained]
        found += [("entitlement_lost", e, "held", "") for e in self.lost]
        found += [
            ("entitlement_changed", r.after, r.before.describe(), r.after.describe())
            for r in self.changed
        ]
        return found


@dataclass(frozen=True)
class SnapshotInfo:
    """Which snapshot one side of the comparison is, for the report and `diff.json`."""

    domain: str
    collected_at: datetime
    manifest_sha256: str

    @classmethod
    def of(cls, account: Account) -> "SnapshotInfo":
        return cls(account.domain, account.manifest.collected_at, account.manifest_sha256)


@dataclass(frozen=True)
class AccessChanges:
    """The changes from `baseline` to `current`: only agents with at least one change, by ID."""

    baseline: SnapshotInfo
    current: SnapshotInfo
    agents: tuple[AgentDelta, ...]

    def counts(self) -> ChangeCounts:
        """How many agents or entitlements changed in each way."""
        counts: Counter[str] = Counter()
        for delta in self.agents:
            counts["agents_changed"] += 1
            counts["agents_added"] += delta.added
            counts["agents_removed"] += delta.removed
            counts["agents_reactivated"] += delta.reactivated
            counts["agents_deactivated"] += delta.deactivated
            counts["tiers_raised"] += delta.tier_change > 0
            counts["tiers_lowered"] += delta.tier_change < 0
            for entitlement in delta.gained:
                counts[_GAINED_LOST[entitlement.type][0]] += 1
            for entitlement in delta.lost:
                counts[_GAINED_LOST[entitlement.type][1]] += 1
            counts["privileged_gained"] += sum(e.privileged for e in delta.gained)
            counts["privileged_gained"] += sum(
                r.after.privileged and not r.before.privileged for r in delta.changed
            )
        return ChangeCounts(**counts)

    def rows(self) -> list[dict[str, str]]:
        """One row per change, columns CHANGE_COLUMNS, for `diff.csv` and the report."""
        rows = []
        for delta in self.agents:
            for kind, entitlement, before, after in delta.changes():
                rows.append(
                    {
                        "agent_id": str(delta.agent_id),
                        "agent_name": delta.latest.name,
                        "agent_email": delta.latest.email,
                        "change": kind,
                        "entitlement": entitlement.key if entitlement else "",
                        "entitlement_type": entitlement.type if entitlement else "",
                        "entitlement_name": entitlement.name if entitlement else "",
                        "privileged": _yes_no(entitlement.privileged) if entitlement else "",
                        "before": before,
                        "after": after,
                    }
                )
        return rows

    def describe_period(self) -> str:
        return (
            f"from {format_timestamp(self.baseline.collected_at)} (baseline) "
            f"to {format_timestamp(self.current.collected_at)}"
        )


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def check_comparable(baseline: Account, current: Account) -> None:
    """Refuse to compare two different accounts, or a baseline newer than the snapshot:
    either would report changes that never happened."""
    if baseline.domain != current.domain:
        raise InputError(
            f"The baseline {baseline.directory} is a snapshot of '{baseline.domain}' but "
            f"{current.directory} is of '{current.domain}'. Give a baseline of the same account."
        )
    if baseline.manifest.collected_at > current.manifest.collected_at:
        raise InputError(
            f"The baseline {baseline.directory} was collected at "
            f"{format_timestamp(baseline.manifest.collected_at)}, after {current.directory} "
            f"({format_timestamp(current.manifest.collected_at)}). The baseline is the older "
            "snapshot: swap the two."
        )


def compare(baseline: IdentityGraph, current: IdentityGraph) -> AccessChanges:
    """The access changes from `baseline` to `current` (both graphs built with one policy)."""
    agent_ids = sorted(set(baseline.account.agents) | set(current.account.agents))
    deltas = [_delta(agent_id, baseline, current) for agent_id in agent_ids]
    return AccessChanges(
        SnapshotInfo.of(baseline.account),
        SnapshotInfo.of(current.account),
        tuple(d for d in deltas if d.changes()),
    )


def _delta(agent_id: AgentId, baseline: IdentityGraph, current: IdentityGraph) -> AgentDelta:
    before = _held(baseline, agent_id)
    after = _held(current, agent_id)
    return AgentDelta(
        agent_id=agent_id,
        before=_view(baseline, agent_id),
        after=_view(current, agent_id),
        gained=tuple(e for key, e in after.items() if key not in before),
        lost=tuple(e for key, e in before.items() if key not in after),
        changed=tuple(
            EntitlementChange(before[key], e)
            for key, e in after.items()
            if key in before and before[key] != e
        ),
    )


def _held(graph: IdentityGraph, agent_id: AgentId) -> dict[str, Entitlement]:
    if agent_id not in graph.account.agents:
        return {}
    return {e.key: e for e in entitlements_of(graph, agent_id)}


def _view(graph: IdentityGraph, agent_id: AgentId) -> AgentView | None:
    agent = graph.account.agents.get(agent_id)
    if agent is None:
        return None
    return AgentView(agent.name, agent.email, agent.state, graph.tier_of(agent_id))
