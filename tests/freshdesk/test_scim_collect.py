"""The optional SCIM 2.0 collection: read from the fake server, refused, absent, or paged
badly; the token travels only to the SCIM host, and never into the snapshot."""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from auditor.errors import UsageError
from auditor.freshdesk.client import RequestCounters, RetryPolicy, Timeouts
from auditor.freshdesk.ratelimit import RateGovernor
from auditor.freshdesk.scim import ScimOptions, collect_scim, scim_target
from auditor.freshdesk.scim_token import ScimToken
from auditor.freshdesk.target import Target, resolve_target
from auditor.snapshot.reader import read_manifest
from auditor.snapshot.scim import read_scim
from tests.fake.accounts import KEY, TEST_QUIRKS, ServeFactory, collect_from

TOKEN = "scim-token-Zx81"
FAST = RetryPolicy(attempts=2, base=0.01, cap=0.02)


def with_scim(server: Any) -> dict[str, Any]:
    target = resolve_target(server.account.domain, server.base_url)
    return {"scim": ScimOptions(ScimToken(TOKEN), scim_target(target, None))}


def manifest_of(snapshot: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((snapshot / "manifest.json").read_text())
    return document


def test_scim_users_and_groups_are_collected_as_served(serve: ServeFactory, tmp_path: Path) -> None:
    server = serve()
    collect_from(server, tmp_path / "snap", **with_scim(server))
    manifest = read_manifest(tmp_path / "snap")
    assert manifest.scim is not None
    assert manifest.scim.status == "complete"
    assert manifest.scim.base_url == server.base_url.removesuffix("/api/v2") + "/scim/v2"
    agents = len(server.account.agents) + len(server.account.inactive)
    assert (manifest.scim.users, manifest.scim.total_results) == (agents, agents)
    assert manifest.scim.groups_status == "complete"
    assert {"scim_users.jsonl", "scim_groups.jsonl"} <= set(manifest.files)
    # Kept exactly as served, in the order served.
    served = [json.loads(line) for line in (tmp_path / "snap" / "scim_users.jsonl").open()]
    from auditor.fake.scim import scim_users

    assert served == scim_users(server.account)
    directory = read_scim(tmp_path / "snap", manifest)
    assert directory is not None
    assert len(directory.users) == agents
    # Paged at 100 a page: one request for users, one for groups.
    assert server.count(path="/scim/v2/Users") == 1
    text = (tmp_path / "snap" / "manifest.json").read_text()
    assert TOKEN not in text
    assert KEY not in text


def test_without_a_token_scim_is_recorded_as_not_requested(
    serve: ServeFactory, tmp_path: Path
) -> None:
    server = serve()
    summary = collect_from(server, tmp_path / "snap")
    scim = manifest_of(tmp_path / "snap")["scim"]
    assert (scim["status"], scim["users"], scim["requests"]) == ("not_requested", 0, 0)
    assert "SCIM" not in summary.line()
    assert read_scim(tmp_path / "snap", read_manifest(tmp_path / "snap")) is not None
    assert not (tmp_path / "snap" / "scim_users.jsonl").exists()
    assert server.count(path="/scim/v2/Users") == 0


@pytest.mark.parametrize(
    ("endpoint", "status", "said"),
    [
        ("unauthorized", "denied", "401 Unauthorized"),
        ("forbidden", "denied", "403 Forbidden"),
        ("missing", "unavailable", "answered 404"),
    ],
)
def test_a_refused_or_absent_scim_is_recorded_and_the_run_goes_on(
    serve: ServeFactory, tmp_path: Path, endpoint: str, status: str, said: str
) -> None:
    server = serve(replace(TEST_QUIRKS, scim_endpoint=endpoint))
    summary = collect_from(server, tmp_path / "snap", **with_scim(server))
    scim = manifest_of(tmp_path / "snap")["scim"]
    assert (scim["status"], scim["users"], scim["groups_status"]) == (status, 0, "not_read")
    assert said in scim["note"]
    assert not (tmp_path / "snap" / "scim_users.jsonl").exists()
    # The account's own evidence is whole: SCIM's refusal is no incompleteness of it.
    assert summary.manifest.incomplete_collections == {}


def test_a_wrong_token_is_denied(serve: ServeFactory, tmp_path: Path) -> None:
    server = serve(replace(TEST_QUIRKS, scim_token="the-right-one"))
    collect_from(server, tmp_path / "snap", **with_scim(server))
    assert manifest_of(tmp_path / "snap")["scim"]["status"] == "denied"


def test_groups_not_offered_are_recorded(serve: ServeFactory, tmp_path: Path) -> None:
    server = serve(replace(TEST_QUIRKS, scim_groups=False))
    collect_from(server, tmp_path / "snap", **with_scim(server))
    scim = manifest_of(tmp_path / "snap")["scim"]
    assert (scim["status"], scim["groups_status"]) == ("complete", "not_offered")
    assert "scim_groups.jsonl" not in manifest_of(tmp_path / "snap")["files"]


# -- paging, against a scripted SCIM server ---------------------------------------------


def user(number: int) -> dict[str, Any]:
    return {"id": f"u{number}", "userName": f"p{number}@acme.example", "active": True}


def page(resources: list[dict[str, Any]], total: int, start: int, **extra: Any) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": total,
        "itemsPerPage": len(resources),
        "startIndex": start,
        "Resources": resources,
        **extra,
    }


