"""The fake server's paging faults serve exactly the broken pages they name."""

from typing import Any

from auditor.fake.paging import ENDLESS_IDS, serve_page
from auditor.fake.quirks import PagingFaults

RECORDS: list[dict[str, Any]] = [{"id": n, "name": f"R{n:02d}"} for n in range(1, 26)]


def page_ids(page: int, per_page: int, faults: PagingFaults) -> tuple[list[int], bool]:
    served = serve_page(RECORDS, page, per_page, faults)
    return [r["id"] for r in served.records], served.more


def test_without_faults_pages_are_as_asked() -> None:
    assert page_ids(2, 10, PagingFaults()) == (list(range(11, 21)), True)
    assert page_ids(3, 10, PagingFaults()) == (list(range(21, 26)), False)
    assert page_ids(4, 10, PagingFaults()) == ([], False)


def test_a_repeated_page_serves_the_page_before_it_and_only_there() -> None:
    faults = PagingFaults(repeat_page=2)
    assert page_ids(2, 10, faults) == (list(range(1, 11)), True)
    assert page_ids(3, 10, faults) == (list(range(21, 26)), False)


def test_an_ignored_page_serves_page_one_and_links_on() -> None:
    faults = PagingFaults(ignore_page=True)
    assert page_ids(2, 10, faults) == (list(range(1, 11)), True)
    assert page_ids(3, 10, faults) == (list(range(1, 11)), False)


def test_an_ignored_per_page_serves_the_servers_own_size() -> None:
    faults = PagingFaults(own_page_size=3)
    assert page_ids(1, 10, faults) == ([1, 2, 3], True)
    assert page_ids(9, 10, faults) == ([25], False)


def test_an_endless_listing_makes_up_new_records_past_its_end() -> None:
    faults = PagingFaults(endless=True)
    ids, more = page_ids(3, 10, faults)
    assert ids == [*range(21, 26), *range(ENDLESS_IDS + 25, ENDLESS_IDS + 30)]
    assert more
    made = serve_page(RECORDS, 7, 10, faults).records
    assert [r["id"] for r in made] == list(range(ENDLESS_IDS + 60, ENDLESS_IDS + 70))
    assert made[0]["name"] == "R25 60"
