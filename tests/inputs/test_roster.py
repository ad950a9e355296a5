"""`--roster`: the exports of Okta, Entra ID and plain files, matching, and FD-STALE-004."""

from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.inputs.roster import read_roster
from tests.builders import ADMIN, agent
from tests.quarterly.quarters import hits, run, write_csv

STAFF = {
    "agents": [
        agent(1, email="ana@acme.example"),
        agent(2, email="ben@acme.example", role_ids=[ADMIN]),
        agent(3, email="cleo@acme.example"),
        agent(4, email="dan@acme.example"),
    ],
    # Deactivated and pending agents are FD-STALE-001/003's business, not the roster's.
    "inactive_agents": [
        agent(5, email="eve@acme.example", active=False),
        agent(6, email="fay@acme.example", active=False, last_login_at=None),
    ],
}


@pytest.mark.rule_case("FD-STALE-004", "positive")
@pytest.mark.rule_case("FD-STALE-004", "negative")
def test_generic_email_status_export(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "roster.csv",
        ["email", "status"],
        [["ana@acme.example", "active"], ["ben@acme.example", "Terminated"]],
    )
    analysis = run(tmp_path, current=STAFF, roster=roster)
    assert hits(analysis, "FD-STALE-004") == {
        ("agent:2", "", "critical"),
        ("agent:3", "", "high"),
        ("agent:4", "", "high"),
    }
    assert analysis.roster is not None
    assert analysis.roster.roster.format == "generic"
    assert analysis.roster.counts() == {
        "matched": 1,
        "absent": 2,
        "terminated": 1,
        "unknown_status": 0,
    }
    terminated = next(f for f in analysis.findings if f.subject.key == "agent:2")
    assert "marks ben@acme.example 'Terminated' on line 3" in terminated.detail
    assert "holds Administrator via role 2" in terminated.detail


@pytest.mark.rule_case("FD-STALE-004", "positive")
def test_okta_export_with_its_lifecycle_statuses_and_secondary_email(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "okta.csv",
        ["Username", "First name", "Last name", "Primary email", "Secondary email", "Status"],
        [
            ["ana@acme.example", "Ana", "A", "ana@acme.example", "", "ACTIVE"],
            ["bjones", "Ben", "B", "ben@acme.example", "", "DEPROVISIONED"],
            # Known to Okta only under a secondary address; LOCKED_OUT is still employed.
            [
                "c.l@acme.example",
                "Cleo",
                "C",
                "c.l@acme.example",
                "cleo@acme.example",
                "LOCKED_OUT",
            ],
            ["dan@acme.example", "Dan", "D", "dan@acme.example", "", "SUSPENDED"],
        ],
    )
    analysis = run(tmp_path, current=STAFF, roster=roster)
    assert hits(analysis, "FD-STALE-004") == {
        ("agent:2", "", "critical"),
        ("agent:4", "", "critical"),
    }
    assert analysis.roster is not None
    assert analysis.roster.roster.format == "Okta"


@pytest.mark.rule_case("FD-STALE-004", "negative")
@pytest.mark.parametrize("status", ["STAGED", "PROVISIONED", "RECOVERY", "PASSWORD_EXPIRED"])
def test_okta_statuses_of_people_still_employed_are_active(tmp_path: Path, status: str) -> None:
    roster = write_csv(
        tmp_path / "okta.csv", ["Username", "Status"], [["ana@acme.example", status]]
    )
    analysis = run(
        tmp_path, current={"agents": [agent(1, email="ana@acme.example")]}, roster=roster
    )
    assert hits(analysis, "FD-STALE-004") == set()


@pytest.mark.rule_case("FD-STALE-004", "positive")
def test_entra_export_account_enabled_false_is_critical(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "entra.csv",
        ["userPrincipalName", "displayName", "mail", "accountEnabled", "proxyAddresses"],
        [
            ["ana@acme.onmicrosoft.example", "Ana", "ana@acme.example", "True", ""],
            ["ben@acme.example", "Ben", "ben@acme.example", "False", ""],
            # Known only by a secondary smtp: proxy address.
            [
                "c.l@acme.example",
                "Cleo",
                "c.l@acme.example",
                "TRUE",
                '"SMTP:c.l@acme.example;smtp:cleo@acme.example;sip:c.l@acme.example"',
            ],
        ],
    )
    analysis = run(tmp_path, current=STAFF, roster=roster)
    assert hits(analysis, "FD-STALE-004") == {
        ("agent:2", "", "critical"),
        ("agent:4", "", "high"),
    }
    assert analysis.roster is not None
    assert analysis.roster.roster.format == "Microsoft Entra ID"
    assert analysis.roster.roster.status_column == "accountEnabled"


@pytest.mark.rule_case("FD-STALE-004", "negative")
def test_matching_ignores_case_and_plus_tag_aliases(tmp_path: Path) -> None:
    current = {
        "agents": [
            agent(1, email="Ana.Lopez+helpdesk@ACME.example"),
            agent(2, email="ben@acme.example"),
        ]
    }
    roster = write_csv(
        tmp_path / "roster.csv",
        [" E-Mail ", "STATUS"],
        [["ana.lopez@acme.example", "Active"], ["BEN+sso@Acme.Example", "active"]],
    )
    analysis = run(tmp_path, current=current, roster=roster)
    assert hits(analysis, "FD-STALE-004") == set()
    assert analysis.roster is not None
    assert analysis.roster.counts()["matched"] == 2


