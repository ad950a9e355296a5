"""Typed records of the Freshdesk API that the auditor reads.

Each is a frozen dataclass that `records.parse` reads one API record into strictly (a
wrong type is an error, not a guess). Fields the API adds that a class does not name are
accepted and left out (the sealed snapshot keeps the records as served). `Agent`
accepts both agent record shapes: the seed shape with `name/email/active` at the top
level and the real shape with those under a nested `contact`.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Any, NewType

from auditor.records import NOT_READ, Parsed, Record
from auditor.timestamps import parse_timestamp

AgentId = NewType("AgentId", int)
RoleId = NewType("RoleId", int)
GroupId = NewType("GroupId", int)
ContactId = NewType("ContactId", int)
CompanyId = NewType("CompanyId", int)

Timestamp = Annotated[datetime, Parsed(parse_timestamp)]


class AgentState(StrEnum):
    """SPEC "Agent state": what an account can do today."""

    ACTIVE = "active"
    PENDING = "pending"
    DEACTIVATED = "deactivated"


class Tier(StrEnum):
    """SPEC "Privilege tiers", lowest first; compare them with `rank`."""

    COLLABORATOR = "collaborator"
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    ACCOUNT_ADMIN = "account_admin"

    @property
    def rank(self) -> int:
        # A table lookup: the rules and reports ask it per agent, and listing the members
        # of an enum on every call was a visible share of their time.
        return _TIER_RANKS[self]

    @property
    def is_privileged(self) -> bool:
        return _TIER_RANKS[self] >= _TIER_RANKS[Tier.ADMIN]


_TIER_RANKS = {tier: rank for rank, tier in enumerate(Tier)}


class TicketScope(IntEnum):
    """Which tickets an agent can see: all, its groups' tickets, or only its own."""

    GLOBAL = 1
    GROUP = 2
    RESTRICTED = 3

    @property
    def label(self) -> str:
        return {1: "global", 2: "group", 3: "restricted"}[self.value]


def _ticket_scope(value: object) -> "TicketScope":
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be the integer 1, 2 or 3, not {value!r}")
    try:
        return TicketScope(value)
    except ValueError:
        raise ValueError(f"must be 1 (global), 2 (group) or 3 (restricted), not {value}") from None


TicketScopeValue = Annotated[TicketScope, Parsed(_ticket_scope)]


class AgentType(StrEnum):
    SUPPORT_AGENT = "support_agent"
    FIELD_AGENT = "field_agent"
    COLLABORATOR = "collaborator"


@dataclass(frozen=True, kw_only=True)
class AgentContact(Record):
    """The `contact` object nested in a real-shape agent record."""

    name: str | None = None
    email: str | None = None
    active: bool | None = None
    last_login_at: Timestamp | None = None
    job_title: str | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


