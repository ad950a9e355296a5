"""The command line: `auditor diff`, and `auditor analyze` with the quarterly inputs."""

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.builders import ADMIN, AGENT, agent, group, write_account
from tests.cli import run_cli
from tests.quarterly.quarters import write_baseline, write_csv, write_review


def two_quarters(tmp_path: Path) -> tuple[Path, Path]:
    old = write_baseline(
        tmp_path / "old",
        agents=[
            agent(1, role_ids=[AGENT]),
            agent(2, name="Zoë \x1b[2J", group_ids=[10]),
            agent(3),
        ],
        inactive_agents=[agent(5, active=False)],
        groups=[group(10, "Billing"), group(11, "Refunds")],
    )
    new = write_account(
        tmp_path / "new",
        agents=[
            agent(1, role_ids=[ADMIN]),
            agent(2, name="Zoë \x1b[2J", group_ids=[11], scope=1),
            agent(4, name="=HYPERLINK(1)"),
            agent(5),
        ],
        groups=[group(10, "Billing"), group(11, "Refunds")],
    )
    return old, new


EXPECTED_TEXT = """\
Access changes in acme from 2026-06-30T12:00:00Z (baseline) to 2026-09-30T12:00:00Z
5 agents changed: 1 added, 1 removed, 1 reactivated, 0 deactivated; tier 1 raised, 0 lowered
Entitlements: roles 2 gained, 2 lost; groups 1 gained, 1 lost; ticket scopes 2 gained, 2 lost
Privileged entitlements gained: 2

agent 1  Agent 1 <agent1@acme.example>
  ~ tier raised: agent -> admin
  + role:2 Administrator (privileged)
  - role:4 Agent

agent 2  Zoë \\x1b[2J <agent2@acme.example>
  + group:11 Refunds
  + scope:global Global access (privileged)
  - group:10 Billing
  - scope:group Group access

agent 3  Agent 3 <agent3@acme.example>
  - removed: was active, tier agent
  - role:4 Agent
  - scope:group Group access

agent 4  =HYPERLINK(1) <agent4@acme.example>
  + added: active, tier agent
  + role:4 Agent
  + scope:group Group access

agent 5  Agent 5 <agent5@acme.example>
  ~ reactivated: deactivated -> active
"""


def test_diff_prints_the_changes_counts_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = two_quarters(tmp_path)
    out = tmp_path / "diff"
    result = run_cli(capsys, "diff", str(old), str(new), "--out", str(out))
    assert result.code == 0, result.err
    # A name cannot drive the terminal: its escape character is printed as text.
    assert result.out == EXPECTED_TEXT + f"\nWritten: {out / 'diff.csv'}, {out / 'diff.json'}\n"


def test_diff_writes_csv_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = two_quarters(tmp_path)
    out = tmp_path / "diff"
    assert run_cli(capsys, "diff", str(old), str(new), "--out", str(out)).code == 0
    raw = (out / "diff.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    frame = pd.read_csv(out / "diff.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    rows = set(zip(frame["agent_id"], frame["change"], frame["entitlement"], strict=True))
    assert rows == {
        ("1", "tier_raised", ""),
        ("1", "entitlement_gained", "role:2"),
        ("1", "entitlement_lost", "role:4"),
        ("2", "entitlement_gained", "group:11"),
        ("2", "entitlement_gained", "scope:global"),
        ("2", "entitlement_lost", "group:10"),
        ("2", "entitlement_lost", "scope:group"),
        ("3", "agent_removed", ""),
        ("3", "entitlement_lost", "role:4"),
        ("3", "entitlement_lost", "scope:group"),
        ("4", "agent_added", ""),
        ("4", "entitlement_gained", "role:4"),
        ("4", "entitlement_gained", "scope:group"),
        ("5", "reactivated", ""),
    }
    # The formula-like name is neutralised for spreadsheets.
    assert set(frame.loc[frame["agent_id"] == "4", "agent_name"]) == {"'=HYPERLINK(1)"}
    document = json.loads((out / "diff.json").read_text(encoding="utf-8"))
    assert document["counts"]["agents_added"] == 1
    assert document["baseline"]["collected_at"] == "2026-06-30T12:00:00Z"
    assert [a["agent_id"] for a in document["agents"]] == [1, 2, 3, 4, 5]
    assert document["agents"][0]["gained"] == [
        {"entitlement": "role:2", "name": "Administrator", "privileged": True, "type": "role"}
    ]


def test_diff_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = two_quarters(tmp_path)
    first, second = tmp_path / "one", tmp_path / "two"
    run_cli(capsys, "diff", str(old), str(new), "--out", str(first))
    run_cli(capsys, "diff", str(old), str(new), "--out", str(second))
    for name in ("diff.csv", "diff.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_diff_of_identical_snapshots_says_nothing_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = two_quarters(tmp_path)
    result = run_cli(capsys, "diff", str(old), str(old), "--out", str(tmp_path / "d"))
    assert result.code == 0
    assert "0 agents changed: 0 added" in result.out
    assert "No access changed." in result.out


def test_diff_of_swapped_snapshots_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = two_quarters(tmp_path)
    result = run_cli(capsys, "diff", str(new), str(old), "--out", str(tmp_path / "d"))
    assert result.code == 2
    assert "swap the two" in result.err
    assert not (tmp_path / "d").exists()


def test_analyze_with_a_roster_without_email_column_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1)])
    roster = write_csv(tmp_path / "hr.csv", ["Employee", "Active"], [["Ana", "yes"]])
    out = tmp_path / "out"
    result = run_cli(capsys, "analyze", str(snapshot), "--roster", str(roster), "--out", str(out))
    assert result.code == 2
    assert "no email column" in result.err
    assert "'Employee', 'Active'" in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


