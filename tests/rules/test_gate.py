"""`--fail-on SEVERITY`: exit 1 on an open finding at or above it, never on exempted ones."""

from pathlib import Path

import pytest

from auditor.cli import SEVERITIES
from auditor.rules.base import Severity
from tests.builders import ADMIN, OLD, agent, write_account
from tests.rules.cases import days_before
from tests.rules.invoke import run_auditor

# One open medium finding (dormant agent 1) and one high (deactivated administrator 2),
# the high one exempted until `expires`.
POLICY = """\
[[exemptions]]
rule = "FD-STALE-001"
subject = "agent:2"
reason = "Legal hold until the case closes"
approved_by = "ciso@acme.example"
expires = {expires}
"""


def _analyze(tmp_path: Path, *options: str, expires: str = "2027-06-30") -> tuple[int, str]:
    snapshot = write_account(
        tmp_path / "snapshot",
        agents=[agent(1, last_login_at=days_before(120)), agent(3)],
        inactive_agents=[agent(2, role_ids=[ADMIN], active=False, last_login_at=OLD)],
    )
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY.format(expires=expires), encoding="utf-8")
    outcome = run_auditor(
        "analyze", str(snapshot), "--policy", str(policy), "--out", str(tmp_path / "out"), *options
    )
    return outcome.code, outcome.err


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ((), 0),
        (("--fail-on", "critical"), 0),
        (("--fail-on", "high"), 0),
        (("--fail-on", "medium"), 1),
        (("--fail-on", "LOW"), 1),
        (("--fail-on", "info"), 1),
    ],
    ids=["never", "critical", "high-exempted", "medium", "low-any-case", "info"],
)
def test_fail_on_exit_codes(tmp_path: Path, options: tuple[str, ...], code: int) -> None:
    assert _analyze(tmp_path, *options)[0] == code
    assert (tmp_path / "out" / "report.html").is_file(), "the report is written either way"


def test_fail_on_says_which_findings_failed_the_run(tmp_path: Path) -> None:
    code, err = _analyze(tmp_path, "--fail-on", "medium")
    assert code == 1
    assert "1 open finding at or above medium (1 medium): exit 1 (--fail-on medium)." in err


def test_an_expired_exemption_counts_again(tmp_path: Path) -> None:
    code, err = _analyze(tmp_path, "--fail-on", "high", expires="2026-06-30")
    assert code == 1
    assert "1 open finding at or above high (1 high)" in err


def test_an_unknown_severity_is_a_usage_error(tmp_path: Path) -> None:
    code, err = _analyze(tmp_path, "--fail-on", "severe")
    assert code == 2
    assert "'severe' is not one of" in err


def test_cli_severity_names_are_the_rules_severities_highest_first() -> None:
    assert tuple(sorted(Severity, key=lambda s: -s.rank)) == tuple(map(Severity, SEVERITIES))
