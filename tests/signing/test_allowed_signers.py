"""The allowed_signers file read as `ssh-keygen -Y verify` reads it (no tools needed here)."""

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from auditor.errors import SigningError
from auditor.signing.allowed_signers import (
    find_signers,
    matches_pattern_list,
    read_allowed_signers,
)
from auditor.signing.ssh_keys import public_key_blob
from auditor.signing.sshsig import NAMESPACE

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _key() -> tuple[bytes, str]:
    blob = public_key_blob(ed25519.Ed25519PrivateKey.generate().public_key())
    return blob, f"ssh-ed25519 {base64.b64encode(blob).decode()}"


def _signers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "allowed_signers"
    path.write_text(text)
    return path


def test_principals_options_comments_and_blank_lines(tmp_path: Path) -> None:
    (alice, alice_line), (bob, bob_line) = _key(), _key()
    path = _signers(
        tmp_path,
        f"# the security team\n\n"
        f'alice@example.com,"a.l@example.com" {alice_line} alice laptop\n'
        f'bob@example.com namespaces="git,freshdesk-*",valid-after="20260101" {bob_line}\n',
    )
    signers = read_allowed_signers(path)
    assert find_signers(signers, alice, NAMESPACE, NOW).principals == [
        'alice@example.com,"a.l@example.com"'
    ]
    assert find_signers(signers, bob, NAMESPACE, NOW).principals == ["bob@example.com"]
    assert find_signers(signers, _key()[0], NAMESPACE, NOW).principals == []


def test_limits_name_why_a_listed_key_does_not_count(tmp_path: Path) -> None:
    (key, line) = _key()
    path = _signers(
        tmp_path,
        f'a@x namespaces="git" {line}\n'
        f'b@x valid-before="20251231Z" {line}\n'
        f'c@x valid-after="202701010000Z" {line}\n'
        f"d@x cert-authority {line}\n",
    )
    lookup = find_signers(read_allowed_signers(path), key, NAMESPACE, NOW)
    assert lookup.principals == []
    assert lookup.refusals == [
        'line 1 allows the key only for namespaces="git"',
        "line 2 trusted the key only until 2025-12-31T00:00:00+00:00",
        "line 3 trusts the key only after 2027-01-01T00:00:00+00:00",
        "line 4 trusts the key only as a certificate authority",
    ]


@pytest.mark.parametrize(
    ("value", "patterns", "expected"),
    [
        ("freshdesk-access-auditor", "freshdesk-access-auditor", True),
        ("freshdesk-access-auditor", "git,freshdesk-*", True),
        ("freshdesk-access-auditor", "*,!freshdesk-*", False),
        ("freshdesk-access-auditor", "freshdesk-access-auditor?", False),
        ("freshdesk-access-auditor", "git", False),
    ],
)
def test_pattern_lists(value: str, patterns: str, expected: bool) -> None:
    assert matches_pattern_list(value, patterns) is expected


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("alice@example.com", "needs principals, a key type and a key"),
        ("alice@example.com nonsense=1 ssh-ed25519 AAAA", "unknown option 'nonsense'"),
        ('alice@example.com namespaces="git ssh-ed25519 AAAA', "unclosed double quote"),
        ("alice@example.com ssh-ed25519 !!!", "not valid base64"),
        ("alice@example.com ssh-rsa AAAAC3NzaC1lZDI1NTE5", "not of the type it names"),
        ("alice@example.com ssh-ed25519 AAAAC3Nz", "has a key that is cut short"),
        (f'a@x valid-after="2026" {_key()[1]}', "use YYYYMMDD[HHMM[SS]][Z]"),
        (f'a@x valid-after="20261340" {_key()[1]}', "which is not a date"),
    ],
)
def test_a_malformed_line_is_an_error_naming_it(tmp_path: Path, line: str, problem: str) -> None:
    path = _signers(tmp_path, f"# ok\n{line}\n")
    with pytest.raises(SigningError, match="line 2") as raised:
        read_allowed_signers(path)
    assert problem in str(raised.value)
