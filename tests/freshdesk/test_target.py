"""Domain, base URL and next-link checks: the key only ever goes to the configured origin."""

import pytest

from auditor.errors import CollectError, UsageError
from auditor.freshdesk.target import check_next_link, resolve_target


@pytest.mark.parametrize(
    "given", ["acme", "ACME", "acme.freshdesk.com", "https://acme.freshdesk.com/"]
)
def test_domain_forms_that_name_the_same_account(given: str) -> None:
    target = resolve_target(given, None)
    assert (target.domain, target.base_url) == ("acme", "https://acme.freshdesk.com/api/v2")


@pytest.mark.parametrize(
    "given", ["", "acme corp", "acme_corp", "-acme", "acme.evil.example", "a" * 64]
)
def test_invalid_domains_are_refused(given: str) -> None:
    with pytest.raises(UsageError, match="is not a Freshdesk subdomain"):
        resolve_target(given, None)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://support.acme.example", "https://support.acme.example/api/v2"),
        ("https://proxy.example/fd/api/v2/", "https://proxy.example/fd/api/v2"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v2"),
        ("http://localhost:8080", "http://localhost:8080/api/v2"),
        ("http://[::1]:8080", "http://[::1]:8080/api/v2"),
    ],
)
def test_base_urls_accepted(base_url: str, expected: str) -> None:
    assert resolve_target("acme", base_url).base_url == expected


@pytest.mark.parametrize(
    ("base_url", "reason"),
    [
        ("http://acme.freshdesk.com", "plain http://"),
        ("http://10.0.0.5:8080", "plain http://"),
        ("ftp://acme.example", "must be an https:// URL"),
        ("https://key:X@acme.freshdesk.com", "must not contain a user name"),
        ("https://acme.freshdesk.com?x=1", "must not carry a query"),
    ],
)
def test_base_urls_refused(base_url: str, reason: str) -> None:
    with pytest.raises(UsageError, match=reason):
        resolve_target("acme", base_url)


def test_next_links_must_stay_on_the_origin() -> None:
    target = resolve_target("acme", None)
    good = check_next_link(target, "https://acme.freshdesk.com/api/v2/agents?page=2", "/agents")
    assert good.params["page"] == "2"
    with pytest.raises(CollectError, match="another host"):
        check_next_link(target, "https://evil.example/api/v2/agents?page=2", "/agents")
    with pytest.raises(CollectError, match="switches from https:// to http://"):
        check_next_link(target, "http://acme.freshdesk.com/api/v2/agents?page=2", "/agents")
    with pytest.raises(
        CollectError,
        match=r"another host \(acme\.freshdesk\.com:8443\)\. The collector only sends the "
        r"key to acme\.freshdesk\.com;",
    ):
        check_next_link(target, "https://acme.freshdesk.com:8443/api/v2/agents", "/agents")
    with pytest.raises(CollectError, match="outside the API"):
        check_next_link(target, "https://acme.freshdesk.com/login?page=2", "/agents")
