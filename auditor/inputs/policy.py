"""The policy file (TOML): thresholds, organisation domains, custom role tiers, exemptions.

Every key is optional and has SPEC's default. Anything the file says wrongly (an
unknown key, a wrong type, an unknown rule, an exemption missing a field, a subject or
date that cannot be) is a `PolicyError` that names the key and its line, because a
silently ignored policy line would quietly change what the audit finds.
"""

import difflib
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from auditor.emails import ascii_domain
from auditor.errors import PolicyError
from auditor.graph.tiers import BUILT_IN_ROLE_TIERS, role_key
from auditor.integrity.seal import sha256_of
from auditor.models import Tier

DEFAULT_GENERIC_MAILBOXES = (
    "admin",
    "administrator",
    "billing",
    "contact",
    "hello",
    "help",
    "helpdesk",
    "info",
    "it",
    "mail",
    "no-reply",
    "noreply",
    "office",
    "root",
    "sales",
    "security",
    "service",
    "servicedesk",
    "shared",
    "support",
    "team",
    "test",
)
SUBJECT_TYPES = ("agent", "contact", "group", "role", "account")
EXEMPTION_KEYS = ("rule", "subject", "reason", "approved_by", "expires")
_DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_MAILBOX = re.compile(r"^[^@\s]+$")


@dataclass(frozen=True)
class Exemption:
    """An accepted risk: one rule for one subject, approved by someone, until a date."""

    rule: str
    subject: str
    reason: str
    approved_by: str
    expires: date
    line: int = 0

    def is_live(self, as_of: datetime) -> bool:
        """Live through its expiry date (inclusive), judged at `as_of`, never the clock."""
        return as_of.date() <= self.expires


@dataclass(frozen=True)
class Policy:
    org_domains: tuple[str, ...] = ()
    dormant_days: int = 90
    dormant_days_privileged: int = 30
    invitation_days: int = 30
    max_admins: int = 4
    max_admin_ratio: float = 0.20
    generic_mailboxes: tuple[str, ...] = DEFAULT_GENERIC_MAILBOXES
    # Custom role name (as `tiers.role_key`) -> tier.
    role_tiers: Mapping[str, Tier] = field(default_factory=dict)
    exemptions: tuple[Exemption, ...] = ()
    # Where the policy came from, for the report and the bundle manifest.
    path: str = ""
    sha256: str = ""


_INTEGER_KEYS = ("dormant_days", "dormant_days_privileged", "invitation_days", "max_admins")
_TOP_LEVEL_KEYS = (
    "org_domains",
    *_INTEGER_KEYS,
    "max_admin_ratio",
    "generic_mailboxes",
    "roles",
    "exemptions",
)


