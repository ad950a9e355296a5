"""The types every rule shares: severities, subjects, hits, findings and the rule itself.

A rule is a pure function of a `RuleContext` that yields `Hit`s; the engine turns each
hit into a `Finding` carrying the rule's metadata, a stable `finding_id` and, where the
policy accepts the risk, an exemption.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from auditor.graph.identity import IdentityGraph
from auditor.graph.scim_match import ScimCheck
from auditor.inputs.policy import Exemption, Policy
from auditor.models import Agent, Contact, Group, Role
from auditor.snapshot import Account

if TYPE_CHECKING:
    # Named here, imported only by the analysis that was given the input they come from:
    # a plain analysis does not import the drift comparison or the review and roster
    # readers (see `inputs.baseline`).
    from auditor.graph.changes import AccessChanges
    from auditor.inputs.review import ReviewCheck
    from auditor.inputs.roster import RosterCheck

SubjectType = Literal["agent", "contact", "group", "role", "account"]
Status = Literal["open", "exempted"]
Fact = str | int | float


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        # A table lookup: the engine sorts every finding by it.
        return _SEVERITY_RANKS[self]


_SEVERITY_RANKS = {severity: rank for rank, severity in enumerate(Severity)}


@dataclass(frozen=True)
class Subject:
    """What a finding is about, as the reviewer will look it up in Freshdesk."""

    type: SubjectType
    id: str
    name: str = ""
    email: str = ""

    @property
    def key(self) -> str:
        """The form exemptions use: `agent:1042`."""
        return f"{self.type}:{self.id}"

    @classmethod
    def of_agent(cls, agent: Agent) -> "Subject":
        return cls("agent", str(agent.id), agent.name, agent.email)

    @classmethod
    def of_contact(cls, contact: Contact) -> "Subject":
        return cls("contact", str(contact.id), contact.name, contact.email or "")

    @classmethod
    def of_group(cls, group: Group) -> "Subject":
        return cls("group", str(group.id), group.name)

    @classmethod
    def of_role(cls, role: Role) -> "Subject":
        return cls("role", str(role.id), role.name)

    @classmethod
    def of_account(cls, domain: str) -> "Subject":
        return cls("account", domain, domain)


@dataclass(frozen=True)
class Hit:
    """What a rule found about one subject; `entitlement` separates several hits on one subject."""

    subject: Subject
    detail: str
    severity: Severity | None = None
    entitlement: str = ""
    facts: Mapping[str, Fact] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may read. Rules do no I/O and read no clock: `as_of` is the time."""

    account: Account
    graph: IdentityGraph
    policy: Policy
    as_of: datetime
    # What the analysis derived, once, from each optional input it was given; None without
    # it. A rule that reads one declares it (`reads=`) and runs only when it is there.
    changes: "AccessChanges | None" = None
    roster: "RosterCheck | None" = None
    previous_review: "ReviewCheck | None" = None
    # The SCIM users matched to the agents, when the snapshot holds SCIM users.
    scim: ScimCheck | None = None


Check = Callable[[RuleContext], Iterable[Hit]]
Given = TypeVar("Given")


@dataclass(frozen=True)
class RuleInput(Generic[Given]):
    """An input beyond the snapshot that a rule reads, handed to its check as an argument.

    `name` is the input as the command line spells it (`previous_review` for
    `--previous-review`); `of` picks what the analysis derived from it out of the context.
    """

    name: str
    of: Callable[[RuleContext], Given | None]


BASELINE = RuleInput["AccessChanges"]("baseline", lambda context: context.changes)
ROSTER = RuleInput["RosterCheck"]("roster", lambda context: context.roster)
PREVIOUS_REVIEW = RuleInput["ReviewCheck"](
    "previous_review", lambda context: context.previous_review
)
# SCIM users, collected with `--scim-token-file`: any that were served.
SCIM = RuleInput[ScimCheck]("scim_token_file", lambda context: context.scim)
# Every SCIM user, of an account that provisions through SCIM: only then does a missing
# SCIM user prove that an agent was made by hand.
SCIM_COMPLETE = RuleInput[ScimCheck](
    "scim_token_file",
    lambda context: (
        context.scim if context.scim and context.scim.complete and context.scim.in_use else None
    ),
)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    subject_type: SubjectType
    rationale: str
    remediation: tuple[str, ...]
    frameworks: tuple[str, ...]
    check: Check
    # The input beyond the snapshot that the rule reads, if any.
    reads: RuleInput[Any] | None = None

    @property
    def needs(self) -> frozenset[str]:
        """The names of the inputs the rule reads (`baseline`), as the report lists them."""
        return frozenset({self.reads.name}) if self.reads else frozenset()

    def runs_with(self, context: RuleContext) -> bool:
        """Whether the context holds every input the rule reads."""
        return self.reads is None or self.reads.of(context) is not None

    @property
    def description(self) -> str:
        """The check's docstring: what the rule finds, in the words of its documentation."""
        return " ".join((self.check.__doc__ or "").split())


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: Severity
    subject: Subject
    detail: str
    entitlement: str = ""
    facts: Mapping[str, Fact] = field(default_factory=dict)
    status: Status = "open"
    exemption: Exemption | None = None
    # Said when an exemption matched but has expired, so the report can show it.
    exemption_note: str = ""

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def title(self) -> str:
        return self.rule.title

    # `finding_id`, once read: not an argument, nor part of what makes two findings equal.
    # A field of its own (rather than a name added to the instance later), so that every
    # finding's `__dict__` keeps the layout its class shares.
    _finding_id: str = field(default="", init=False, repr=False, compare=False)

    @property
    def finding_id(self) -> str:
        """Stable across runs: only the rule, the subject and the entitlement go into it."""
        # Computed on first read and kept (written past the frozen `__setattr__`): the
        # reports read it tens of thousands of times. `replace` makes a new instance,
        # which computes its own.
        if not self._finding_id:
            identity = "|".join((self.rule.id, self.subject.key, self.entitlement))
            digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
            object.__setattr__(self, "_finding_id", "F-" + digest)
        return self._finding_id
