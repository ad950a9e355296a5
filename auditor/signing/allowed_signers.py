"""The OpenSSH `allowed_signers` file (ssh-keygen(1), ALLOWED SIGNERS): who may seal evidence.

Each line is `principals [options] keytype base64-key [comment]`: principals and the
`namespaces=` option are comma-separated patterns (`*`, `?`, `!` to exclude);
`valid-after=`/`valid-before=` bound when the key is trusted. `cert-authority` lines
trust certificates, which an evidence signature never carries, so they trust nothing here.
The file is read as `ssh-keygen -Y verify` reads it, so both accept the same signers.
"""

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from auditor.errors import SigningError
from auditor.signing.wire import WireReader

_KEY_TYPE = re.compile(r"^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-[a-z0-9-]+@openssh\.com)")
_TIME = re.compile(r"^(\d{8})(\d{4})?(\d{2})?(Z)?$")


@dataclass(frozen=True)
class AllowedSigner:
    """One line: the principals a key stands for, and the limits placed on it."""

    line: int
    principals: str
    key_blob: bytes
    namespaces: str | None = None
    valid_after: datetime | None = None
    valid_before: datetime | None = None
    cert_authority: bool = False


@dataclass(frozen=True)
class SignerLookup:
    """Who the file says a key is (`principals`), or why the lines naming it do not count."""

    principals: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def read_allowed_signers(path: Path) -> list[AllowedSigner]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise SigningError(f"Cannot read the allowed-signers file {path} ({reason}).") from None
    signers = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            signers.append(_parse_line(stripped, number, path))
    return signers


def find_signers(
    signers: list[AllowedSigner], key_blob: bytes, namespace: str, at: datetime
) -> SignerLookup:
    """The principals whose line holds `key_blob` and allows `namespace` at moment `at`."""
    lookup = SignerLookup()
    for signer in signers:
        if signer.key_blob != key_blob:
            continue
        refusal = _refusal(signer, namespace, at)
        if refusal:
            lookup.refusals.append(f"line {signer.line} {refusal}")
        else:
            lookup.principals.append(signer.principals)
    return lookup


def _refusal(signer: AllowedSigner, namespace: str, at: datetime) -> str | None:
    if signer.cert_authority:
        return "trusts the key only as a certificate authority"
    if signer.namespaces is not None and not matches_pattern_list(namespace, signer.namespaces):
        return f'allows the key only for namespaces="{signer.namespaces}"'
    if signer.valid_after is not None and at < signer.valid_after:
        return f"trusts the key only after {signer.valid_after.isoformat()}"
    if signer.valid_before is not None and at > signer.valid_before:
        return f"trusted the key only until {signer.valid_before.isoformat()}"
    return None


def matches_pattern_list(value: str, patterns: str) -> bool:
    """OpenSSH's pattern lists: any positive pattern matches and no `!pattern` does."""
    matched = False
    for pattern in patterns.split(","):
        negated = pattern.startswith("!")
        if _glob(pattern.removeprefix("!")).fullmatch(value):
            if negated:
                return False
            matched = True
    return matched


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    )


def _parse_line(line: str, number: int, path: Path) -> AllowedSigner:
    where = f"{path}, line {number}"
    tokens = _tokens(line, where)
    if len(tokens) < 3:
        raise _malformed(where, "needs principals, a key type and a key")
    principals, rest = _unquote(tokens[0]), tokens[1:]
    options: dict[str, str | None] = {}
    if not _KEY_TYPE.match(rest[0]):
        options, rest = _options(rest[0], where), rest[1:]
    if len(rest) < 2 or not _KEY_TYPE.match(rest[0]):
        raise _malformed(where, "has no key type (such as ssh-ed25519) after the principals")
    return AllowedSigner(
        line=number,
        principals=principals,
        key_blob=_key_blob(rest[0], rest[1], where),
        namespaces=options.get("namespaces"),
        valid_after=_moment(options.get("valid-after"), where),
        valid_before=_moment(options.get("valid-before"), where),
        cert_authority="cert-authority" in options,
    )


def _tokens(line: str, where: str) -> list[str]:
    """Split at blanks outside double quotes (an option value may hold blanks)."""
    tokens, current, quoted = [], "", False
    for char in line:
        if char == '"':
            quoted = not quoted
        if char in " \t" and not quoted:
            if current:
                tokens.append(current)
            current = ""
        else:
            current += char
    if quoted:
        raise _malformed(where, "has an unclosed double quote")
    if current:
        tokens.append(current)
    return tokens


def _options(text: str, where: str) -> dict[str, str | None]:
    options: dict[str, str | None] = {}
    for option in re.findall(r'(?:[^,"]|"[^"]*")+', text):
        name, equals, value = option.partition("=")
        name = name.lower()
        if name not in ("cert-authority", "namespaces", "valid-after", "valid-before"):
            raise _malformed(where, f"has the unknown option {name!r}")
        options[name] = _unquote(value) if equals else None
    return options


def _unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _key_blob(key_type: str, encoded: str, where: str) -> bytes:
    try:
        blob = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise _malformed(where, "has a key that is not valid base64") from None
    try:
        named_type = WireReader(blob, "the key").text()
    except SigningError:
        raise _malformed(where, "has a key that is cut short") from None
    if named_type != key_type:
        raise _malformed(where, f"has a key that is not of the type it names ({key_type})")
    return blob


def _moment(value: str | None, where: str) -> datetime | None:
    """`YYYYMMDD[HHMM[SS]][Z]`: UTC with `Z`, else the local time zone, as ssh-keygen reads it."""
    if value is None:
        return None
    match = _TIME.match(value)
    if not match:
        raise _malformed(where, f"has the time {value!r}; use YYYYMMDD[HHMM[SS]][Z]")
    digits = match[1] + (match[2] or "0000") + (match[3] or "00")
    try:
        moment = datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        raise _malformed(where, f"has the time {value!r}, which is not a date") from None
    return moment.replace(tzinfo=UTC) if match[4] else moment.astimezone()


def _malformed(where: str, problem: str) -> SigningError:
    return SigningError(
        f"The allowed-signers file {where} {problem}. Fix that line (format: principals "
        "[options] keytype key, as in ssh-keygen(1) ALLOWED SIGNERS)."
    )
