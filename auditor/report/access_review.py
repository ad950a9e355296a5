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
from typing import TypeVar

from auditor.analysis import Analysis
from auditor.graph.entitlements import AgentEntitlements, Entitlement
from auditor.inputs.review import ReviewCheck
from auditor.report.csv_files import csv_columns_bytes
from auditor.report.timestamp_texts import TimestampTexts
from auditor.worksheet import REVIEW_COLUMNS, review_item_id

# The columns filled from last quarter's review (`PreviousReview.prefill`), else empty.
PREFILLED = ("change", "previous_decision")
_YES_NO = {True: "yes", False: "no"}
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
    findings_by_agent: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.subject.type == "agent":
            findings_by_agent.setdefault(finding.subject.id, []).append(finding.finding_id)
    graph = analysis.graph
    entitlements = AgentEntitlements(graph)
    times = TimestampTexts()  # agents' login times repeat: each written once
    # Each agent's facts, once per agent, and its entitlements, all agents' in one list.
    agent_facts: list[tuple[str, ...]] = []
    agent_ids: list[int] = []
    counts: list[int] = []
    held: list[Entitlement] = []
    for agent in graph.agents():
        agent_id = str(agent.id)
        agent_facts.append(
            (
                agent_id,
                agent.name,
                agent.email,
                graph.state_of(agent.id).value,
                graph.tier_of(agent.id).value,
                times.format(agent.last_login_at) if agent.last_login_at else "",
                "; ".join(sorted(findings_by_agent.get(agent_id, []))),
            )
        )
        agent_ids.append(agent.id)
        its = entitlements.of(agent.id)
        counts.append(len(its))
        held += its
    agent_columns = zip(*agent_facts, strict=True) if agent_facts else [()] * 7
    columns = dict(
        zip(
            (
                "agent_id",
                "agent_name",
                "agent_email",
                "agent_state",
                "agent_tier",
                "last_login",
                "finding_ids",
            ),
            (_repeated(column, counts) for column in agent_columns),
            strict=True,
        )
    )
    keys = list(map(operator.attrgetter("key"), held))
    columns["entitlement"] = keys
    columns["entitlement_type"] = list(map(operator.attrgetter("type"), held))
    columns["entitlement_name"] = list(map(operator.attrgetter("name"), held))
    privileged = map(operator.attrgetter("privileged"), held)
    columns["privileged"] = list(map(_YES_NO.__getitem__, privileged))
    columns["review_item_id"] = list(map(review_item_id, _repeated(agent_ids, counts), keys))
    for name in REVIEW_COLUMNS:
        columns.setdefault(name, [""] * len(held))
    if analysis.previous_review is not None:
        _prefill(analysis.previous_review, columns)
    return columns


def _repeated(values: Sequence[T], counts: Iterable[int]) -> list[T]:
    """Each value repeated as many times as its count says, in order."""
    return list(itertools.chain.from_iterable(map(itertools.repeat, values, counts)))


def _prefill(previous_review: ReviewCheck, columns: dict[str, list[str]]) -> None:
    """`change` and `previous_decision` of every row, from last quarter's worksheet."""
    cells = zip(*(columns[name] for name in REVIEW_COLUMNS), strict=True)
    for index, row in enumerate(cells):
        prefilled = previous_review.prefill(dict(zip(REVIEW_COLUMNS, row, strict=True)))
        for name in PREFILLED:
            columns[name][index] = prefilled[name]
