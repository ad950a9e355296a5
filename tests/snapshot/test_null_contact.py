"""An agent record with `"contact": null` (seen on real accounts): `collect` sealed such a
snapshot and `analyze` refused it, which re-collecting cannot change. The auditor now
carries the agent with an empty name and email, and says so in the report."""

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.errors import RecordError
from auditor.models import AgentId
from auditor.snapshot import read_snapshot
from tests.builders import ADMIN, OLD, agent, write_account
from tests.cli import run_cli
from tests.fake.accounts import TEST_QUIRKS, collect_from, serving


def without_contact(agent_id: int, **fields: object) -> dict[str, object]:
    record = agent(agent_id, **fields)  # type: ignore[arg-type]
    record["contact"] = None
    return record


def test_an_agent_without_contact_is_read_with_an_empty_identity_and_a_note(
    tmp_path: Path,
) -> None:
    write_account(tmp_path, agents=[agent(1), without_contact(2, role_ids=[ADMIN])])
    account = read_snapshot(tmp_path)
    carried = account.agents[AgentId(2)]
    assert (carried.name, carried.email, carried.last_login_at) == ("", "", None)
    assert carried.identity_unknown
    assert not account.agents[AgentId(1)].identity_unknown
    assert account.notes == [
        'agents.jsonl: agent 2 has no name and no email (its "contact" is null or empty), so '
        "who holds this access is unknown. It is carried with an empty name and email; its "
        "state comes from the listing it is in, and dormancy is judged from its last login "
        "or activity, or its creation."
    ]


def test_an_agent_whose_contact_names_nobody_is_carried_too(tmp_path: Path) -> None:
    """What the fake server (and a real account) serves for it: every contact field null."""
    record = agent(2)
    record["contact"] = dict.fromkeys(record["contact"])
    write_account(tmp_path, agents=[record])
    account = read_snapshot(tmp_path)
    assert account.agents[AgentId(2)].identity_unknown
    assert len(account.notes) == 1


def test_an_agent_whose_contact_is_no_object_is_still_refused(tmp_path: Path) -> None:
    record = agent(2)
    record["contact"] = "nobody"
    write_account(tmp_path, agents=[record])
    with pytest.raises(RecordError, match="The snapshot is malformed"):
        read_snapshot(tmp_path)


def test_analyze_reports_an_agent_without_contact_instead_of_refusing_the_snapshot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_account(
        tmp_path / "snap",
        agents=[agent(1), without_contact(2, role_ids=[ADMIN], created_at=OLD)],
    )
    result = run_cli(capsys, "analyze", str(tmp_path / "snap"), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "out" / "agents.csv").read_text("utf-8-sig")))
    )
    assert {row["id"]: (row["name"], row["email"]) for row in rows} == {
        "1": ("Agent 1", "agent1@acme.example"),
        "2": ("", ""),
    }
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "agent 2 has no name and no email (its &#34;contact&#34; is null or empty)" in report
    # Never seen and created long ago: the privileged agent is dormant.
    findings = (tmp_path / "out" / "findings.csv").read_text("utf-8-sig")
    assert "FD-STALE-002" in findings


def test_a_collected_snapshot_with_such_an_agent_is_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served = write_account(tmp_path / "served", agents=[agent(1), without_contact(2)])
    with serving(served, replace(TEST_QUIRKS, shape="real")) as server:
        collect_from(server, tmp_path / "collected")
    result = run_cli(capsys, "analyze", str(tmp_path / "collected"), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    assert read_snapshot(tmp_path / "collected").agents[AgentId(2)].identity_unknown