def scripted(pages: dict[int, Any], seen: list[httpx.Request]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/Groups"):
            return httpx.Response(404, json={"detail": "no groups"})
        start = int(request.url.params.get("startIndex", "1"))
        body = pages.get(start)
        return httpx.Response(200, json=body) if body is not None else httpx.Response(500)

    return httpx.MockTransport(answer)


def run_scripted(pages: dict[int, Any]) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    target = Target("acme", "https://acme.freshdesk.com/scim/v2")
    collected = collect_scim(
        ScimOptions(ScimToken(TOKEN), target),
        RateGovernor(max_rpm=60_000),
        RequestCounters(),
        retry=FAST,
        timeouts=Timeouts(),
        transport=scripted(pages, seen),
    )
    return collected, seen


def test_pages_follow_start_index_and_the_bearer_token_goes_only_to_scim() -> None:
    users = [user(n) for n in range(1, 251)]
    pages = {1: page(users[:100], 250, 1), 101: page(users[100:200], 250, 101)}
    pages[201] = page(users[200:], 250, 201)
    collected, seen = run_scripted(pages)
    assert collected.record.status == "complete"
    assert collected.users == users
    assert collected.record.groups_status == "not_offered"
    assert [r.url.params["startIndex"] for r in seen[:3]] == ["1", "101", "201"]
    assert {r.headers["Authorization"] for r in seen} == {f"Bearer {TOKEN}"}
    assert {r.url.host for r in seen} == {"acme.freshdesk.com"}


@pytest.mark.parametrize(
    ("pages", "said"),
    [
        # Fewer than announced: an empty page before the end.
        ({1: page([user(1), user(2)], 5, 1), 3: page([], 5, 3)}, "was empty after 2 of the 5"),
        # More than announced.
        ({1: page([user(1), user(2), user(3)], 2, 1)}, "more than the totalResults 2"),
        # A server that ignores startIndex serves page one again.
        (
            {1: page([user(1), user(2)], 4, 1), 3: page([user(1), user(2)], 4, 3)},
            "repeats user u1",
        ),
        ({1: page([user(1)], 3, 1), 2: page([user(2)], 3, 1)}, "not where it was asked to"),
        ({1: page([user(1)], 3, 1, itemsPerPage=2)}, "says itemsPerPage 2 but holds 1"),
        ({1: page([user(1)], 3, 1), 2: page([user(2)], 4, 2)}, "announces totalResults 4"),
        ({1: {"schemas": [], "Resources": []}}, "does not declare the"),
        ({1: page([user(1)], 3, 1), 2: None}, "failed (GET /scim/v2/Users"),
    ],
)
def test_a_listing_that_does_not_add_up_is_partial_with_a_note(
    pages: dict[int, Any], said: str
) -> None:
    collected, _ = run_scripted(pages)
    assert collected.record.status == "partial"
    assert said in collected.record.note
    assert collected.record.users == len(collected.users)


def test_the_scim_base_url_defaults_and_checks() -> None:
    api = resolve_target("acme", None)
    assert scim_target(api, None).base_url == "https://acme.freshdesk.com/scim/v2"
    loopback = resolve_target("acme", "http://127.0.0.1:8123")
    assert scim_target(loopback, None).base_url == "http://127.0.0.1:8123/scim/v2"
    given = scim_target(api, "https://idp-bridge.example/scim/v2/")
    assert given.base_url == "https://idp-bridge.example/scim/v2"
    with pytest.raises(UsageError, match="unencrypted"):
        scim_target(api, "http://scim.example/scim/v2")


def test_a_refusal_that_echoes_the_token_is_recorded_without_it() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(403, json={"message": f"token {TOKEN} lacks scope"})

    collected = collect_scim(
        ScimOptions(ScimToken(TOKEN), Target("acme", "https://acme.freshdesk.com/scim/v2")),
        RateGovernor(max_rpm=60_000),
        RequestCounters(),
        retry=FAST,
        timeouts=Timeouts(),
        transport=httpx.MockTransport(answer),
    )
    assert collected.record.status == "denied"
    assert "403 Forbidden" in collected.record.note
    assert TOKEN not in collected.record.note
    assert len(seen) == 1  # a refusal is not retried
