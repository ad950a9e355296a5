"""The fake Freshdesk answers like the real API: auth, paging, order, filters and headers."""

import json
import re
import subprocess
import sys
import time
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from auditor.fake import REAL_API, FakeFreshdesk, Quirks
from auditor.fake.command import parse_fault
from auditor.fake.quirks import Fault
from auditor.models import Agent
from auditor.records import parse
from auditor.timestamps import parse_timestamp
from tests.fake.accounts import KEY, TEST_QUIRKS, ServeFactory


def get(server: FakeFreshdesk, path: str, key: str = KEY, **params: Any) -> httpx.Response:
    return httpx.get(f"{server.base_url}{path}", params=params, auth=(key, "X"), timeout=10)


def ids(response: httpx.Response) -> list[int]:
    return [record["id"] for record in response.json()]


def test_a_wrong_or_missing_key_is_401(serve: ServeFactory) -> None:
    server = serve()
    assert get(server, "/agents/me", key="wrong").status_code == 401
    assert httpx.get(f"{server.base_url}/agents/me").status_code == 401
    me = get(server, "/agents/me")
    assert (me.status_code, me.json()["id"]) == (200, 10)


def test_listings_are_alphabetical_and_paged(serve: ServeFactory) -> None:
    server = serve()
    first = get(server, "/companies", page=1, per_page=3)
    second = get(server, "/companies", page=2, per_page=3)
    third = get(server, "/companies", page=3, per_page=3)
    # "Company 8" (id 1) sorts after "Company 2" (id 7): order is by name, not by ID.
    assert ids(first) + ids(second) + ids(third) == [7, 6, 5, 4, 3, 2, 1]
    assert len(get(server, "/contacts").json()) == 23  # per_page defaults to 30


def test_per_page_above_100_is_a_400(serve: ServeFactory) -> None:
    response = get(serve(), "/contacts", per_page=101)
    assert response.status_code == 400
    assert response.json()["description"] == "Validation failed"


def test_agents_lists_active_ones_unless_asked_for_deactivated(serve: ServeFactory) -> None:
    server = serve()
    assert set(ids(get(server, "/agents", per_page=100))) == set(range(10, 24))
    assert set(ids(get(server, "/agents", active="false"))) == {60, 61, 62}


def test_contacts_hide_deleted_and_blocked_unless_filtered(serve: ServeFactory) -> None:
    server = serve()
    assert {1900, 1901}.isdisjoint(ids(get(server, "/contacts", per_page=100)))
    assert ids(get(server, "/contacts", state="deleted")) == [1900]
    assert ids(get(server, "/contacts", state="blocked")) == [1901]


def test_next_link_has_the_real_format_and_is_absent_on_the_last_page(
    serve: ServeFactory,
) -> None:
    server = serve()
    first = get(server, "/companies", page=1, per_page=4)
    assert first.headers["link"] == (f'<{server.base_url}/companies?page=2&per_page=4>;rel="next"')
    assert "link" not in get(server, "/companies", page=2, per_page=4).headers
    plain = serve(Quirks(link_header=False))
    assert "link" not in get(plain, "/companies", page=1, per_page=4).headers


