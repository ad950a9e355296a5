"""The entitlement keys drift, review matching and `access_review.csv` use are the same."""

from pathlib import Path

from auditor.drift.entitlements import entitlements_of
from auditor.models import AgentId
from auditor.report.access_review import entitlements_of as worksheet_entitlements
from tests.builders import ADMIN, agent, analyze_account, group


def test_every_agent_holds_the_entitlements_its_worksheet_rows_name(tmp_path: Path) -> None:
    analysis = analyze_account(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN, 99], group_ids=[10, 77], scope=1),
            agent(2, role_ids=[], group_ids=[]),
        ],
        groups=[group(10, "Billing")],
    )
    for agent_id in (AgentId(1), AgentId(2)):
        mine = [
            (e.key, e.type, e.name, e.privileged) for e in entitlements_of(analysis.graph, agent_id)
        ]
        assert set(mine) == set(worksheet_entitlements(analysis, agent_id))
    assert {e.key for e in entitlements_of(analysis.graph, AgentId(1))} == {
        "role:2",
        "role:99",
        "group:10",
        "group:77",
        "scope:global",
    }