def load_policy(
    path: Path,
    known_rules: Collection[str],
    subject_types: Mapping[str, str] | None = None,
) -> Policy:
    """Read and check the policy file; `subject_types` (rule ID -> subject type), when
    given, also refuses an exemption whose subject the rule can never report."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(
            f"Cannot read the policy file {path}: {error.strerror or error}. Check the path "
            "given to --policy."
        ) from None
    except UnicodeDecodeError:
        raise PolicyError(f"The policy file {path} is not UTF-8 text; save it as UTF-8.") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(
            f"The policy file {path} is not valid TOML: {error}. Correct the file and run again."
        ) from None
    locator = _KeyLocator(path, text)
    return _parse(document, locator, known_rules, subject_types or {}, path)


def _parse(
    document: dict[str, Any],
    locator: "_KeyLocator",
    known_rules: Collection[str],
    subject_types: Mapping[str, str],
    path: Path,
) -> Policy:
    for key in document:
        if key not in _TOP_LEVEL_KEYS:
            raise locator.error(
                key, f"is not a policy key{_suggestion(key, _TOP_LEVEL_KEYS)}", known=True
            )
    values: dict[str, Any] = {}
    for key in _INTEGER_KEYS:
        if key in document:
            values[key] = _non_negative_int(document[key], key, locator)
    if "max_admin_ratio" in document:
        ratio = document["max_admin_ratio"]
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 <= ratio <= 1:
            raise locator.error(
                "max_admin_ratio", f"must be a number from 0 to 1 such as 0.2, not {ratio!r}"
            )
        values["max_admin_ratio"] = float(ratio)
    if "org_domains" in document:
        values["org_domains"] = _strings(
            document["org_domains"],
            "org_domains",
            _DOMAIN,
            "a domain such as acme.example",
            locator,
            # An internationalised domain may be written as people read it (bücher.example).
            normalise=ascii_domain,
        )
    if "generic_mailboxes" in document:
        values["generic_mailboxes"] = _strings(
            document["generic_mailboxes"],
            "generic_mailboxes",
            _MAILBOX,
            "the part before the @, such as support",
            locator,
        )
    roles = _role_tiers(document.get("roles", {}), locator)
    exemptions = _exemptions(document.get("exemptions", []), locator, known_rules, subject_types)
    return Policy(
        **values,
        role_tiers=roles,
        exemptions=exemptions,
        path=str(path),
        sha256=sha256_of(path),
    )


def _suggestion(key: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _non_negative_int(value: Any, key: str, locator: "_KeyLocator") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise locator.error(
            key, f"must be a whole number of days or agents (0 or more), not {value!r}"
        )
    return value


def _strings(
    value: Any,
    key: str,
    shape: re.Pattern[str],
    example: str,
    locator: "_KeyLocator",
    normalise: Callable[[str], str] = str.lower,
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise locator.error(key, f'must be a list of strings, such as ["{example}"], not {value!r}')
    items = tuple(normalise(item.strip()) for item in value)
    for item in items:
        if not shape.match(item):
            raise locator.error(key, f"has {item!r}; each entry must be {example}")
    return items


def _role_tiers(table: Any, locator: "_KeyLocator") -> dict[str, Tier]:
    if not isinstance(table, dict):
        raise locator.error("roles", 'must be a table: [roles] with "Role name" = "tier"')
    allowed = ", ".join(t.value for t in Tier)
    tiers: dict[str, Tier] = {}
    for name, tier in table.items():
        if role_key(name) in BUILT_IN_ROLE_TIERS:
            raise locator.error(name, "is a built-in role; its tier is fixed and cannot be mapped")
        if not isinstance(tier, str) or tier.strip().lower() not in {t.value for t in Tier}:
            raise locator.error(name, f"has tier {tier!r}; a tier is one of {allowed}")
        key = role_key(name)
        if key in tiers:
            raise locator.error(name, "names a role already mapped (role names ignore case)")
        tiers[key] = Tier(tier.strip().lower())
    return tiers


def _exemptions(
    entries: Any,
    locator: "_KeyLocator",
    known_rules: Collection[str],
    subject_types: Mapping[str, str],
) -> tuple[Exemption, ...]:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise locator.error("exemptions", "must be an array of tables: [[exemptions]]")
    return tuple(
        _exemption(entry, index, locator, known_rules, subject_types)
        for index, entry in enumerate(entries)
    )


def _exemption(
    entry: dict[str, Any],
    index: int,
    locator: "_KeyLocator",
    known_rules: Collection[str],
    subject_types: Mapping[str, str],
) -> Exemption:
    line = locator.exemption_line(index)
    where = f"exemption {index + 1}" + (f" (line {line})" if line else "")
    for key in entry:
        if key not in EXEMPTION_KEYS:
            raise locator.error(
                key,
                f"in {where} is not an exemption key{_suggestion(key, EXEMPTION_KEYS)}; "
                f"the keys are {', '.join(EXEMPTION_KEYS)}",
                index,
            )
    for key in EXEMPTION_KEYS:
        if key not in entry:
            raise locator.fail(
                f"{where} is missing the key '{key}'; all of {', '.join(EXEMPTION_KEYS)} "
                "are required"
            )
    for key in ("rule", "subject", "reason", "approved_by"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise locator.error(key, f"in {where} must be a non-empty string", index)
    rule = entry["rule"].strip()
    if rule not in known_rules:
        raise locator.error(
            "rule",
            f"in {where} names unknown rule {rule!r}{_suggestion(rule, known_rules)}; "
            "`auditor rules` lists them",
            index,
        )
    subject = _subject(entry["subject"].strip(), rule, where, locator, index, subject_types)
    return Exemption(
        rule=rule,
        subject=subject,
        reason=entry["reason"].strip(),
        approved_by=entry["approved_by"].strip(),
        expires=_expiry(entry["expires"], where, locator, index),
        line=line,
    )


def _subject(
    value: str,
    rule: str,
    where: str,
    locator: "_KeyLocator",
    index: int,
    subject_types: Mapping[str, str],
) -> str:
    subject_type, _, subject_id = value.partition(":")
    numeric = subject_type != "account"
    if (
        subject_type not in SUBJECT_TYPES
        or not subject_id
        or (numeric and not (subject_id.isascii() and subject_id.isdigit()))
    ):
        raise locator.error(
            "subject",
            f"in {where} is {value!r}; a subject is type:id such as 'agent:1042' "
            f"(type one of {', '.join(SUBJECT_TYPES)}; the id is the Freshdesk ID, or the "
            "account's domain for account)",
            index,
        )
    expected = subject_types.get(rule)
    if expected and expected != subject_type:
        raise locator.error(
            "subject",
            f"in {where} is {value!r}, but {rule} reports on "
            f"{'an' if expected[0] in 'aeiou' else 'a'} {expected}, so the exemption "
            f"could never apply; use '{expected}:...'",
            index,
        )
    # Findings name subjects as `agent:1042` and `account:acme`; an exemption written
    # `agent:01042` or `account:ACME` means the same subject and must match it.
    return f"{subject_type}:{int(subject_id) if numeric else subject_id.lower()}"


def _expiry(value: Any, where: str, locator: "_KeyLocator", index: int) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise locator.error(
        "expires", f"in {where} is {value!r}; it must be a date such as 2027-03-31", index
    )


class _KeyLocator:
    """Finds the line a key stands on, since `tomllib` does not report positions."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def fail(self, message: str) -> PolicyError:
        return PolicyError(f"Policy file {self.path}: {message}. Correct the file and run again.")

    def error(
        self, key: str, problem: str, exemption_index: int | None = None, known: bool = False
    ) -> PolicyError:
        line = self.line_of(key, exemption_index)
        where = f"line {line}" if line else "the file"
        message = f"key '{key}' ({where}) {problem}"
        if known:
            message += f"; the policy keys are {', '.join(_TOP_LEVEL_KEYS)}"
        return self.fail(message)

    def exemption_line(self, index: int) -> int:
        headers = [
            n
            for n, text in enumerate(self.lines, 1)
            if re.match(r"\s*\[\[\s*exemptions\s*\]\]", text)
        ]
        return headers[index] if index < len(headers) else 0

    def line_of(self, key: str, exemption_index: int | None = None) -> int:
        start = self.exemption_line(exemption_index) if exemption_index is not None else 0
        pattern = re.compile(
            rf"""\s*("{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})\s*="""
        )
        table = re.compile(rf"\s*\[+\s*{re.escape(key)}\s*\]+")
        for number, text in enumerate(self.lines[max(start - 1, 0) :], max(start, 1)):
            if pattern.match(text) or table.match(text):
                return number
        return 0
