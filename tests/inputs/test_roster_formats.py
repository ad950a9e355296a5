"""`--roster` with the exports of OneLogin, Google Workspace and JumpCloud, read from small
fixture files shaped like each provider's download, recognised without configuration."""

from pathlib import Path

import pytest

from auditor.inputs.roster import read_roster
from tests.builders import ADMIN, agent
from tests.quarterly.quarters import hits, run

EXPORTS = Path(__file__).parent / "roster_exports"

STAFF = {
    "agents": [
        agent(1, email="ana@acme.example"),
        agent(2, email="ben@acme.example", role_ids=[ADMIN]),
        agent(3, email="cleo@acme.example"),
        agent(4, email="dan@acme.example"),
    ]
}


def standings(name: str) -> dict[str, str]:
    roster = read_roster(EXPORTS / name)
    return {person.emails[0].lower(): person.standing for person in roster.people}


@pytest.mark.rule_case("FD-STALE-004", "positive")
@pytest.mark.rule_case("FD-STALE-004", "negative")
def test_onelogin_export_is_recognised_without_flags(tmp_path: Path) -> None:
    analysis = run(tmp_path, current=STAFF, roster=EXPORTS / "onelogin_users.csv")
    # Suspended is a leaver; Locked and Password Pending are current people.
    assert hits(analysis, "FD-STALE-004") == {("agent:2", "", "critical")}
    assert analysis.roster is not None
    assert analysis.roster.roster.format == "OneLogin"
    assert analysis.roster.roster.status_column == "Status"
    assert analysis.roster.counts()["matched"] == 3


def test_onelogin_numeric_status_codes_are_read_and_an_unknown_code_is_kept() -> None:
    roster = read_roster(EXPORTS / "onelogin_api_users.csv")
    assert roster.format == "OneLogin"
    assert standings("onelogin_api_users.csv") == {
        "ana@acme.example": "active",
        "ben@acme.example": "inactive",
        "cleo@acme.example": "active",
        "dan@acme.example": "unknown",
    }
    assert roster.unknown_statuses() == {"6": 1}


@pytest.mark.rule_case("FD-STALE-004", "positive")
def test_google_workspace_export_with_tagged_headers(tmp_path: Path) -> None:
    analysis = run(tmp_path, current=STAFF, roster=EXPORTS / "google_workspace_users.csv")
    # Ben suspended, Dan archived; Cleo known by her work secondary address.
    assert hits(analysis, "FD-STALE-004") == {
        ("agent:2", "", "critical"),
        ("agent:4", "", "critical"),
    }
    assert analysis.roster is not None
    roster = analysis.roster.roster
    assert roster.format == "Google Workspace"
    assert roster.status_column == "Status [READ ONLY]"
    # The personal recovery address names nobody in the company.
    assert all("ana.personal@mail.example" not in p.emails for p in roster.people)


@pytest.mark.rule_case("FD-STALE-004", "positive")
def test_jumpcloud_export_reads_its_state_column(tmp_path: Path) -> None:
    analysis = run(tmp_path, current=STAFF, roster=EXPORTS / "jumpcloud_users.csv")
    # SUSPENDED is a leaver; STAGED and a locked account are current people.
    assert hits(analysis, "FD-STALE-004") == {("agent:2", "", "critical")}
    assert analysis.roster is not None
    assert analysis.roster.roster.format == "JumpCloud"
    assert analysis.roster.roster.status_column == "state"


def test_jumpcloud_suspended_flag_is_read_when_there_is_no_state() -> None:
    roster = read_roster(EXPORTS / "jumpcloud_flags_only.csv")
    assert roster.format == "JumpCloud"
    assert roster.status_column == "suspended"
    # `activated: false` is a person who has not set a password yet, not a leaver.
    assert standings("jumpcloud_flags_only.csv") == {
        "ana@acme.example": "active",
        "ben@acme.example": "inactive",
        "cleo@acme.example": "active",
        "dan@acme.example": "unknown",
    }