def test_analyze_with_a_file_that_is_not_a_review_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1)])
    roster = write_csv(tmp_path / "roster.csv", ["email", "status"], [["a@acme.example", "x"]])
    out = tmp_path / "out"
    result = run_cli(
        capsys, "analyze", str(snapshot), "--previous-review", str(roster), "--out", str(out)
    )
    assert result.code == 2
    assert "has no agent_id, entitlement, decision column(s)" in result.err
    assert not out.exists()


def test_analyze_with_every_input_summarises_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = two_quarters(tmp_path)
    roster = write_csv(
        tmp_path / "roster.csv",
        ["Username", "Status"],
        [["agent1@acme.example", "ACTIVE"], ["agent2@acme.example", "DEPROVISIONED"]],
    )
    review = write_review(
        tmp_path / "review.csv",
        [{"agent_id": "1", "entitlement": "role:2", "decision": "revoke", "reviewer": "x"}],
    )
    out = tmp_path / "out"
    result = run_cli(
        capsys,
        "analyze",
        str(new),
        "--out",
        str(out),
        "--baseline",
        str(old),
        "--roster",
        str(roster),
        "--previous-review",
        str(review),
    )
    assert result.code == 0, result.err
    assert (
        "Since the baseline of 2026-06-30T12:00:00Z: 1 agents added, 1 removed, 1 reactivated, "
        "0 deactivated; 2 privileged entitlements gained."
    ) in result.out
    assert (
        "Roster (Okta export, 2 people): active agents 1 matched, 2 absent, 1 terminated, "
        "0 with a status the auditor does not know."
    ) in result.out
    assert "0 revocations confirmed, 1 still held, 0 unverifiable; 0 problems." in result.out
    findings = (out / "findings.csv").read_text(encoding="utf-8-sig")
    for rule_id in ("FD-DRIFT-001", "FD-DRIFT-002", "FD-DRIFT-003", "FD-DRIFT-004", "FD-STALE-004"):
        assert rule_id in findings


def test_analyze_with_every_input_is_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = two_quarters(tmp_path)
    roster = write_csv(tmp_path / "roster.csv", ["email"], [["agent1@acme.example"]])
    review = write_review(
        tmp_path / "review.csv",
        [{"agent_id": "2", "entitlement": "group:11", "decision": "keep", "reviewer": "x"}],
    )
    outputs = []
    for name in ("one", "two"):
        out = tmp_path / name
        args = ["--baseline", str(old), "--roster", str(roster), "--previous-review", str(review)]
        assert run_cli(capsys, "analyze", str(new), "--out", str(out), *args).code == 0
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("inside", ["old", "new", "new/deeper"])
def test_diff_never_writes_into_a_compared_snapshot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], inside: str
) -> None:
    old, new = two_quarters(tmp_path)
    folder = {"old": old, "new": new, "new/deeper": new / "deeper"}[inside]
    result = run_cli(capsys, "diff", str(old), str(new), "--out", str(folder))
    assert result.code == 2
    assert "break the snapshot's seal" in result.err
    assert not (folder / "diff.csv").exists()
    assert run_cli(capsys, "verify", str(old)).code == 0
    assert run_cli(capsys, "verify", str(new)).code == 0