@dataclass(frozen=True, kw_only=True)
class Agent(Record):
    """One agent, whichever shape it came in; `name` and `email` are always resolved."""

    id: AgentId
    name: str
    email: str
    active: bool | None = None
    deactivated: bool = False
    occasional: bool = False
    type: str = AgentType.SUPPORT_AGENT.value
    ticket_scope: TicketScopeValue
    role_ids: list[RoleId] | None = None
    group_ids: list[GroupId] | None = None
    created_at: Timestamp
    updated_at: Timestamp | None = None
    last_login_at: Timestamp | None = None
    last_active_at: Timestamp | None = None
    contact: AgentContact | None = None
    # Set by the loader, never read from a record: the agent came from `?active=false`.
    listed_inactive: bool = field(default=False, metadata=NOT_READ)

    @classmethod
    def before_parse(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Copy the identity fields of a real-shape record up to where the seed shape has them.

        Real accounts send some agents with `"contact": null` (or a contact whose name and
        email are both null): the person is unknown, but the access is real. Such a record
        is carried with an empty name and email (`identity_unknown`), never refused, since
        collecting again cannot change what the API says.
        """
        if "contact" not in data:
            return data
        contact = data["contact"] if isinstance(data["contact"], dict) else {}
        if data["contact"] is not None and not contact:
            return data  # a contact of the wrong type: the validator names it
        lifted = dict(data)
        for name in ("name", "email", "last_login_at"):
            if lifted.get(name) is None and contact.get(name) is not None:
                lifted[name] = contact[name]
        if lifted.get("name") is None and lifted.get("email") is None:
            # Nobody named at all; a record with only one of the two is malformed instead.
            lifted["name"] = lifted["email"] = ""
        return lifted

    @property
    def identity_unknown(self) -> bool:
        """The record named neither the agent nor its email (`"contact": null` or empty)."""
        return not self.name and not self.email

    @property
    def is_inactive(self) -> bool:
        """Inactive per SPEC: from the `active=false` listing or an `active` flag is false."""
        contact_active = self.contact.active if self.contact else None
        return self.listed_inactive or self.active is False or contact_active is False

    @property
    def state(self) -> AgentState:
        if self.deactivated:
            return AgentState.DEACTIVATED
        if self.is_inactive:
            return AgentState.DEACTIVATED if self.last_login_at else AgentState.PENDING
        return AgentState.ACTIVE

    @property
    def is_field_agent(self) -> bool:
        return self.type == AgentType.FIELD_AGENT

    @property
    def is_collaborator_type(self) -> bool:
        return self.type == AgentType.COLLABORATOR

    @property
    def logged_in_as_agent(self) -> bool:
        """Whether a login is recorded since the agent was created. An earlier one (such as
        a portal login of a contact later made agent, which keeps its user) is not."""
        return self.last_login_at is not None and self.last_login_at >= self.created_at

    @property
    def active_as_agent(self) -> bool:
        """Whether activity (`last_active_at`) is recorded since the agent was created."""
        return self.last_active_at is not None and self.last_active_at >= self.created_at

    @property
    def last_seen(self) -> datetime:
        """When the account last proved it was used (SPEC "Agent state"): the later of its
        last login and its last activity, or its creation when neither is recorded since.
        With SSO and long sessions the last login lags real use; activity does not."""
        moments = [
            moment
            for moment, counts in (
                (self.last_login_at, self.logged_in_as_agent),
                (self.last_active_at, self.active_as_agent),
            )
            if moment is not None and counts
        ]
        return max(moments, default=self.created_at)


@dataclass(frozen=True, kw_only=True)
class Role(Record):
    id: RoleId
    name: str
    description: str | None = None
    default: bool = False
    agent_type: int | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


@dataclass(frozen=True, kw_only=True)
class Group(Record):
    id: GroupId
    name: str
    description: str | None = None
    escalate_to: AgentId | None = None
    agent_ids: list[AgentId] | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


@dataclass(frozen=True, kw_only=True)
class OtherCompany(Record):
    """An entry of `other_companies` when the account has multiple companies per contact."""

    company_id: CompanyId
    view_all_tickets: bool = False


@dataclass(frozen=True, kw_only=True)
class Contact(Record):
    id: ContactId
    name: str
    email: str | None = None
    active: bool | None = None
    other_emails: list[str] = field(default_factory=list)
    company_id: CompanyId | None = None
    view_all_tickets: bool | None = None
    other_companies: list[CompanyId | OtherCompany] = field(default_factory=list)
    deleted: bool = False
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None

    def companies_viewing_all_tickets(self) -> list[CompanyId]:
        """Every company whose tickets this contact can read in full."""
        companies = [self.company_id] if self.company_id and self.view_all_tickets else []
        for other in self.other_companies:
            if isinstance(other, OtherCompany) and other.view_all_tickets:
                companies.append(other.company_id)
        return companies

    def company_ids(self) -> list[CompanyId]:
        primary = [self.company_id] if self.company_id else []
        others = [o.company_id if isinstance(o, OtherCompany) else o for o in self.other_companies]
        return primary + others


@dataclass(frozen=True, kw_only=True)
class Company(Record):
    id: CompanyId
    name: str
    domains: list[str] = field(default_factory=list)
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
