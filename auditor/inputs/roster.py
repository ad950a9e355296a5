"""The identity-provider roster (`--roster`): who the company says works there, and whether
each active agent still has an active identity in it (FD-STALE-004).

Exports of Okta, Microsoft Entra ID, OneLogin, Google Workspace, JumpCloud and plain
`email,status` files are recognised by their headers, without configuration. A status
value the auditor does not know is kept and reported rather than guessed, because
guessing "active" would hide a leaver.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from auditor.emails import identity_key
from auditor.errors import InputError
from auditor.graph.identity import IdentityGraph
from auditor.inputs.csv_input import read_csv_input
from auditor.integrity.seal import sha256_of
from auditor.models import Agent, AgentState

Standing = Literal["active", "inactive", "unknown"]
Outcome = Literal["matched", "absent", "terminated", "unknown_status"]

# Header spellings, compared after `_header_key` (lower case, letters and digits only).
# Primary email columns first: the first non-empty one names the person in messages.
EMAIL_HEADERS = (
    "email",
    "emailaddress",
    "primaryemail",
    "username",
    "login",
    "userprincipalname",
    "mail",
    "workemail",
    "secondaryemail",
    # Google Workspace's download writes the work alias beside the primary address.
    "worksecondaryemail",
    "secondemail",
    "othermails",
)
PROXY_HEADERS = ("proxyaddresses",)
# `state` is JumpCloud's lifecycle column (and OneLogin's approval column, read only when
# the export has no `status`).
STATUS_HEADERS = ("status", "accountstatus", "employmentstatus", "userstatus", "state")
ENABLED_HEADERS = ("accountenabled",)
# JumpCloud's `suspended` is a boolean that means "not enabled"; read only without a status.
SUSPENDED_HEADERS = ("suspended",)

# Status words of HR exports and of Okta's user lifecycle, lower case.
ACTIVE_STATUSES = frozenset(
    {
        "active",
        "enabled",
        "employed",
        "staged",
        "provisioned",
        "recovery",
        "password_expired",
        "locked_out",
        # A lock-out (OneLogin `Locked`, JumpCloud `account_locked`) is a temporary state
        # of a current person's account, as Okta's LOCKED_OUT is.
        "locked",
        # JumpCloud's states.
        "activated",
        # OneLogin's statuses of people who are on the books but not yet (or no longer)
        # through a password step, and its state of an approved account.
        "unactivated",
        "password_pending",
        "awaiting_password_reset",
        "security_questions_required",
        "approved",
    }
)
INACTIVE_STATUSES = frozenset(
    {
        "terminated",
        "disabled",
        "suspended",
        "deprovisioned",
        "inactive",
        "deactivated",
        "deleted",
        "left",
        # Google Workspace archives a leaver's account to keep its data.
        "archived",
        # OneLogin's states of an account that may not sign in.
        "rejected",
        "unlicensed",
    }
)

# OneLogin's API-based exports write `status` as its numeric code (OneLogin's user
# reference: 0 unactivated, 1 active, 2 suspended, 3 locked, 4 password expired,
# 5 awaiting password reset, 7 password pending, 8 security questions required).
ONELOGIN_STATUS_CODES = {
    "0": "unactivated",
    "1": "active",
    "2": "suspended",
    "3": "locked",
    "4": "password_expired",
    "5": "awaiting_password_reset",
    "7": "password_pending",
    "8": "security_questions_required",
}

# `accountEnabled` as PowerShell (True/False), a spreadsheet (TRUE/FALSE, 1/0) or a person
# (yes/no) writes it, lower case.
ENABLED_VALUES = frozenset({"true", "1", "yes"})
DISABLED_VALUES = frozenset({"false", "0", "no"})

# Entra ID writes `proxyAddresses` as `SMTP:primary@x;smtp:alias@x;sip:...`; only smtp
# entries are mailboxes. Other multi-valued cells separate addresses with `;` or `,`.
_SMTP_ADDRESS = re.compile(r"smtp:([^\s;,\"'\[\]]+)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[;,\s]+")


# Google Workspace tags its headers: `Email Address [Required]`, `Status [READ ONLY]`.
_HEADER_TAG = re.compile(r"\[[^\]]*\]")


def _header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _HEADER_TAG.sub("", header).strip().lower())


@dataclass(frozen=True)
class RosterPerson:
    """One row of the roster: the person's addresses and what the export says of them."""

    line: int
    emails: tuple[str, ...]
    status: str
    standing: Standing


