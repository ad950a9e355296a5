"""Match the identity provider's SCIM users to the account's agents, once per analysis.

By email, as the roster is matched: ignoring letter case and folding `+tag` aliases
(`identity_key`). A user is known by every address in `emails` and by its `userName`
when that is an address. Each active agent ends `matched` (an active SCIM user),
`deprovisioned` (only users the provider marks `active: false`), `unknown_active` (only
users without a usable `active`) or `not_provisioned` (no SCIM user at all); SCIM users
that name no agent in any state are the reconciliation's `orphans`.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from auditor.emails import identity_key
from auditor.graph.identity import IdentityGraph
from auditor.models import Agent, AgentState
from auditor.snapshot.scim import ScimDirectory, ScimUser

ScimOutcomeName = Literal["matched", "deprovisioned", "unknown_active", "not_provisioned"]
OUTCOMES: tuple[ScimOutcomeName, ...] = (
    "matched",
    "deprovisioned",
    "unknown_active",
    "not_provisioned",
)


@dataclass(frozen=True)
class ScimOutcome:
    """What SCIM says about one active agent."""

    agent: Agent
    outcome: ScimOutcomeName
    users: tuple[ScimUser, ...]


@dataclass(frozen=True)
class ScimCheck:
    directory: ScimDirectory
    outcomes: tuple[ScimOutcome, ...]
    # SCIM users whose addresses name no agent, active or not (informational only).
    orphans: tuple[ScimUser, ...]

    @property
    def complete(self) -> bool:
        """Every SCIM user was read: only then does a missing user prove anything."""
        return self.directory.record.status == "complete"

    @property
    def in_use(self) -> bool:
        """The account provisions through SCIM: at least one SCIM user is one of its agents."""
        return len(self.directory.users) > len(self.orphans)

    def counts(self) -> dict[ScimOutcomeName, int]:
        counts = Counter(o.outcome for o in self.outcomes)
        return {name: counts[name] for name in OUTCOMES}


def match_scim(directory: ScimDirectory, graph: IdentityGraph) -> ScimCheck:
    """The SCIM verdict on every active agent, in ID order, and the users nobody matched."""
    index: dict[str, list[ScimUser]] = {}
    for user in directory.users:
        for key in dict.fromkeys(identity_key(a) for a in user.addresses):
            index.setdefault(key, []).append(user)
    outcomes = []
    for agent in graph.agents(AgentState.ACTIVE):
        users = tuple(index.get(identity_key(agent.email), ())) if agent.email else ()
        standings = {u.active for u in users}
        outcome: ScimOutcomeName = (
            "not_provisioned"
            if not users
            else "matched"
            if True in standings
            else "deprovisioned"
            if False in standings
            else "unknown_active"
        )
        outcomes.append(ScimOutcome(agent, outcome, users))
    known = {identity_key(a.email) for a in graph.agents() if a.email}
    orphans = tuple(
        user
        for user in directory.users
        if not any(identity_key(address) in known for address in user.addresses)
    )
    return ScimCheck(directory, tuple(outcomes), orphans)
