"""Which records one page of a fake listing holds, and whether it links on, under `PagingFaults`."""

from dataclasses import dataclass
from typing import Any

from auditor.fake.quirks import PagingFaults

# Ids of the records an endless listing makes up past its end: above any real one.
ENDLESS_IDS = 9_000_000_000


@dataclass(frozen=True)
class ServedPage:
    records: list[dict[str, Any]]
    # Whether a following page is announced (a `next` link, where links are sent).
    more: bool


def serve_page(
    records: list[dict[str, Any]], page: int, per_page: int, faults: PagingFaults
) -> ServedPage:
    """Page `page` of `records` at `per_page` a page, as a server with `faults` answers it."""
    size = faults.own_page_size or per_page
    served = page
    if faults.ignore_page:
        served = 1
    elif faults.repeat_page is not None and page == faults.repeat_page and page > 1:
        served = page - 1
    start = (served - 1) * size
    chunk = records[start : start + size]
    more = page * size < len(records)
    if faults.endless:
        return ServedPage(chunk + _made_up(records, start + len(chunk), size - len(chunk)), True)
    return ServedPage(chunk, more)


def _made_up(records: list[dict[str, Any]], position: int, count: int) -> list[dict[str, Any]]:
    """`count` new records for positions `position`... past the end: the last real record
    again under fresh ids and names, so each page is new to the reader."""
    if not records or count <= 0:
        return []
    template = records[-1]
    made = []
    for offset in range(position, position + count):
        record = {**template, "id": ENDLESS_IDS + offset}
        if isinstance(template.get("name"), str):
            record["name"] = f"{template['name']} {offset}"
        made.append(record)
    return made
