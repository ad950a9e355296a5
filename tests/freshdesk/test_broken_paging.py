"""Collect over loopback from fake servers that page wrongly (issue 9): never complete and short.

Against each paging fault the snapshot is either complete and equal to what the server
served, or its short collections are `partial` with a note and FD-EVID-001 reports them.
"""

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import analyze
from auditor.errors import CollectError
from auditor.fake import FakeFreshdesk, PagingFaults, Quirks
from tests.cli import run_cli
from tests.fake.accounts import (
    KEY,
    TEST_QUIRKS,
    ServeFactory,
    assert_matches_served,
    by_id,
    cli_args,
    collect_from,
    data_records,
    small_account,
)

LISTED = ("agents", "agents_inactive", "roles", "groups", "contacts", "companies")


def served_by(server: FakeFreshdesk) -> dict[str, list[dict[str, Any]]]:
    """What each listing of the account holds (stored shape, memberships in the listings)."""
    views = server.views
    return {
        "agents": views.agents(active=True),
        "agents_inactive": views.agents(active=False),
        "roles": views.roles(),
        "groups": views.groups(admin=True),
        "contacts": views.contacts(None),
        "companies": views.companies(),
    }


def collections_of(snapshot: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((snapshot / "manifest.json").read_text())
    collections: dict[str, Any] = manifest["collections"]
    return collections


def assert_complete_and_equal_or_partial(snapshot: Path, server: FakeFreshdesk) -> set[str]:
    """Each listing is complete with exactly the served records, or partial with a note;
    the names of the partial ones, which FD-EVID-001 must report."""
    collections = collections_of(snapshot)
    partial = set()
    for name, records in served_by(server).items():
        stats = collections[name]
        collected = by_id(data_records(snapshot, f"{name}.jsonl"))
        if stats["status"] == "complete":
            assert collected == by_id(records), name
        else:
            assert (stats["status"], bool(stats["note"])) == ("partial", True), name
            partial.add(name)
    findings = [f for f in analyze(snapshot).findings if f.rule_id == "FD-EVID-001"]
    if partial:
        # One finding names the partial collections; a short agents listing may also leave
        # the account's own count unreconciled, which is a second finding.
        incomplete = [f for f in findings if any(f"{n} partial" in f.detail for n in partial)]
        assert len(incomplete) == 1
        for name in partial:
            assert f"{name} partial" in incomplete[0].detail
    else:
        assert findings == []
    return partial


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        (PagingFaults(repeat_page=2), "page 2 repeated 5 records of page 1"),
        (PagingFaults(repeat_page=3), "page 3 repeated 5 records of page 2"),
        (PagingFaults(ignore_page=True), "page 2 repeated 5 records of page 1"),
    ],
    ids=["repeat-page-2", "repeat-page-3", "ignore-page"],
)
@pytest.mark.parametrize("links", [True, False], ids=["links", "no-links"])
def test_a_server_answering_the_wrong_page_is_partial(
    serve: ServeFactory, tmp_path: Path, faults: PagingFaults, expected: str, links: bool
) -> None:
    server = serve(replace(TEST_QUIRKS, paging=faults, link_header=links))
    # The cap only bounds a broken detection (it would page an ignored `page` for ever).
    collect_from(server, tmp_path / "snap", allow_partial=True, max_pages=50)
    partial = assert_complete_and_equal_or_partial(tmp_path / "snap", server)
    assert "contacts" in partial  # 23 contacts: five pages
    assert collections_of(tmp_path / "snap")["contacts"]["note"] == expected


def test_without_allow_partial_a_repeated_page_stops_the_run(
    serve: ServeFactory, tmp_path: Path
) -> None:
    server = serve(replace(TEST_QUIRKS, paging=PagingFaults(repeat_page=2)))
    with pytest.raises(CollectError, match=r"GET /api/v2/\S+: page 2 repeated 5 records"):
        collect_from(server, tmp_path / "snap")
    assert not (tmp_path / "snap" / "manifest.json").exists()


@pytest.mark.parametrize(
    ("own_size", "per_page", "contacts"),
    [(3, 5, 23), (3, 5, 21), (30, 100, 70), (30, 100, 90)],
    ids=["3-of-5", "3-of-5-exact", "30-of-100", "30-of-100-exact"],
)
def test_a_server_that_ignores_per_page_is_read_in_full(
    serve: ServeFactory, tmp_path: Path, own_size: int, per_page: int, contacts: int
) -> None:
    """No link header and a page size of its own: 300 contacts were sealed as 30."""
    data = small_account(tmp_path / "served", contacts=contacts)
    faults = PagingFaults(own_page_size=own_size)
    server = serve(replace(TEST_QUIRKS, paging=faults, link_header=False), data=data)
    collect_from(server, tmp_path / "snap", per_page=per_page)
    assert assert_complete_and_equal_or_partial(tmp_path / "snap", server) == set()
    assert_matches_served(tmp_path / "snap", server)
    note = collections_of(tmp_path / "snap")["contacts"]["note"]
    assert f"answered {own_size} records a page though {per_page} were asked" in note


def test_a_server_that_ignores_per_page_and_page_is_partial(
    serve: ServeFactory, tmp_path: Path
) -> None:
    faults = PagingFaults(own_page_size=3, ignore_page=True)
    server = serve(replace(TEST_QUIRKS, paging=faults, link_header=False))
    collect_from(server, tmp_path / "snap", allow_partial=True, max_pages=50)
    assert "contacts" in assert_complete_and_equal_or_partial(tmp_path / "snap", server)


