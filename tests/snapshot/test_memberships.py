"""Listings without role_ids/group_ids are completed from the routes the collector used."""

from pathlib import Path
from typing import Any

import pytest

from auditor.errors import RecordError
from auditor.snapshot import read_snapshot
from tests.builders import ADMIN, AGENT, SUPERVISOR, agent, group, write_account


def _bare(record: dict[str, Any]) -> dict[str, Any]:
    """The record as a real list response has it: without role_ids, group_ids, skill_ids."""
    return {k: v for k, v in record.items() if k not in ("role_ids", "group_ids", "skill_ids")}


def test_agent_details_fill_both_fields(tmp_path: Path) -> None:
    full = agent(1, role_ids=[ADMIN], group_ids=[5])
    write_account(
        tmp_path,
        agents=[_bare(full)],
        groups=[group(5)],
        extra_collections={"agent_details": [full]},
    )
    filled = read_snapshot(tmp_path).agents[1]
    assert (filled.role_ids, filled.group_ids) == ([ADMIN], [5])


def test_group_membership_fills_groups_and_roles(tmp_path: Path) -> None:
    members = [
        {"group_id": 5, "agents": [{"id": 1, "ticket_scope": 2, "role_ids": [SUPERVISOR]}]},
        {"group_id": 6, "agents": [{"id": 1, "ticket_scope": 2, "role_ids": [SUPERVISOR]}]},
    ]
    write_account(
        tmp_path,
        agents=[_bare(agent(1)), _bare(agent(2))],
        groups=[group(5, agent_ids=[1]), group(6)],
        extra_collections={
            "group_members": members,
            # Agent 2 is in no group, so only its own record can tell its roles.
            "agent_details": [agent(2, role_ids=[AGENT], group_ids=[])],
        },
    )
    account = read_snapshot(tmp_path)
    assert (account.agents[1].role_ids, account.agents[1].group_ids) == ([SUPERVISOR], [5, 6])
    assert (account.agents[2].role_ids, account.agents[2].group_ids) == ([AGENT], [])


def test_groups_with_agent_ids_alone_fill_group_ids(tmp_path: Path) -> None:
    record = agent(1, role_ids=[AGENT])
    del record["group_ids"]
    write_account(
        tmp_path, agents=[record], groups=[group(5, agent_ids=[1]), group(6, agent_ids=[])]
    )
    assert read_snapshot(tmp_path).agents[1].group_ids == [5]


def test_a_gap_no_route_fills_is_an_error_naming_agent_and_field(tmp_path: Path) -> None:
    write_account(tmp_path, agents=[_bare(agent(7))], groups=[group(5, agent_ids=[7])])
    with pytest.raises(RecordError) as error:
        read_snapshot(tmp_path)
    assert (error.value.record, error.value.field) == ("agent 7", "role_ids")


def test_a_gap_left_by_an_incomplete_membership_collection_is_noted_not_fatal(
    tmp_path: Path,
) -> None:
    full = agent(2, role_ids=[AGENT], group_ids=[])
    write_account(
        tmp_path,
        agents=[_bare(agent(1)), _bare(full)],
        groups=[group(5, agent_ids=[])],
        extra_collections={"agent_details": [full]},
        statuses={"agent_details": "partial"},
    )
    account = read_snapshot(tmp_path)
    assert (account.agents[1].role_ids, account.agents[1].group_ids) == ([], [])
    assert (account.agents[2].role_ids, account.agents[2].group_ids) == ([AGENT], [])
    assert account.notes == [
        "Agent 1: role_ids unknown because the agent_details collection is incomplete; "
        "the agent is shown with none."
    ]


def test_groups_read_before_a_membership_collection_failed_still_count(tmp_path: Path) -> None:
    members = [{"group_id": 5, "agents": [{"id": 1, "ticket_scope": 2, "role_ids": [AGENT]}]}]
    write_account(
        tmp_path,
        agents=[_bare(agent(1))],
        groups=[group(5), group(6)],
        extra_collections={"group_members": members},
        statuses={"group_members": "partial"},
    )
    account = read_snapshot(tmp_path)
    assert (account.agents[1].role_ids, account.agents[1].group_ids) == ([AGENT], [5])
    assert account.notes == [
        "Agent 1: group_ids known only from the groups that were read (the group_members "
        "collection is incomplete; unread group(s) 6)."
    ]
