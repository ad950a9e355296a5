"""`Account`: the typed content of one snapshot, as every later stage sees it."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from auditor.models import (
    Agent,
    AgentId,
    Company,
    CompanyId,
    Contact,
    ContactId,
    Group,
    GroupId,
    Role,
    RoleId,
)
from auditor.snapshot.carried_contacts import CarriedContacts
from auditor.snapshot.contacts import ContactTable
from auditor.snapshot.manifest import SnapshotManifest


@dataclass(frozen=True)
class Account:
    """One Freshdesk account at the moment of collection; maps are ordered by ID."""

    manifest: SnapshotManifest
    agents: dict[AgentId, Agent]
    roles: dict[RoleId, Role]
    groups: dict[GroupId, Group]
    # Only the contacts that carry access (view all tickets of a company, or share an
    # agent's address); every contact is a row of `contact_table`. As the reader gives
    # them, each block is typed when first read (`typed_later.ContactsById`).
    contacts: Mapping[ContactId, Contact]
    contact_table: ContactTable
    companies: dict[CompanyId, Company]
    directory: Path
    manifest_sha256: str
    # What the loader had to reconcile (for example an agent in both listings).
    notes: list[str] = field(default_factory=list)
    # `contacts` as the rules' columns, made while they were read (None: not made then).
    carried_columns: CarriedContacts | None = None

    @property
    def domain(self) -> str:
        return self.manifest.source.domain
