"""The fake Freshdesk's contacts sub-limit: list calls over it get 429 with Retry-After
while the account's budget has room; detail calls and other listings go on."""

from typing import Any

import httpx
import pytest

from auditor.errors import UsageError
from auditor.fake import FakeFreshdesk, Quirks
from auditor.fake.command import parse_variants
from tests.fake.accounts import KEY, ServeFactory


def get(server: FakeFreshdesk, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{server.base_url}{path}", params=params, auth=(KEY, "X"), timeout=10)


def test_contacts_list_calls_over_the_sub_limit_are_429(serve: ServeFactory) -> None:
    server = serve(Quirks(rate_limit=100, rate_window=30, contacts_sub_limit=2))
    assert [get(server, "/contacts", page=n).status_code for n in (1, 2)] == [200, 200]
    refused = get(server, "/contacts", page=3)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 30
    # The account's budget still has room, and says so: 2 counted, the 429 not.
    assert refused.headers["X-RateLimit-Remaining"] == "98"
    assert get(server, "/contacts/1000").status_code == 200
    assert get(server, "/companies").status_code == 200
    assert get(server, "/contacts", page=3).status_code == 429


def test_without_the_switch_contacts_keep_the_account_budget(serve: ServeFactory) -> None:
    server = serve(Quirks(rate_limit=100, rate_window=30))
    assert {get(server, "/contacts", page=n).status_code for n in range(1, 6)} == {200}


def test_the_sub_limit_on_the_command_line() -> None:
    assert parse_variants(("contacts-sub-limit=200",)) == {"contacts_sub_limit": 200}
    for bad in ("contacts-sub-limit=0", "contacts-sub-limit=x"):
        with pytest.raises(UsageError, match="--variant"):
            parse_variants((bad,))