def test_endless_next_links_stop_at_the_page_cap(serve: ServeFactory, tmp_path: Path) -> None:
    server = serve(replace(TEST_QUIRKS, paging=PagingFaults(endless=True)))
    collect_from(server, tmp_path / "snap", allow_partial=True, max_pages=8)
    collections = collections_of(tmp_path / "snap")
    for name, records in served_by(server).items():
        stats = collections[name]
        assert stats["status"] == "partial", name
        assert stats["note"].startswith("stopped at the page cap of 8 pages"), name
        # Every real record came before the made-up ones, and none is lost.
        collected = {r["id"] for r in data_records(tmp_path / "snap", f"{name}.jsonl")}
        assert {r["id"] for r in records} <= collected, name
    assert server.count(path="/contacts") <= 9


def test_a_listing_within_the_page_cap_is_complete(serve: ServeFactory, tmp_path: Path) -> None:
    server = serve(TEST_QUIRKS)
    collect_from(server, tmp_path / "snap", max_pages=5)  # 23 contacts: five pages
    assert_matches_served(tmp_path / "snap", server)


class KeepsMoving(FakeFreshdesk):
    """Right after page 1 of `/contacts` is served, contact 1000 (last by name) moves: to
    the front of the listing the first time, to the back the next; both passes see it move."""

    moves = 0

    def after_page(self, collection: str | None, page: int, served_at: datetime) -> None:
        super().after_page(collection, page, served_at)
        if collection == "contacts" and page == 1:
            self.moves += 1
            name = "AAA moved" if self.moves % 2 else "zzz moved"
            self.account.move("contacts", 1000, name, self.now())


@pytest.mark.parametrize("allow_partial", [True, False], ids=["allow-partial", "strict"])
def test_a_listing_that_changed_in_both_passes_is_partial(
    account_dir: Path, tmp_path: Path, allow_partial: bool
) -> None:
    quirks: Quirks = TEST_QUIRKS
    with KeepsMoving(account_dir, api_key=KEY, quirks=quirks) as server:
        if not allow_partial:
            with pytest.raises(CollectError, match="the second listing also changed"):
                collect_from(server, tmp_path / "snap")
            return
        collect_from(server, tmp_path / "snap", allow_partial=True)
        note = collections_of(tmp_path / "snap")["contacts"]["note"]
    assert collections_of(tmp_path / "snap")["contacts"]["status"] == "partial"
    assert "listed a second time" in note
    assert "the second listing also changed while it ran (record id " in note


def test_the_command_line_fails_closed_on_a_repeated_page(
    serve: ServeFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exit 2 without --allow-partial; with it, a partial snapshot, FD-EVID-001 and the
    red banner in the report."""
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    server = serve(replace(TEST_QUIRKS, paging=PagingFaults(repeat_page=2)))
    snapshot = tmp_path / "snap"
    strict = run_cli(capsys, *cli_args("collect", server.url, snapshot))
    assert strict.code == 2
    assert "page 2 repeated 5 records of page 1" in strict.err
    assert "--resume --allow-partial" in strict.err
    assert "Traceback" not in strict.err
    resumed = run_cli(
        capsys, *cli_args("collect", server.url, snapshot, "--resume", "--allow-partial")
    )
    assert resumed.code == 0, resumed.err
    assert "INCOMPLETE: " in resumed.out
    assert "contacts" in resumed.out.split("INCOMPLETE: ")[1]
    report = run_cli(capsys, "analyze", str(snapshot), "--out", str(tmp_path / "report"))
    assert report.code == 0, report.err
    findings = (tmp_path / "report" / "findings.csv").read_text(encoding="utf-8")
    assert "FD-EVID-001" in findings
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "Incomplete evidence: this snapshot does not hold the whole account." in html
    assert "page 2 repeated 5 records of page 1" in html

    audit_strict = run_cli(capsys, *cli_args("audit", server.url, tmp_path / "audit-strict"))
    assert audit_strict.code == 2
    assert "page 2 repeated" in audit_strict.err
    audit = run_cli(capsys, *cli_args("audit", server.url, tmp_path / "audit", "--allow-partial"))
    assert audit.code == 0, audit.err
    assert "FD-EVID-001" in (tmp_path / "audit" / "findings.csv").read_text(encoding="utf-8")


def test_the_max_pages_flag_caps_every_listing(
    serve: ServeFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    server = serve(replace(TEST_QUIRKS, paging=PagingFaults(endless=True)))
    args = cli_args("collect", server.url, tmp_path / "snap", "--max-pages", "3")
    result = run_cli(capsys, *args, "--allow-partial")
    assert result.code == 0, result.err
    contacts = collections_of(tmp_path / "snap")["contacts"]
    assert (contacts["status"], contacts["pages"]) == ("partial", 3)
    refused = run_cli(capsys, *cli_args("collect", server.url, tmp_path / "x", "--max-pages", "0"))
    assert refused.code == 2


@pytest.mark.parametrize(
    ("flags", "faults"),
    [
        (["--repeat-page", "2"], PagingFaults(repeat_page=2)),
        (["--ignore-page"], PagingFaults(ignore_page=True)),
        (["--ignore-per-page", "--no-link-header"], PagingFaults(own_page_size=30)),
        (["--endless"], PagingFaults(endless=True)),
        ([], PagingFaults()),
    ],
    ids=["repeat-page", "ignore-page", "ignore-per-page", "endless", "none"],
)
def test_fake_freshdesk_switches_each_paging_fault(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    flags: list[str],
    faults: PagingFaults,
) -> None:
    seen: list[Quirks] = []

    def record_and_stop(self: FakeFreshdesk) -> None:
        seen.append(self.quirks)
        raise KeyboardInterrupt

    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    monkeypatch.setattr(FakeFreshdesk, "serve_forever", record_and_stop)
    result = run_cli(capsys, "fake-freshdesk", "--port", "0", *flags)
    assert result.code == 0, result.err
    assert [quirks.paging for quirks in seen] == [faults]