@pytest.mark.rule_case("FD-STALE-004", "negative")
def test_any_active_row_for_a_person_is_an_active_identity(tmp_path: Path) -> None:
    # HR exports keep the old record of a rehire next to the new one.
    roster = write_csv(
        tmp_path / "roster.csv",
        ["email", "status"],
        [["ana@acme.example", "terminated"], ["ana@acme.example", "active"]],
    )
    analysis = run(
        tmp_path, current={"agents": [agent(1, email="ana@acme.example")]}, roster=roster
    )
    assert hits(analysis, "FD-STALE-004") == set()


def test_a_roster_without_status_lists_current_people(tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "roster.csv", ["Email"], [["ana@acme.example"]])
    analysis = run(tmp_path, current=STAFF, roster=roster)
    assert {s for s, _, _ in hits(analysis, "FD-STALE-004")} == {"agent:2", "agent:3", "agent:4"}


@pytest.mark.rule_case("FD-STALE-004", "negative")
def test_unknown_status_values_are_reported_not_guessed(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "roster.csv",
        ["email", "status"],
        [
            ["ana@acme.example", "on leave"],
            ["ben@acme.example", ""],
            ["cleo@acme.example", "active"],
        ],
    )
    analysis = run(tmp_path, current={"agents": STAFF["agents"][:3]}, roster=roster)
    assert hits(analysis, "FD-STALE-004") == set()
    assert analysis.roster is not None
    assert analysis.roster.counts()["unknown_status"] == 2
    assert analysis.roster.roster.unknown_statuses() == {"": 1, "on leave": 1}
    assert {o.agent.id for o in analysis.roster.outcomes if o.outcome == "unknown_status"} == {1, 2}


def test_a_roster_with_no_email_column_names_the_columns_it_found(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "hr.csv", ["employee_id", "Full Name", "State"], [["7", "Ana", "x"]]
    )
    with pytest.raises(InputError) as raised:
        read_roster(roster)
    assert "'employee_id', 'Full Name', 'State'" in str(raised.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("email,status\n", "lists nobody"),
        ("email,status\nnot-an-address,active\n", "lists nobody"),
        (b"\xff\xfe\x00e\x00m".decode("latin-1"), "not a readable UTF-8 CSV"),
    ],
)
def test_an_unusable_roster_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(InputError, match=message):
        read_roster(path)


def test_rows_without_an_address_are_counted(tmp_path: Path) -> None:
    roster = read_roster(
        write_csv(
            tmp_path / "r.csv", ["email", "status"], [["a@x.example", "active"], ["", "active"]]
        )
    )
    assert roster.lines_without_email == (3,)
    assert [p.line for p in roster.people] == [2]


@pytest.mark.rule_case("FD-STALE-004", "positive")
@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_an_export_saved_with_another_delimiter_is_read(tmp_path: Path, delimiter: str) -> None:
    # Excel in European locales saves "CSV" with semicolons; some exports use tabs. The
    # proxyAddresses cell keeps its own `;` inside quotes.
    lines = [
        ["userPrincipalName", "accountEnabled", "proxyAddresses"],
        ["ana@acme.example", "True", '"SMTP:ana@acme.example;smtp:a@acme.example"'],
        ["ben@acme.example", "False", ""],
    ]
    path = tmp_path / "entra.csv"
    path.write_text("\r\n".join(delimiter.join(row) for row in lines) + "\r\n", encoding="utf-8")
    analysis = run(tmp_path, current={"agents": STAFF["agents"][:2]}, roster=path)
    assert hits(analysis, "FD-STALE-004") == {("agent:2", "", "critical")}
    assert analysis.roster is not None
    assert analysis.roster.roster.people[0].emails == ("ana@acme.example", "a@acme.example")


@pytest.mark.rule_case("FD-STALE-004", "positive")
@pytest.mark.parametrize(("enabled", "disabled"), [("1", "0"), ("Yes", "No"), (" TRUE ", "false")])
def test_account_enabled_as_spreadsheets_write_it(
    tmp_path: Path, enabled: str, disabled: str
) -> None:
    roster = write_csv(
        tmp_path / "entra.csv",
        ["userPrincipalName", "accountEnabled"],
        [["ana@acme.example", enabled], ["ben@acme.example", disabled]],
    )
    analysis = run(tmp_path, current={"agents": STAFF["agents"][:2]}, roster=roster)
    assert hits(analysis, "FD-STALE-004") == {("agent:2", "", "critical")}
    assert analysis.roster is not None
    assert analysis.roster.roster.unknown_statuses() == {}


@pytest.mark.rule_case("FD-STALE-004", "positive")
def test_statuses_spelled_as_the_okta_console_shows_them(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "okta.csv",
        ["Username", "Status"],
        [
            ["ana@acme.example", "Password expired"],
            ["ben@acme.example", "Locked Out"],
            ["cleo@acme.example", " Deprovisioned "],
        ],
    )
    analysis = run(tmp_path, current={"agents": STAFF["agents"][:3]}, roster=roster)
    assert hits(analysis, "FD-STALE-004") == {("agent:3", "", "critical")}
    assert analysis.roster is not None
    assert analysis.roster.counts()["unknown_status"] == 0
