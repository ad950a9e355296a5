"""The snapshot's `manifest.json`: provenance, completeness and the hash of every data file."""

from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal

from auditor.integrity.names import SNAPSHOT_SCHEMA_VERSION
from auditor.integrity.seal import is_inside
from auditor.models import Timestamp
from auditor.records import Parsed, Record

SCHEMA_VERSION = SNAPSHOT_SCHEMA_VERSION

# Collection name -> data file. The first six are always collected; `agent_details`
# (one `/agents/{id}` record per agent) and `group_members` (`/admin/groups/{id}/agents`,
# one line per group) appear when the listings lacked `role_ids` or `group_ids`;
# `contact_details` (`/contacts/{id}`) when the contacts listing lacked
# `view_all_tickets`; `agents_availability` (`/agents?only=availability`) when the
# account rejected or ignored the `active=false` filter.
COLLECTIONS: dict[str, str] = {
    "agents": "agents.jsonl",
    "agents_inactive": "agents_inactive.jsonl",
    "roles": "roles.jsonl",
    "groups": "groups.jsonl",
    "contacts": "contacts.jsonl",
    "companies": "companies.jsonl",
    "agent_details": "agent_details.jsonl",
    "group_members": "group_members.jsonl",
    "contact_details": "contact_details.jsonl",
    "agents_availability": "agents_availability.jsonl",
}
# The SCIM record's data files (see `ScimRecord`), beside the collections'.
SCIM_FILES = ("scim_users.jsonl", "scim_groups.jsonl")
REQUIRED_COLLECTIONS = ("agents", "agents_inactive", "roles", "groups", "contacts", "companies")

CollectionStatus = Literal["complete", "partial", "denied"]


class _Strict(Record):
    # Strict like the records (`true` is not the integer 1, nor "5" the number 5), and
    # the auditor's own file: a field it does not know is an error, not an extra.
    UNKNOWN_FIELDS: ClassVar[Literal["ignore", "refuse"]] = "refuse"


def _inside_the_snapshot(name: object) -> str:
    if not isinstance(name, str):
        raise ValueError(f"must be a file name (a string), not {name!r}")
    if not is_inside(name):
        raise ValueError(f"{name!r} is not the name of a file inside the snapshot folder")
    return name


# A file name inside the snapshot folder.
FileName = Annotated[str, Parsed(_inside_the_snapshot)]


@dataclass(frozen=True, kw_only=True)
class CollectionStats(_Strict):
    """How one collection was fetched, so an auditor can judge its completeness."""

    file: FileName
    status: CollectionStatus
    records: int
    requests: int = 0
    pages: int = 0
    retries: int = 0
    rate_limited: int = 0
    endpoint: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class KeyOwner(_Strict):
    """Whose API key collected the snapshot (`/agents/me`): the evidence's author."""

    id: int
    name: str
    email: str


@dataclass(frozen=True, kw_only=True)
class Source(_Strict):
    base_url: str
    domain: str
    key_owner: KeyOwner | None = None
    membership_route: str = ""
    agent_record_shape: str = ""
    # How the account treated `/agents?active=false`: honoured, rejected or ignored.
    active_filter: str = ""
    # Which route found the deactivated agents (`active-filter`, `availability`, `none`).
    inactive_route: str = ""
    # Where contacts' `view_all_tickets` came from (`listing` or `contact-details`).
    contact_access_route: str = ""


AccountStatus = Literal["recorded", "denied", "missing", "failed"]


@dataclass(frozen=True, kw_only=True)
class AgentCountRow(_Strict):
    """One agent type: the collected agents the account counts, beside its own figure."""

    # `total_agents` key: full_time, occasional, field_service or collaborators.
    type: str
    collected: int
    # None when `/account` gave no number for this type.
    reported: int | None
    # Collected agents of this type in a state the account does not count.
    not_counted: int = 0


@dataclass(frozen=True, kw_only=True)
class AccountRecord(_Strict):
    """`GET /api/v2/account`: the plan and the account's own agent count, compared."""

    status: AccountStatus
    endpoint: str = "/api/v2/account"
    note: str = ""
    # What the call cost, as a collection's stats count it.
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    tier_type: str | None = None
    total_agents: dict[str, int] | None = None
    # The agent states the comparison counted (see README "The account's own count").
    counted_states: list[str] = field(default_factory=list)
    comparison: list[AgentCountRow] = field(default_factory=list)
    # True: every type agrees; False: a difference no known counting explains;
    # None: nothing to compare (no answer, or no `total_agents`).
    reconciled: bool | None = None
    explanation: str = ""


# How the identity provider's SCIM 2.0 view was read (`--scim-token-file`): every user
# (`complete`), some (`partial`, the note says why), none because the token was refused
# (`denied`: 401/403) or because the account offers no SCIM (`unavailable`: 404), or not
# asked for (`not_requested`: no token). Snapshots written before SCIM existed have no
# `scim` record, which reads as not requested.
ScimStatus = Literal["complete", "partial", "denied", "unavailable", "not_requested"]
# `/Groups`: read, answered 404 (`not_offered`), refused, or not read (the users failed).
ScimGroupsStatus = Literal["complete", "partial", "not_offered", "denied", "not_read"]


@dataclass(frozen=True, kw_only=True)
class ScimRecord(_Strict):
    """`GET {scim_base_url}/Users` (and `/Groups`): the identity provider's own roster.

    Optional evidence beside the account's: it is not in `collections`, so its refusal
    never makes the snapshot incomplete (see docs/spec-additions.md).
    """

    status: ScimStatus
    base_url: str
    note: str = ""
    # `totalResults` of the first page, as served (None when no page was read).
    total_results: int | None = None
    users_file: FileName = SCIM_FILES[0]
    users: int = 0
    groups_status: ScimGroupsStatus = "not_read"
    groups_file: FileName = SCIM_FILES[1]
    groups: int = 0
    requests: int = 0
    retries: int = 0
    rate_limited: int = 0


@dataclass(frozen=True, kw_only=True)
class ToolInfo(_Strict):
    name: str
    version: str


@dataclass(frozen=True, kw_only=True)
class SnapshotManifest(_Strict):
    schema_version: int
    kind: Literal["snapshot"] = "snapshot"
    tool: ToolInfo
    source: Source
    collected_at: Timestamp
    collections: dict[str, CollectionStats]
    # Data file name -> SHA-256.
    files: dict[FileName, str]
    notes: list[str] = field(default_factory=list)
    account: AccountRecord | None = None
    scim: ScimRecord | None = None

    @property
    def incomplete_collections(self) -> dict[str, CollectionStats]:
        return {
            name: stats for name, stats in self.collections.items() if stats.status != "complete"
        }
