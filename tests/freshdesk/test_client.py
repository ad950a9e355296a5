"""The HTTP layer with httpx.MockTransport: auth, retries, and one clear error per failure."""

import base64
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from auditor.errors import CollectError
from auditor.freshdesk.client import (
    Attempts,
    FreshdeskApi,
    RetryPolicy,
    Timeouts,
    build_http_client,
)
from auditor.freshdesk.credentials import ApiKey
from auditor.freshdesk.failures import AccessDenied, NotFound, RetriesExhausted
from auditor.freshdesk.ratelimit import RateGovernor
from auditor.freshdesk.target import resolve_target

KEY = "mock-key-Hv93"
TARGET = resolve_target("acme", None)
Handler = Callable[[httpx.Request], httpx.Response]


DEFAULT_TIMEOUTS = Timeouts()


def api_for(
    handler: Handler, attempts: int = 4, timeouts: Timeouts = DEFAULT_TIMEOUTS
) -> FreshdeskApi:
    client = build_http_client(TARGET, ApiKey(KEY), transport=httpx.MockTransport(handler))
    governor = RateGovernor(max_rpm=600_000, window=1.0)
    return FreshdeskApi(
        client,
        TARGET,
        governor,
        retry=RetryPolicy(attempts=attempts),
        timeouts=timeouts,
        sleep=lambda _: None,
    )


def answers(*responses: httpx.Response | Exception) -> tuple[Handler, list[httpx.Request]]:
    """A handler giving these answers in turn (an exception is raised), and the requests seen."""
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler, seen


def test_basic_auth_is_key_and_x_over_https() -> None:
    handler, seen = answers(httpx.Response(200, json={"id": 1}))
    response = api_for(handler).get("/agents/me")
    assert response.body == {"id": 1}
    request = seen[0]
    assert str(request.url) == "https://acme.freshdesk.com/api/v2/agents/me"
    expected = base64.b64encode(f"{KEY}:X".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"


def test_server_errors_are_retried_then_succeed() -> None:
    handler, seen = answers(
        httpx.Response(503), httpx.Response(502), httpx.Response(200, json=[{"id": 1}])
    )
    attempts = Attempts()
    response = api_for(handler).get("/roles", attempts=attempts)
    assert response.body == [{"id": 1}]
    assert (attempts.requests, attempts.retries, attempts.rate_limited) == (3, 2, 0)
    assert len(seen) == 3


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("peer closed connection"),
        httpx.Response(200, content=b"{not json"),
    ],
    ids=["timeout", "dropped", "malformed"],
)
def test_transport_failures_and_broken_bodies_are_retried(
    failure: httpx.Response | Exception,
) -> None:
    handler, _ = answers(httpx.Response(200, json={"id": 1}), failure, httpx.Response(200, json=[]))
    api = api_for(handler)
    api.get("/agents/me")  # the host has answered once
    attempts = Attempts()
    assert api.get("/roles", attempts=attempts).body == []
    assert attempts.retries == 1


def test_retries_are_bounded_and_then_name_the_endpoint() -> None:
    handler, seen = answers(httpx.Response(500))
    with pytest.raises(RetriesExhausted) as error:
        api_for(handler, attempts=3).get("/contacts", [("page", "4")])
    assert len(seen) == 3
    assert "GET /api/v2/contacts?page=4 failed 3 times" in str(error.value)
    assert "--resume" in str(error.value)


def test_429_is_waited_out_and_counted() -> None:
    handler, _ = answers(
        httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, json=[])
    )
    attempts = Attempts()
    api_for(handler).get("/roles", attempts=attempts)
    assert (attempts.requests, attempts.rate_limited, attempts.retries) == (2, 1, 0)


def test_401_names_the_endpoint_and_never_the_key() -> None:
    handler, _ = answers(httpx.Response(401, json={"code": "invalid_credentials"}))
    with pytest.raises(CollectError) as error:
        api_for(handler).get("/agents/me")
    message = str(error.value)
    assert "401" in message
    assert "/api/v2/agents/me" in message
    assert KEY not in message