def test_rate_limit_headers_and_429(serve: ServeFactory) -> None:
    server = serve(Quirks(rate_limit=3, rate_window=30))
    answers = [get(server, "/roles") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    assert answers[0].headers["X-RateLimit-Total"] == "3"
    assert answers[0].headers["X-RateLimit-Used-CurrentRequest"] == "1"
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 30
    quiet = serve(Quirks(rate_limit=1, rate_window=30, retry_after=False))
    get(quiet, "/roles")
    assert "retry-after" not in get(quiet, "/roles").headers


def test_rate_headers_casing_and_background_usage(serve: ServeFactory) -> None:
    server = serve(Quirks(rate_limit=10, rate_header_case="lower", background_usage=6))
    raw = get(server, "/roles").headers.raw
    names = {name.decode() for name, _ in raw}
    assert "x-ratelimit-remaining" in names
    assert {n.decode(): v.decode() for n, v in raw}["x-ratelimit-remaining"] == "3"


def test_old_accounts_have_no_admin_groups(serve: ServeFactory) -> None:
    server = serve(Quirks(admin_groups=False))
    assert get(server, "/admin/groups").status_code == 404
    assert get(server, "/admin/groups/100/agents").status_code == 404
    assert get(server, "/groups").status_code == 200


def test_group_membership_endpoints(serve: ServeFactory) -> None:
    server = serve(REAL_API)
    listed = get(server, "/groups").json()
    assert all("agent_ids" not in g for g in listed)
    assert get(server, "/groups/103").json()["agent_ids"] == [14, 18, 22]
    admin = {g["id"]: g["agent_ids"] for g in get(server, "/admin/groups").json()}
    assert admin[104] == []
    members = get(server, "/admin/groups/103/agents").json()
    assert {m["id"] for m in members} == {14, 18, 22}
    assert set(members[0]) == {"id", "ticket_scope", "role_ids", "contact"}
    assert set(members[0]["contact"]) == {"name", "email"}


@pytest.mark.parametrize("shape", ["real", "seed"])
def test_record_shapes_carry_the_same_agent(serve: ServeFactory, shape: str) -> None:
    server = serve(Quirks(shape=shape))  # type: ignore[arg-type]
    record = get(server, "/agents/60").json()
    assert ("contact" in record) == (shape == "real")
    agent = parse(Agent, record)
    assert (agent.name, agent.email, agent.is_inactive, agent.group_ids) == (
        "Ex Agent",
        "agent60@acme.example",
        True,
        [100],
    )


def test_real_listings_leave_memberships_out_but_details_have_them(
    serve: ServeFactory,
) -> None:
    server = serve(REAL_API)
    listed = get(server, "/agents", per_page=100).json()
    assert not any({"role_ids", "group_ids", "skill_ids"} & set(r) for r in listed)
    assert get(server, "/agents/10").json()["role_ids"] == [3, 4]
    stored = serve(TEST_QUIRKS)
    assert all("role_ids" in r for r in get(stored, "/agents", per_page=100).json())


def test_faults_hit_the_chosen_requests(serve: ServeFactory) -> None:
    server = serve(
        Quirks(
            faults=(
                Fault("status", status=502, path="/roles", times=2),
                Fault("malformed", request=4),
            )
        )
    )
    assert [get(server, "/roles").status_code for _ in range(3)] == [502, 502, 200]
    with pytest.raises(ValueError, match="Expecting"):
        get(server, "/roles").json()
    assert [r.status for r in server.requests] == [502, 502, 200, 200]


@pytest.mark.parametrize("kind", ["drop", "truncate"])
def test_broken_connections(serve: ServeFactory, kind: str) -> None:
    server = serve(Quirks(faults=(Fault(kind, path="/roles"),)))  # type: ignore[arg-type]
    with pytest.raises(httpx.RemoteProtocolError):
        get(server, "/roles")
    assert get(server, "/roles").status_code == 200


def test_a_record_moves_after_the_chosen_page(serve: ServeFactory) -> None:
    from auditor.fake import MoveRecord

    server = serve(Quirks(move=MoveRecord("companies", 7, after_page=1, new_name="ZZ Moved")))
    before = ids(get(server, "/companies", page=1, per_page=3))
    after = get(server, "/companies", page=3, per_page=3).json()
    assert before == [7, 6, 5]
    assert [c["id"] for c in after] == [7]
    assert after[0]["name"] == "ZZ Moved"
    assert after[0]["updated_at"] > "2026-09-30T12:00:00Z"


def test_a_moved_record_is_dated_after_the_page_it_moved_after(serve: ServeFactory) -> None:
    """However the second boundary falls between the page's arrival and its answer."""
    from auditor.fake import MoveRecord

    server = serve(Quirks(move=MoveRecord("companies", 7, after_page=1, new_name="ZZ Moved")))
    first = get(server, "/companies", page=1, per_page=3)
    [moved] = get(server, "/companies", page=3, per_page=3).json()
    assert moved["id"] == 7
    assert parse_timestamp(moved["updated_at"]) > parsedate_to_datetime(first.headers["date"])


def test_the_manifest_is_replayed(tmp_path: Path, serve: ServeFactory) -> None:
    from tests.fake.accounts import small_account

    data = small_account(tmp_path / "odd")
    manifest = data / "manifest.json"
    document = json.loads(manifest.read_text())
    document["collections"]["companies"]["status"] = "denied"
    document["collections"]["contacts"]["status"] = "partial"
    manifest.write_text(json.dumps(document))
    server = serve(TEST_QUIRKS, data=data)
    assert get(server, "/companies").status_code == 403
    pages = [get(server, "/contacts", page=n, per_page=10) for n in (1, 2, 3, 4)]
    assert [p.status_code for p in pages] == [200, 200, 200, 503]
    assert "link" in pages[2].headers  # the last page of records still promises more
    off = serve(Quirks(replay_manifest=False), data=data)
    assert get(off, "/companies").status_code == 200


def test_request_log_counts(serve: ServeFactory) -> None:
    server = serve()
    get(server, "/roles")
    get(server, "/roles", key="nope")
    get(server, "/nowhere")
    assert server.count() == 3
    assert server.count(path="/roles") == 2
    assert server.count(status=401) == 1
    assert server.count(status=404) == 1


def test_fault_specs_from_the_command_line() -> None:
    assert parse_fault("status=503,path=/contacts,page=2,times=3") == Fault(
        "status", status=503, path="/contacts", page=2, times=3
    )
    assert parse_fault("drop,request=5") == Fault("drop", request=5)


def test_fake_freshdesk_command_serves_until_stopped(account_dir: Path, tmp_path: Path) -> None:
    # Port 0: the server takes a free port itself and names it; a port probed free here
    # could be taken by another test's server before the command listens on it.
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "auditor",
            "fake-freshdesk",
            "--port",
            "0",
            "--data",
            str(account_dir),
            "--rate-limit",
            "0",
        ],
        env={"FRESHDESK_API_KEY": KEY, "PATH": "/usr/bin:/bin"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        # The first line is printed once the server listens (or the command ends: "").
        first = process.stderr.readline()
        found = re.search(r" at (http://127\.0\.0\.1:(\d+)/api/v2)\n", first)
        assert found, first
        response = httpx.get(f"{found[1]}/agents/me", auth=(KEY, "X"), timeout=30)
        assert response.json()["id"] == 10
        assert "x-ratelimit-total" not in response.headers
    finally:
        process.terminate()
        _, rest = process.communicate(timeout=30)
    err = first + rest
    assert int(found[2]) > 0
    assert KEY not in err


def test_no_answer_sees_a_change_half_made(
    serve: ServeFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An agent deactivated while another request lists every agent (`only=availability`)
    is in that answer, deactivated or not, never missing (the quirk moves it in steps)."""
    import threading

    import auditor.fake.account as account_module
    from auditor.fake import DeactivateAgent

    server = serve(Quirks(deactivate=DeactivateAgent(12, after_page=1)))
    halfway = threading.Event()
    listed: list[list[int]] = []
    stamp = account_module.format_timestamp

    def slow_stamp(moment: Any) -> str:
        # Between leaving the active agents and joining the deactivated ones: time for
        # another request to be answered from this state, if it could be.
        halfway.set()
        time.sleep(1)
        return str(stamp(moment))

    def list_every_agent() -> None:
        assert halfway.wait(30)
        listed.append(ids(get(server, "/agents", only="availability", per_page=100)))

    monkeypatch.setattr(account_module, "format_timestamp", slow_stamp)
    other = threading.Thread(target=list_every_agent)
    other.start()
    get(server, "/agents", page=1, per_page=5)  # the deactivation runs in this answer
    other.join(30)
    assert 12 in listed[0]