@dataclass(frozen=True)
class Roster:
    path: str
    sha256: str
    format: str
    email_columns: tuple[str, ...]
    status_column: str
    people: tuple[RosterPerson, ...]
    # Lines that had no address in any email column: nobody can match them.
    lines_without_email: tuple[int, ...]

    def unknown_statuses(self) -> dict[str, int]:
        """Status values the auditor could not interpret, with how many rows carry each."""
        return dict(
            sorted(Counter(p.status for p in self.people if p.standing == "unknown").items())
        )

    def by_identity(self) -> dict[str, list[RosterPerson]]:
        """Every address of every person, as `identity_key`, to the people it names."""
        index: dict[str, list[RosterPerson]] = {}
        for person in self.people:
            for key in dict.fromkeys(identity_key(e) for e in person.emails):
                index.setdefault(key, []).append(person)
        return index


def read_roster(path: Path) -> Roster:
    """Read a roster export; an unreadable file or one with no email column is an InputError."""
    frame = read_csv_input(
        path,
        "The roster",
        when_empty="; it needs a header row and people",
        how_to_fix="Export it again as CSV.",
    )
    columns = _Columns.recognise(path, [str(c) for c in frame.columns])
    people: list[RosterPerson] = []
    without_email: list[int] = []
    # Line numbers as a spreadsheet shows them: the header is line 1.
    for number, row in enumerate(frame.to_dict("records"), start=2):
        # A short row leaves its last cells missing (NaN) even with keep_default_na off.
        cells = {str(k): v if isinstance(v, str) else "" for k, v in row.items()}
        person = columns.person(number, cells)
        if person is None:
            without_email.append(number)
        else:
            people.append(person)
    if not people:
        raise InputError(
            f"The roster {path} lists nobody: no row has an address in "
            f"{', '.join(columns.all_email_columns)}. Check that it is the right export."
        )
    return Roster(
        path=str(path),
        sha256=sha256_of(path),
        format=columns.format,
        email_columns=columns.all_email_columns,
        status_column=columns.status,
        people=tuple(people),
        lines_without_email=tuple(without_email),
    )


@dataclass(frozen=True)
class _Columns:
    """Which columns of an export hold addresses and status, found by their headers."""

    format: str
    emails: tuple[str, ...]
    proxies: tuple[str, ...]
    # The column the standing is read from, and how: a status word, a yes/no "enabled"
    # flag, or a yes/no "suspended" flag (the inverse); "" when the export has none.
    status: str
    reading: Literal["status", "enabled", "suspended", ""]

    @classmethod
    def recognise(cls, path: Path, columns: list[str]) -> "_Columns":
        keyed = {_header_key(c): c for c in reversed(columns)}
        tagged = any(_HEADER_TAG.search(c) for c in columns)
        emails = tuple(keyed[h] for h in EMAIL_HEADERS if h in keyed)
        proxies = tuple(keyed[h] for h in PROXY_HEADERS if h in keyed)
        if not emails and not proxies:
            raise InputError(
                f"The roster {path} has no email column the auditor recognises; its columns are "
                f"{', '.join(repr(c) for c in columns) or 'none'}. Export it with an 'email' "
                "column (or Okta's 'Username' / 'Primary email', Entra ID's "
                "'userPrincipalName' / 'mail', OneLogin's or JumpCloud's 'Email', or Google "
                "Workspace's 'Email Address [Required]')."
            )
        enabled = next((keyed[h] for h in ENABLED_HEADERS if h in keyed), "")
        status = next((keyed[h] for h in STATUS_HEADERS if h in keyed), "")
        suspended = next((keyed[h] for h in SUSPENDED_HEADERS if h in keyed), "")
        format_name = _format_name(set(keyed), tagged)
        if enabled:
            return cls(format_name, emails, proxies, enabled, "enabled")
        if status:
            return cls(format_name, emails, proxies, status, "status")
        return cls(format_name, emails, proxies, suspended, "suspended" if suspended else "")

    @property
    def all_email_columns(self) -> tuple[str, ...]:
        return self.emails + self.proxies

    def person(self, line: int, cells: Mapping[str, str]) -> RosterPerson | None:
        emails = _emails(cells, self.emails, self.proxies)
        if not emails:
            return None
        status = cells[self.status].strip() if self.status else ""
        return RosterPerson(line, emails, status, _standing(status, self.reading, self.format))


