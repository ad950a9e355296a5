"""The policy file: defaults, every key, and each mistake a user can make (exit 2, key, line)."""

from datetime import date
from pathlib import Path

import pytest

from auditor.errors import PolicyError
from auditor.inputs.policy import DEFAULT_GENERIC_MAILBOXES, Policy, load_policy
from auditor.models import Tier
from auditor.rules import REGISTRY
from tests.builders import agent, write_account
from tests.rules.invoke import run_auditor

RULES = REGISTRY.keys()
SUBJECTS = {rule.id: rule.subject_type for rule in REGISTRY.values()}

FULL = """\
org_domains = ["ACME.example", "acme-corp.example"]
dormant_days = 45              # CIS 5.3
dormant_days_privileged = 15
invitation_days = 14
max_admins = 3
max_admin_ratio = 0.1
generic_mailboxes = ["support", "Desk"]

[roles]
"Billing Manager" = "admin"
'Night Shift Lead' = "Supervisor"

[[exemptions]]
rule = "FD-BROAD-004"
subject = "agent:1042"
reason = "MSP administrator under contract C-17"
approved_by = "ciso@acme.example"
expires = 2027-03-31

[[exemptions]]
rule = "FD-EVID-001"
subject = "account:acme"
reason = "Companies are out of scope"
approved_by = "ciso@acme.example"
expires = "2026-12-31"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_specs() -> None:
    policy = Policy()
    assert policy.org_domains == ()
    assert (policy.dormant_days, policy.dormant_days_privileged, policy.invitation_days) == (
        90,
        30,
        30,
    )
    assert (policy.max_admins, policy.max_admin_ratio) == (4, 0.20)
    assert {"support", "admin", "info", "helpdesk", "noreply"} <= set(policy.generic_mailboxes)
    assert policy.generic_mailboxes == DEFAULT_GENERIC_MAILBOXES
    assert policy.exemptions == ()


def test_every_key_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, FULL)
    policy = load_policy(path, RULES, SUBJECTS)
    assert policy.org_domains == ("acme.example", "acme-corp.example")
    assert (policy.dormant_days, policy.dormant_days_privileged, policy.invitation_days) == (
        45,
        15,
        14,
    )
    assert (policy.max_admins, policy.max_admin_ratio) == (3, 0.1)
    assert policy.generic_mailboxes == ("support", "desk")
    assert dict(policy.role_tiers) == {
        "billing manager": Tier.ADMIN,
        "night shift lead": Tier.SUPERVISOR,
    }
    first, second = policy.exemptions
    assert (first.rule, first.subject, first.expires, first.line) == (
        "FD-BROAD-004",
        "agent:1042",
        date(2027, 3, 31),
        13,
    )
    assert (second.subject, second.expires, second.line) == (
        "account:acme",
        date(2026, 12, 31),
        20,
    )
    assert policy.path == str(path)
    assert len(policy.sha256) == 64


def test_an_empty_file_is_the_defaults(tmp_path: Path) -> None:
    policy = load_policy(_write(tmp_path, "# nothing to change\n"), RULES)
    assert policy.dormant_days == 90
    assert policy.exemptions == ()


def test_org_domains_are_kept_in_their_dns_form(tmp_path: Path) -> None:
    policy = load_policy(
        _write(tmp_path, 'org_domains = ["Bücher.example", "acme.example"]\n'), RULES
    )
    assert policy.org_domains == ("xn--bcher-kva.example", "acme.example")


def test_exemption_subjects_are_written_as_findings_name_them(tmp_path: Path) -> None:
    text = EXEMPTION.replace("agent:7", "agent:007") + EXEMPTION.replace(
        "FD-STALE-002", "FD-BROAD-001"
    ).replace("agent:7", "account:ACME")
    policy = load_policy(_write(tmp_path, text), RULES, SUBJECTS)
    assert [e.subject for e in policy.exemptions] == ["agent:7", "account:acme"]


EXEMPTION = """\
[[exemptions]]
rule = "FD-STALE-002"
subject = "agent:7"
reason = "On parental leave"
approved_by = "ciso@acme.example"
expires = 2027-01-31
"""

# (case, policy text, phrases the one-paragraph message must contain)
MISTAKES = [
    (
        "unknown-key",
        "dormant_days = 60\ndormant_day = 30\n",
        ["key 'dormant_day' (line 2) is not a policy key", "did you mean 'dormant_days'?"],
    ),
    (
        "unknown-table",
        "[thresholds]\ndormant_days = 30\n",
        ["key 'thresholds' (line 1) is not a policy key"],
    ),
    (
        "wrong-type-integer",
        '\ndormant_days = "90"\n',
        ["key 'dormant_days' (line 2) must be a whole number", "not '90'"],
    ),
    ("negative-integer", "max_admins = -1\n", ["key 'max_admins' (line 1) must be a whole"]),
    (
        "wrong-type-ratio",
        "max_admin_ratio = 20\n",
        ["key 'max_admin_ratio' (line 1) must be a number from 0 to 1"],
    ),
    (
        "wrong-type-list",
        'org_domains = "acme.example"\n',
        ["key 'org_domains' (line 1) must be a list of strings"],
    ),
    (
        "bad-domain",
        'org_domains = ["@acme.example"]\n',
        ["key 'org_domains' (line 1) has '@acme.example'", "a domain such as acme.example"],
    ),
    (
        "bad-mailbox",
        'generic_mailboxes = ["support@acme.example"]\n',
        ["key 'generic_mailboxes' (line 1) has 'support@acme.example'"],
    ),
    (
        "unknown-tier",
        '[roles]\n"Billing Manager" = "superuser"\n',
        ["key 'Billing Manager' (line 2) has tier 'superuser'", "a tier is one of"],
    ),
    (
        "built-in-role",
        '[roles]\nAdministrator = "agent"\n',
        ["key 'Administrator' (line 2) is a built-in role"],
    ),
    (
        "unknown-rule",
        "max_admins = 4\n\n" + EXEMPTION.replace("FD-STALE-002", "FD-STAL-002"),
        [
            "key 'rule' (line 4) in exemption 1 (line 3) names unknown rule 'FD-STAL-002'",
            "did you mean 'FD-STALE-002'?",
        ],
    ),
    *(
        (
            f"exemption-missing-{key}",
            "\n".join(line for line in EXEMPTION.splitlines() if not line.startswith(key)),
            [f"exemption 1 (line 1) is missing the key '{key}'"],
        )
        for key in ("rule", "subject", "reason", "approved_by", "expires")
    ),
    (
        "exemption-unknown-key",
        EXEMPTION.replace("approved_by", "approver"),
        ["key 'approver' (line 5) in exemption 1 (line 1) is not an exemption key"],
    ),
    (
        "exemption-empty-reason",
        EXEMPTION.replace('"On parental leave"', '"  "'),
        ["key 'reason' (line 4) in exemption 1 (line 1) must be a non-empty string"],
    ),
    (
        "bad-subject-shape",
        EXEMPTION.replace("agent:7", "agent-7"),
        ["key 'subject' (line 3) in exemption 1 (line 1) is 'agent-7'", "type:id"],
    ),
    (
        "bad-subject-type",
        EXEMPTION.replace("agent:7", "user:7"),
        ["key 'subject' (line 3)", "is 'user:7'"],
    ),
    (
        "bad-subject-id",
        EXEMPTION.replace("agent:7", "agent:jane"),
        ["key 'subject' (line 3)", "is 'agent:jane'"],
    ),
    (
        "subject-the-rule-never-reports",
        EXEMPTION.replace("FD-STALE-002", "FD-BROAD-001"),
        [
            "key 'subject' (line 3)",
            "FD-BROAD-001 reports on an account, so the exemption could never apply",
        ],
    ),
    (
        "bad-date-string",
        EXEMPTION.replace("2027-01-31", '"next quarter"'),
        ["key 'expires' (line 6) in exemption 1 (line 1) is 'next quarter'", "2027-03-31"],
    ),
    (
        "bad-date-type",
        EXEMPTION.replace("2027-01-31", "20270131"),
        ["key 'expires' (line 6)", "must be a date"],
    ),
    (
        "second-exemption-located",
        EXEMPTION + "\n" + EXEMPTION.replace("agent:7", "agent:x"),
        ["key 'subject' (line 10) in exemption 2 (line 8)"],
    ),
    (
        "toml-syntax",
        "dormant_days = 30\nmax_admins == 4\n",
        ["is not valid TOML", "line 2"],
    ),
    ("toml-duplicate-key", "max_admins = 4\nmax_admins = 5\n", ["is not valid TOML", "line 2"]),
]


@pytest.mark.parametrize(
    ("text", "phrases"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_exits_2_naming_key_and_line(
    tmp_path: Path, text: str, phrases: list[str]
) -> None:
    snapshot = write_account(tmp_path / "snapshot", agents=[agent(1)])
    policy = _write(tmp_path, text)
    out = tmp_path / "out"
    outcome = run_auditor("analyze", str(snapshot), "--policy", str(policy), "--out", str(out))
    assert outcome.code == 2
    assert outcome.err.startswith("Error: ")
    assert "Traceback" not in outcome.err
    message = " ".join(outcome.err.split())
    for phrase in phrases:
        assert phrase in message
    assert not out.exists(), "no report may be written from a broken policy"


def test_policy_error_is_raised_by_the_loader(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="key 'max_admins' \\(line 1\\)"):
        load_policy(_write(tmp_path, "max_admins = 2.5\n"), RULES)


def test_a_missing_policy_file_exits_2(tmp_path: Path) -> None:
    snapshot = write_account(tmp_path / "snapshot", agents=[agent(1)])
    missing = tmp_path / "nowhere.toml"
    outcome = run_auditor(
        "analyze", str(snapshot), "--policy", str(missing), "--out", str(tmp_path)
    )
    assert outcome.code == 2
    assert f"Cannot read the policy file {missing}: No such file or directory" in outcome.err


def test_a_policy_that_is_not_text_exits_2(tmp_path: Path) -> None:
    snapshot = write_account(tmp_path / "snapshot", agents=[agent(1)])
    binary = tmp_path / "policy.toml"
    binary.write_bytes(b"max_admins = 4\n\xff\xfe")
    outcome = run_auditor("analyze", str(snapshot), "--policy", str(binary), "--out", str(tmp_path))
    assert outcome.code == 2
    assert "is not UTF-8 text" in outcome.err