def test_403_and_404_are_their_own_errors() -> None:
    denied, _ = answers(httpx.Response(403, json={"message": "not an admin"}))
    with pytest.raises(AccessDenied) as refused:
        api_for(denied).get("/roles")
    assert "GET /api/v2/roles" in str(refused.value)
    assert "not an admin" in str(refused.value)
    assert "--allow-partial" in str(refused.value)
    missing, _ = answers(httpx.Response(404))
    with pytest.raises(NotFound):
        api_for(missing).get("/admin/groups")


def test_a_400_shows_the_apis_validation_message() -> None:
    body = {
        "description": "Validation failed",
        "errors": [{"field": "per_page", "message": "too big", "code": "invalid_value"}],
    }
    handler, _ = answers(httpx.Response(400, json=body))
    with pytest.raises(CollectError, match="Validation failed; per_page: too big"):
        api_for(handler).get("/contacts")


def test_redirects_are_not_followed() -> None:
    handler, seen = answers(httpx.Response(302, headers={"Location": "https://evil.example/"}))
    with pytest.raises(CollectError, match="redirect"):
        api_for(handler).get("/agents/me")
    assert len(seen) == 1


def test_an_unreachable_host_fails_at_once_with_a_clear_message() -> None:
    handler, seen = answers(httpx.ConnectError("[Errno -2] Name or service not known"))
    with pytest.raises(CollectError) as error:
        api_for(handler).get("/agents/me")
    assert len(seen) == 1
    assert "Cannot reach Freshdesk at https://acme.freshdesk.com/api/v2" in str(error.value)
    assert "the host name does not resolve" in str(error.value)


def test_a_dropped_connection_after_the_first_answer_is_retried() -> None:
    handler, seen = answers(
        httpx.Response(200, json={"id": 1}),
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.Response(200, json=[]),
    )
    api = api_for(handler)
    api.get("/agents/me")
    assert api.get("/roles").body == []
    assert len(seen) == 3


def test_next_link_is_read_from_the_link_header() -> None:
    link = '<https://acme.freshdesk.com/api/v2/roles?page=2&per_page=100>;rel="next"'
    handler, _ = answers(httpx.Response(200, json=[], headers={"Link": link}))
    response = api_for(handler).get("/roles")
    assert response.next_link == "https://acme.freshdesk.com/api/v2/roles?page=2&per_page=100"


def test_a_relative_next_link_is_read_as_a_link_on_the_same_server() -> None:
    link = '</api/v2/roles?page=2&per_page=100>;rel="next"'
    handler, _ = answers(httpx.Response(200, json=[], headers={"Link": link}))
    response = api_for(handler).get("/roles")
    assert response.next_link == "https://acme.freshdesk.com/api/v2/roles?page=2&per_page=100"


class TrickleStream(httpx.SyncByteStream):
    """A body that never ends: one byte at a time, each well within any read timeout."""

    def __iter__(self) -> Iterator[bytes]:
        while True:
            time.sleep(0.01)
            yield b" "


def test_an_answer_that_trickles_in_forever_times_out() -> None:
    handler, seen = answers(
        httpx.Response(200, json={"id": 1}),
        httpx.Response(200, stream=TrickleStream()),
        httpx.Response(200, stream=TrickleStream()),
    )
    api = api_for(handler, attempts=2, timeouts=Timeouts(answer=0.1))
    api.get("/agents/me")
    started = time.monotonic()
    with pytest.raises(RetriesExhausted, match=r"the answer took longer than 0\.1 s"):
        api.get("/roles")
    assert time.monotonic() - started < 5
    assert len(seen) == 3


def test_a_host_that_never_answers_its_first_request_fails_at_once() -> None:
    handler, seen = answers(httpx.ReadTimeout("silence"))
    with pytest.raises(CollectError) as error:
        api_for(handler).get("/agents/me")
    assert len(seen) == 1
    assert "Cannot reach Freshdesk at https://acme.freshdesk.com/api/v2 (timed out waiting" in str(
        error.value
    )


def test_a_retry_after_beyond_reason_stops_with_a_message() -> None:
    handler, seen = answers(httpx.Response(429, headers={"Retry-After": "86400"}))
    with pytest.raises(CollectError) as error:
        api_for(handler).get("/contacts", [("page", "3")])
    assert len(seen) == 1
    message = str(error.value)
    assert "GET /api/v2/contacts?page=3" in message
    assert "86400 s" in message
    assert "--resume" in message
