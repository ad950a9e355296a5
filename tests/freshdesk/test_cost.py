"""The cost of fetching: parts add up, and a checkpoint file keeps a cost as written."""

from auditor.freshdesk.cost import Cost


def test_costs_add_field_by_field() -> None:
    parts = [Cost(3, 2, 1), Cost(1), Cost(retries=4, rate_limited=2)]
    assert Cost.total(parts) == Cost(requests=4, retries=6, rate_limited=3)
    assert Cost.total([]) == Cost()


def test_a_cost_reads_back_as_written() -> None:
    cost = Cost(7, 2, 1)
    assert cost.document() == {"requests": 7, "retries": 2, "rate_limited": 1}
    assert Cost.from_document(cost.document()) == cost