def _emails(
    cells: Mapping[str, str], email_columns: Iterable[str], proxy_columns: Iterable[str]
) -> tuple[str, ...]:
    found = [
        address
        for column in email_columns
        for address in _SEPARATORS.split(cells[column])
        if "@" in address
    ]
    for column in proxy_columns:
        found += _SMTP_ADDRESS.findall(cells[column])
    return tuple(dict.fromkeys(found))


def _standing(status: str, reading: str, format_name: str) -> Standing:
    if not reading:
        return "active"  # the export lists only current people
    # Exports spell one status several ways: `Password expired`, PASSWORD_EXPIRED, `locked-out`.
    value = re.sub(r"[\s-]+", "_", status.strip().lower())
    if reading in ("enabled", "suspended"):
        enabled, disabled = (
            (ENABLED_VALUES, DISABLED_VALUES)
            if reading == "enabled"
            else (DISABLED_VALUES, ENABLED_VALUES)
        )
        return "active" if value in enabled else "inactive" if value in disabled else "unknown"
    if format_name == "OneLogin":
        value = ONELOGIN_STATUS_CODES.get(value, value)
    if value in ACTIVE_STATUSES:
        return "active"
    if value in INACTIVE_STATUSES:
        return "inactive"
    return "unknown"


def _format_name(headers: set[str], tagged: bool) -> str:
    # Google Workspace's download is the only one whose headers carry `[Required]` tags;
    # its address column is `Email Address` beside an `Org Unit Path`.
    if tagged or {"emailaddress", "orgunitpath"} <= headers:
        return "Google Workspace"
    # JumpCloud's export writes its user object's booleans as columns.
    if headers & {"suspended", "activated", "accountlocked", "passwordneverexpires"}:
        return "JumpCloud"
    # OneLogin writes both a lifecycle `Status` and an approval `State`, or its own ID.
    if {"status", "state"} <= headers or headers & {"oneloginid", "oneloginuserid"}:
        return "OneLogin"
    if headers & {"userprincipalname", "accountenabled", "proxyaddresses"}:
        return "Microsoft Entra ID"
    if headers & {"username", "primaryemail"}:
        return "Okta"
    return "generic"


@dataclass(frozen=True)
class RosterOutcome:
    """What the roster says about one active agent."""

    agent: Agent
    outcome: Outcome
    people: tuple[RosterPerson, ...]


@dataclass(frozen=True)
class RosterCheck:
    roster: Roster
    outcomes: tuple[RosterOutcome, ...]

    def counts(self) -> dict[str, int]:
        counts = Counter(o.outcome for o in self.outcomes)
        return {
            name: counts[name] for name in ("matched", "absent", "terminated", "unknown_status")
        }


def match_roster(roster: Roster, graph: IdentityGraph) -> RosterCheck:
    """The roster's verdict on every active agent, in ID order.

    An agent has an active identity when any row naming its address is active; when every
    such row is inactive it is `terminated`; with only rows of unknown status, it is
    `unknown_status`; with none, `absent`.
    """
    index = roster.by_identity()
    outcomes = []
    for agent in graph.agents(AgentState.ACTIVE):
        people = tuple(index.get(identity_key(agent.email), ()))
        standings = {p.standing for p in people}
        outcome: Outcome = (
            "absent"
            if not people
            else "matched"
            if "active" in standings
            else "terminated"
            if "inactive" in standings
            else "unknown_status"
        )
        outcomes.append(RosterOutcome(agent, outcome, people))
    return RosterCheck(roster, tuple(outcomes))
