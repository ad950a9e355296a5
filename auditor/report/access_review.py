"""`access_review.csv`: the reviewer's worksheet, one row per entitlement an agent holds.

An entitlement is a role (`role:7`), a group membership (`group:3`) or a ticket scope
(`scope:global`). Reviewers fill in `decision` (keep or revoke), `justification`,
`reviewer` and `reviewed_at`; next quarter the filled-in file comes back as
`--previous-review`, matched on `agent_id` and `entitlement` (see `auditor.worksheet`).

The rows are made as columns (`review_columns`): an agent's facts repeat on each of its
rows and each entitlement's on every agent's row that holds it, so a column is put
together from those by a few calls in C, where a row at a time costs a dictionary and
several lookups per row (10,000 agents hold some 43,000 entitlements).
"""

import itertools
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from auditor.analysis import Analysis
from auditor.graph.entitlements import AgentEntitlements
from auditor.report.agent_facts import STATE_TEXTS, TIER_TEXTS, YES_NO, finding_ids_by_agent
from auditor.report.csv_files import csv_columns_bytes
from auditor.report.timestamp_texts import TimestampTexts
from auditor.worksheet import REVIEW_COLUMNS, review_item_id

if TYPE_CHECKING:
    from auditor.inputs.review import ReviewCheck  # imported only when given (inputs.baseline)

# The columns filled from last quarter's review (`ReviewCheck.prefill`), else empty.
PREFILLED = ("change", "previous_decision")
T = TypeVar("T")


def access_review_csv_bytes(analysis: Analysis) -> bytes:
    columns = review_columns(analysis)
    return csv_columns_bytes(REVIEW_COLUMNS, [columns[name] for name in REVIEW_COLUMNS])


def review_rows(analysis: Analysis) -> list[dict[str, str]]:
    """The worksheet's rows, agent by agent in ID order, each agent's entitlements in turn;
    new rows on every call, so a caller may complete its own in place."""
    columns = review_columns(analysis)
    cells = zip(*(columns[name] for name in REVIEW_COLUMNS), strict=True)
    return [dict(zip(REVIEW_COLUMNS, row, strict=True)) for row in cells]


def review_columns(analysis: Analysis) -> dict[str, list[str]]:
    """The worksheet's rows (as `review_rows` gives them) as columns, by column name; new
    lists on every call, so a caller may change its own."""
    graph = analysis.graph
    agents = list(graph.agents())
    ids = [agent.id for agent in agents]
    agent_ids = list(map(str, ids))
    entitlements = AgentEntitlements(graph)
    held_by_agent = list(map(entitlements.of, ids))
    # Each agent's facts once, repeated on each of its rows.
    counts = list(map(len, held_by_agent))
    times = TimestampTexts()  # agents' login times repeat: each written once
    agent_facts = {
        "agent_id": agent_ids,
        "agent_name": list(map(operator.attrgetter("name"), agents)),
        "agent_email": list(map(operator.attrgetter("email"), agents)),
        "agent_state": [STATE_TEXTS[state] for state in map(graph.state_of, ids)],
        "agent_tier": [TIER_TEXTS[tier] for tier in map(graph.tier_of, ids)],
        "last_login": [
            times.format(agent.last_login_at) if agent.last_login_at else "" for agent in agents
        ],
        "finding_ids": list(
            map(finding_ids_by_agent(analysis).get, agent_ids, itertools.repeat(""))
        ),
    }
    columns = {name: _repeated(facts, counts) for name, facts in agent_facts.items()}
    # Each entitlement's facts, from the entitlements that every agent's rows hold in turn.
    held = list(itertools.chain.from_iterable(held_by_agent))
    keys = list(map(operator.attrgetter("key"), held))
    columns["entitlement"] = keys
    columns["entitlement_type"] = list(map(operator.attrgetter("type"), held))
    columns["entitlement_name"] = list(map(operator.attrgetter("name"), held))
    privileged = map(operator.attrgetter("privileged"), held)
    columns["privileged"] = list(map(YES_NO.__getitem__, privileged))
    columns["review_item_id"] = list(map(review_item_id, _repeated(ids, counts), keys))
    for name in REVIEW_COLUMNS:
        columns.setdefault(name, [""] * len(held))
    if analysis.previous_review is not None:
        _prefill(analysis.previous_review, columns)
    return columns


def _repeated(values: Sequence[T], counts: Iterable[int]) -> list[T]:
    """Each value repeated as many times as its count says, in order."""
    return list(itertools.chain.from_iterable(map(itertools.repeat, values, counts)))


def _prefill(previous_review: "ReviewCheck", columns: dict[str, list[str]]) -> None:
    """`change` and `previous_decision` of every row, from last quarter's worksheet."""
    cells = zip(*(columns[name] for name in REVIEW_COLUMNS), strict=True)
    for index, row in enumerate(cells):
        prefilled = previous_review.prefill(dict(zip(REVIEW_COLUMNS, row, strict=True)))
        for name in PREFILLED:
            columns[name][index] = prefilled[name]
