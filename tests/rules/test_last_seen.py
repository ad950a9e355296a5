"""Dormancy on "last seen" (SPEC "Agent state"): the later of `contact.last_login_at` and
`last_active_at`. With SSO and long sessions the last login lags real use, so an agent
that logged in months ago but worked yesterday is not dormant; the report and
`agents.csv` show both moments."""

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.models import Agent
from auditor.records import parse
from auditor.report.bundle import write_bundle
from auditor.report.tables import AGENT_COLUMNS
from tests.builders import ADMIN, agent
from tests.rules.cases import days_before, one, run

SPEC_AND_EARLIER_COLUMNS = [
    "id",
    "name",
    "email",
    "state",
    "type",
    "occasional",
    "ticket_scope",
    "tier",
    "roles",
    "groups",
    "last_login",
    "created",
    "privileged",
    "finding_ids",
]


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@pytest.mark.parametrize(
    ("login", "active", "seen"),
    [
        ("2026-05-01T00:00:00Z", "2026-09-29T10:00:00Z", "2026-09-29T10:00:00Z"),
        ("2026-09-29T10:00:00Z", "2026-05-01T00:00:00Z", "2026-09-29T10:00:00Z"),
        (None, "2026-08-01T00:00:00Z", "2026-08-01T00:00:00Z"),
        ("2026-08-01T00:00:00Z", None, "2026-08-01T00:00:00Z"),
        (None, None, "2026-01-02T00:00:00Z"),
        # Activity recorded before the agent existed is not this agent's.
        (None, "2025-06-01T00:00:00Z", "2026-01-02T00:00:00Z"),
    ],
)
def test_last_seen_is_the_later_of_last_login_and_last_active(
    login: str | None, active: str | None, seen: str
) -> None:
    record = agent(5, created_at="2026-01-02T00:00:00Z", last_login_at=login)
    record["last_active_at"] = active
    assert parse(Agent, record).last_seen == moment(seen)


@pytest.mark.rule_case("FD-STALE-002", "negative")
def test_recent_activity_rescues_an_agent_whose_last_login_is_old(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, last_login_at=days_before(200), last_active_at=days_before(3)),
            agent(2, last_login_at=days_before(200)),
        ],
    )
    assert {f.subject.key for f in analysis.findings if f.rule_id == "FD-STALE-002"} == {"agent:2"}


@pytest.mark.rule_case("FD-STALE-002", "positive")
def test_dormancy_counts_from_the_last_activity_when_it_is_the_later(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(
                1,
                role_ids=[ADMIN],
                last_login_at=days_before(120),
                last_active_at=days_before(45),
            ),
        ],
    )
    finding = one(analysis, "FD-STALE-002", "agent:1")
    assert finding.facts["days_inactive"] == 45
    assert finding.facts["last_active"] == days_before(45)
    assert finding.facts["last_login"] == days_before(120)
    assert finding.facts["last_seen"] == days_before(45)
    assert (
        "Active privileged agent last active on 2026-08-16 (last login 2026-06-02): 45 days "
        "without activity as of 2026-09-30"
    ) in finding.detail


def test_agents_csv_shows_last_active_and_last_seen_after_the_existing_columns(
    tmp_path: Path,
) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, last_login_at=days_before(200), last_active_at=days_before(3)),
            agent(2, last_login_at=None),
        ],
    )
    assert AGENT_COLUMNS[: len(SPEC_AND_EARLIER_COLUMNS)] == SPEC_AND_EARLIER_COLUMNS
    assert AGENT_COLUMNS[len(SPEC_AND_EARLIER_COLUMNS) :] == ["last_active", "last_seen"]
    write_bundle(analysis, tmp_path / "out")
    text = (tmp_path / "out" / "agents.csv").read_text(encoding="utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["1"]["last_login"], rows["1"]["last_active"], rows["1"]["last_seen"]) == (
        days_before(200),
        days_before(3),
        days_before(3),
    )
    assert (rows["2"]["last_login"], rows["2"]["last_active"]) == ("", "")
    assert rows["2"]["last_seen"] == rows["2"]["created"]


def test_the_report_shows_last_login_and_last_active_of_privileged_agents(
    tmp_path: Path,
) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(
                1, role_ids=[ADMIN], last_login_at=days_before(200), last_active_at=days_before(3)
            )
        ],
    )
    write_bundle(analysis, tmp_path / "out")
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert '<th scope="col">Last login</th><th scope="col">Last active</th>' in report
    assert f"<td>{days_before(3)}</td>" in report
