"""One vocabulary of entitlements: drift, review matching and `access_review.csv` agree."""

from pathlib import Path

from auditor.graph.entitlements import entitlements_of
from auditor.models import AgentId
from auditor.report.access_review import review_rows
from auditor.worksheet import review_item_id
from tests.builders import ADMIN, agent, analyze_account, group


def test_every_role_group_and_scope_is_an_entitlement_and_a_worksheet_row(tmp_path: Path) -> None:
    analysis = analyze_account(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN, 99], group_ids=[10, 77], scope=1),
            agent(2, role_ids=[], group_ids=[]),
        ],
        groups=[group(10, "Billing")],
    )
    held = {
        (e.key, e.type, e.name, e.privileged) for e in entitlements_of(analysis.graph, AgentId(1))
    }
    assert held == {
        ("role:2", "role", "Administrator", True),
        ("role:99", "role", "undefined role 99", False),
        ("group:10", "group", "Billing", False),
        ("group:77", "group", "undefined group 77", False),
        ("scope:global", "ticket_scope", "Global access", True),
    }
    rows = {(r["agent_id"], r["entitlement"], r["review_item_id"]) for r in review_rows(analysis)}
    expected = {
        (str(agent_id), e.key, review_item_id(agent_id, e.key))
        for agent_id in (AgentId(1), AgentId(2))
        for e in entitlements_of(analysis.graph, agent_id)
    }
    assert rows == expected
    assert {key for agent_id, key, _ in rows if agent_id == "2"} == {"scope:group"}
