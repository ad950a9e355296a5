"""`graph.graphml`'s access part, made from the identity graph's records, is the networkx
graph's: the same nodes, edges and bytes.

`AccessPart` follows `IdentityGraph._networkx` without networkx; the file it gives must
be byte for byte the one written from `access_graph` (and from the whole networkx graph,
contacts included) on every shape of account: odd and hostile names, agents without
roles or naming a role twice, groups without members, references to roles, groups and
agents the snapshot lacks, deactivated agents, companies only contacts name.
"""

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import Analysis, analyze
from auditor.report.graphml import graphml_chunks
from auditor.report.graphml_access import AccessPart
from auditor.report.graphml_contacts import ContactBlock
from auditor.sample import SAMPLE_DATA
from auditor.snapshot.carried_contacts import CarriedContacts
from tests.builders import (
    ACCOUNT_ADMIN,
    ADMIN,
    AGENT,
    COLLABORATOR,
    agent,
    company,
    contact,
    group,
    standard_roles,
    write_account,
)
from tests.report.conftest import POLICY, XML_HOSTILE, write_hostile_account

ODD = XML_HOSTILE
CUSTOM_POLICY = '[roles]\n"Odd & <Custom>" = "admin"\n'


def _named(record: dict[str, Any], name: str) -> dict[str, Any]:
    """The record with `name` as it is, even empty (the builders replace an empty one)."""
    if "contact" in record:
        record["contact"]["name"] = name
    else:
        record["name"] = name
    return record


def _odd_account(directory: Path) -> Path:
    agents = [
        _named(agent(1, role_ids=[ADMIN], group_ids=[10, 77]), ODD[0]),
        _named(agent(2, role_ids=[], scope=1), ODD[1]),  # no role at all
        _named(agent(3, role_ids=[AGENT, AGENT, 99, 99], scope=3), ODD[2]),  # named twice
        _named(agent(4, email='a&b<"c">@acme.example', role_ids=[20]), ODD[3]),
        _named(agent(5, role_ids=[COLLABORATOR], agent_type="collaborator"), ODD[4]),
        _named(agent(6, occasional=True, deactivated=True, group_ids=[11]), ODD[5]),
        _named(agent(8, role_ids=[ACCOUNT_ADMIN, 21]), ""),
    ]
    return write_account(
        directory,
        agents=agents,
        inactive_agents=[agent(7, role_ids=[ADMIN], active=False, group_ids=[10])],
        roles=standard_roles((20, "Odd & <Custom>"), (21, ODD[2])),
        groups=[
            group(10, ODD[0], agent_ids=[1, 404], escalate_to=1),
            group(11, "", agent_ids=None, escalate_to=405),  # no member list; unknown agent
            group(12, ODD[5], agent_ids=[]),  # no members at all
        ],
        contacts=[
            contact(30, name=ODD[1], company_id=1, view_all_tickets=True),
            contact(31, name="Unknown company", company_id=9, view_all_tickets=True),
            contact(32, name="Another unknown", company_id=8),
        ],
        companies=[company(1, ODD[0], domains=["a.example", "b&c.example"]), company(2, "")],
    )


def _odd(tmp_path: Path) -> Analysis:
    policy = tmp_path / "policy.toml"
    policy.write_text(CUSTOM_POLICY, encoding="utf-8")
    return analyze(_odd_account(tmp_path / "snapshot"), policy_path=policy)


def _hostile(tmp_path: Path) -> Analysis:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    return analyze(write_hostile_account(tmp_path / "snapshot"), policy_path=policy)


def _sample(tmp_path: Path) -> Analysis:
    """The sample account with every optional input."""
    return analyze(
        SAMPLE_DATA / "snapshot",
        policy_path=SAMPLE_DATA / "policy.toml",
        baseline_path=SAMPLE_DATA / "baseline",
        roster_path=SAMPLE_DATA / "roster.csv",
        previous_review_path=SAMPLE_DATA / "previous_review.csv",
    )


def _empty(tmp_path: Path) -> Analysis:
    """No agents, groups, companies or contacts: the scope nodes and the standard roles."""
    return analyze(write_account(tmp_path / "snapshot"))


ACCOUNTS = {"odd": _odd, "hostile": _hostile, "sample": _sample, "empty": _empty}


@pytest.mark.parametrize("make", ACCOUNTS.values(), ids=ACCOUNTS.keys())
def test_the_access_part_writes_the_networkx_graphs_bytes(tmp_path: Path, make: Any) -> None:
    analysis = make(tmp_path)
    direct = "".join(graphml_chunks(analysis))
    # Written without building either networkx graph.
    assert analysis.graph._access_graph is None
    assert analysis.graph._graph is None
    from_access_graph = "".join(graphml_chunks(analysis, fast_access=False))
    from_whole_graph = "".join(graphml_chunks(analysis, fast_contacts=False))
    assert direct == from_access_graph
    assert direct == from_whole_graph


def test_the_odd_account_has_every_shape_the_part_must_follow(tmp_path: Path) -> None:
    """The comparison above only proves something if the odd account holds each shape."""
    text = "".join(graphml_chunks(_odd(tmp_path)))
    for node in ("role:99", "group:77", "agent:404", "agent:405", "company:9", "group:12"):
        assert f'<node id="{node}"' in text
    assert text.count('id="agent:3.has_role.role:4"') == 1  # named twice, one edge
    assert "A &amp; B &lt;b&gt;" in text
    assert "\ud800" not in text
    assert "\x00" not in text


@pytest.mark.parametrize("make", ACCOUNTS.values(), ids=ACCOUNTS.keys())
def test_the_access_part_holds_the_access_graphs_nodes_and_edges(tmp_path: Path, make: Any) -> None:
    """Nodes in the networkx graph's order with its attributes; edges the same (as a
    multiset: `graphml` sorts them)."""
    analysis = make(tmp_path)
    account = analysis.account
    block = ContactBlock.from_carried(
        CarriedContacts.of(account.contacts.values()), account.companies
    )
    assert block is not None
    part = AccessPart(analysis.graph, block.unknown_companies)
    networkx = analysis.graph.access_graph
    expected = [*networkx.nodes(data=True), *block.unknown_companies]
    assert [(node, part.data(node)) for node in part.names()] == expected
    edges = Counter(repr(edge) for edge in part.out_edges(part.names()))
    assert edges == Counter(repr(edge) for edge in networkx.edges(keys=True, data=True))
