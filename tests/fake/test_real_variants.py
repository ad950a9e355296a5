"""The fake Freshdesk's real-account variants: contact details, the `active` filter,
`only=availability` and `/account`, each as the API reference documents it."""

from dataclasses import replace
from typing import Any

import httpx
import pytest

from auditor.errors import UsageError
from auditor.fake import REAL_API, FakeFreshdesk
from auditor.fake.command import parse_variants
from tests.fake.accounts import KEY, TEST_QUIRKS, ServeFactory

FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)


def get(server: FakeFreshdesk, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{server.base_url}{path}", params=params, auth=(KEY, "X"), timeout=10)


def test_real_contacts_carry_view_all_tickets_only_in_their_detail(serve: ServeFactory) -> None:
    server = serve(FAST_REAL)
    server.account.contacts[1000]["other_companies"] = [{"company_id": 2, "view_all_tickets": True}]
    listed = {r["id"]: r for r in get(server, "/contacts", per_page=100).json()}
    assert "view_all_tickets" not in listed[1000]
    assert listed[1000]["other_companies"] == [2]
    detail = get(server, "/contacts/1000").json()
    assert detail["view_all_tickets"] is False
    assert detail["other_companies"] == [{"company_id": 2, "view_all_tickets": True}]
    assert get(server, "/contacts/999999").status_code == 404
    stored = {r["id"]: r for r in get(serve(TEST_QUIRKS), "/contacts", per_page=100).json()}
    assert stored[1000]["view_all_tickets"] is False


@pytest.mark.parametrize(
    ("active_filter", "status", "listed"),
    [("honoured", 200, {60, 62}), ("ignored", 200, set(range(10, 24)) | {61})],
)
def test_the_active_filter_honoured_or_ignored(
    serve: ServeFactory, active_filter: str, status: int, listed: set[int]
) -> None:
    server = serve(replace(FAST_REAL, active_filter=active_filter))
    response = get(server, "/agents", active="false", per_page=100)
    assert response.status_code == status
    assert {r["id"] for r in response.json()} == listed
    # The invitation (61) is in the default listing, as on real accounts.
    assert {r["id"] for r in get(server, "/agents", per_page=100).json()} == (
        set(range(10, 24)) | {61}
    )


def test_a_rejected_active_filter_is_a_400_naming_the_field(serve: ServeFactory) -> None:
    response = get(serve(replace(FAST_REAL, active_filter="rejected")), "/agents", active="false")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "active",
        "message": "Unexpected/invalid field in request",
        "code": "invalid_field",
    }


def test_availability_lists_every_agent_with_its_deactivated_flag(serve: ServeFactory) -> None:
    server = serve(FAST_REAL)
    records = get(server, "/agents", only="availability", per_page=100).json()
    flags = {r["id"]: r["deactivated"] for r in records}
    assert flags == {**dict.fromkeys(range(10, 24), False), 60: True, 61: False, 62: True}
    assert set(records[0]) >= {"user_data", "contact", "availability", "availability_control"}
    off = serve(replace(FAST_REAL, availability=False))
    assert get(off, "/agents", only="availability").status_code == 400


def test_the_account_counts_seats_and_can_disagree_or_refuse(serve: ServeFactory) -> None:
    record = get(serve(FAST_REAL), "/account").json()
    assert record["tier_type"] == "Forest"
    assert record["total_agents"] == {
        "full_time": 15,
        "occasional": 0,
        "field_service": 0,
        "collaborators": 0,
    }
    counted = get(serve(replace(FAST_REAL, account_counts_deactivated=True)), "/account")
    assert counted.json()["total_agents"]["full_time"] == 17
    more = get(serve(replace(FAST_REAL, account_count_offset=4)), "/account")
    assert more.json()["total_agents"]["full_time"] == 19
    assert get(serve(replace(FAST_REAL, account_endpoint="forbidden")), "/account").status_code == (
        403
    )
    assert get(serve(replace(FAST_REAL, account_endpoint="missing")), "/account").status_code == 404


def test_variants_on_the_command_line() -> None:
    assert parse_variants(
        ("active-filter=ignored", "no-availability", "account-count-offset=2", "account=forbidden")
    ) == {
        "active_filter": "ignored",
        "availability": False,
        "account_count_offset": 2,
        "account_endpoint": "forbidden",
    }
    for bad in ("active-filter=maybe", "no-availability=1", "account-count-offset=x", "nope"):
        with pytest.raises(UsageError, match="--variant"):
            parse_variants((bad,))
