"""A small account served by the fake Freshdesk in tests, and helpers to check a snapshot of it.

Names are chosen so that alphabetical order differs from ID order, every listing spans
several pages at `PER_PAGE`, one group is empty and some agents are in no group.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from auditor.fake import FakeFreshdesk, Quirks
from auditor.freshdesk.client import RetryPolicy
from auditor.freshdesk.collector import CollectOptions, CollectSummary, collect
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.target import resolve_target
from auditor.models import AgentId
from auditor.snapshot import read_snapshot
from tests.builders import ADMIN, AGENT, SUPERVISOR, agent, company, contact, group, write_account

KEY = "test-key-Qm7v"
PER_PAGE = 5
# Fast enough for tests, announced like the real API; the window is one second.
TEST_QUIRKS = Quirks(rate_limit=3000, rate_window=1.0)
FAST_RETRY = RetryPolicy(attempts=4, base=0.01, cap=0.05)
SURNAMES = ["Zimmer", "Young", "Xu", "Walsh", "Vance", "Ueda", "Tran", "Sousa", "Roth", "Quist"]


def small_account(directory: Path, *, contacts: int = 23) -> Path:
    """14 active and 3 deactivated agents, 4 groups (one empty), contacts and companies."""
    agents = []
    for index in range(14):
        agent_id = 10 + index
        in_groups = [] if index % 5 == 0 else [100 + index % 3] + ([103] if index % 4 == 0 else [])
        roles = [ADMIN] if index == 1 else [SUPERVISOR, AGENT] if index % 3 == 0 else [AGENT]
        name = f"{SURNAMES[index % len(SURNAMES)]} {index:02d}"
        agents.append(agent(agent_id, name=name, role_ids=roles, group_ids=sorted(in_groups)))
    inactive = [
        agent(60, name="Ex Agent", active=False, group_ids=[100]),
        agent(61, name="Pending Invite", active=False, last_login_at=None),
        agent(62, name="Gone Admin", active=False, role_ids=[ADMIN], deactivated=True),
    ]
    members: dict[int, list[int]] = {100: [], 101: [], 102: [], 103: [], 104: []}
    for record in [*agents, *inactive]:
        for group_id in record["group_ids"]:
            members[group_id].append(record["id"])
    groups = [group(g, f"Team {'EDCBA'[g - 100]}", agent_ids=ids) for g, ids in members.items()]
    people = [
        contact(1000 + n, name=f"{SURNAMES[n % len(SURNAMES)]} contact {n:02d}", company_id=1)
        for n in range(contacts)
    ]
    people.append(contact(1900, name="Deleted Person", deleted=True))
    people.append(contact(1901, name="Blocked Person", blocked=True))
    return write_account(
        directory,
        agents=agents,
        inactive_agents=inactive,
        groups=groups,
        contacts=people,
        companies=[company(c, f"Company {9 - c}", ["example.com"]) for c in range(1, 8)],
    )


@contextmanager
def serving(data: Path, quirks: Quirks = TEST_QUIRKS, key: str = KEY) -> Iterator[FakeFreshdesk]:
    with FakeFreshdesk(data, api_key=key, quirks=quirks) as server:
        yield server


def collect_from(server: FakeFreshdesk, out: Path, **overrides: Any) -> CollectSummary:
    """Collect the fake account into `out` through the real collector, quickly."""
    options: dict[str, Any] = {
        "target": resolve_target(server.account.domain, server.base_url),
        "key": ApiKey(KEY),
        "out": out,
        "per_page": PER_PAGE,
        "rate_window": server.quirks.rate_window,
        "retry": FAST_RETRY,
        "show_progress": False,
    }
    options.update(overrides)
    return collect(CollectOptions(**options))


def data_records(snapshot: Path, file_name: str) -> list[dict[str, Any]]:
    path = snapshot / file_name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def by_id(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: int(r.get("id", r.get("group_id", 0))))


def assert_matches_served(snapshot: Path, server: FakeFreshdesk) -> None:
    """Every collection holds exactly the records the server serves: none lost or repeated."""
    views = server.views
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    route = manifest["source"]["membership_route"]
    served: dict[str, list[dict[str, Any]]] = {
        "agents.jsonl": views.agents(active=True),
        "agents_inactive.jsonl": views.agents(active=False),
        "roles.jsonl": views.roles(),
        "contacts.jsonl": views.contacts(None),
        "companies.jsonl": views.companies(),
    }
    groups = views.groups(admin=server.quirks.admin_groups)
    if "group-details" in route:
        groups = [views.group(g["id"]) or {} for g in groups]
    served["groups.jsonl"] = groups
    for file_name, records in served.items():
        assert by_id(data_records(snapshot, file_name)) == by_id(records), file_name
    if (snapshot / "group_members.jsonl").exists():
        for line in data_records(snapshot, "group_members.jsonl"):
            assert line["agents"] == views.group_members(line["group_id"])
    if (snapshot / "agent_details.jsonl").exists():
        for record in data_records(snapshot, "agent_details.jsonl"):
            assert record == views.agent(record["id"])
    assert_memberships_true(snapshot, server)


def assert_memberships_true(snapshot: Path, server: FakeFreshdesk) -> None:
    """Loaded, every agent has exactly the roles and groups the served account gives it."""
    account = read_snapshot(snapshot)
    truth = {**server.account.agents, **server.account.inactive}
    assert set(account.agents) == set(truth)
    for agent_id, record in truth.items():
        loaded = account.agents[AgentId(agent_id)]
        assert (sorted(loaded.role_ids or []), sorted(loaded.group_ids or [])) == (
            sorted(record["role_ids"]),
            sorted(record["group_ids"]),
        ), agent_id


ServeFactory = Callable[..., FakeFreshdesk]


def cli_args(command: str, base_url: str, out: Path, *extra: str) -> list[str]:
    """Command-line words for `collect` or `audit` against a fake server, quickly paced."""
    return [
        command,
        "--domain",
        "acme",
        "--base-url",
        base_url,
        "--out",
        str(out),
        "--per-page",
        str(PER_PAGE),
        "--rate-window",
        "1",
        *extra,
    ]
