"""Contacts' `view_all_tickets` on real-shape accounts: read from `/contacts/{id}`, and only
for the contacts FD-BROAD-007 could report; listings that carry it are used as they are."""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.analysis import analyze
from auditor.fake import REAL_API, Quirks
from auditor.freshdesk import contact_access
from auditor.freshdesk.contact_access import Judged, company_domains, contacts_needing_detail
from tests.builders import agent, company, contact, write_account
from tests.fake.accounts import TEST_QUIRKS, ServeFactory, collect_from, data_records

FAST_REAL = replace(REAL_API, rate_limit=3000, rate_window=1.0)
GLOBEX, INITECH = 1, 2
# Contacts that could make FD-BROAD-007 fire: a company link outside their domain.
FOREIGN_PRIMARY, FOREIGN_OTHER, FOREIGN_BUT_NO_ACCESS = 1001, 1002, 1005


def _account(directory: Path) -> Path:
    contacts = [
        # Views all of Globex's tickets from a reseller's address: FD-BROAD-007.
        contact(
            FOREIGN_PRIMARY,
            name="Ann Reseller",
            email="ann@reseller.example",
            company_id=GLOBEX,
            view_all_tickets=True,
        ),
        # Views all of Initech's tickets through other_companies: FD-BROAD-007.
        contact(
            FOREIGN_OTHER,
            name="Bob Globex",
            email="bob@globex.example",
            company_id=GLOBEX,
            other_companies=[{"company_id": INITECH, "view_all_tickets": True}],
        ),
        # On the company's own domain: never fetched, never reported.
        contact(
            1003,
            name="Cat Globex",
            email="cat@globex.example",
            company_id=GLOBEX,
            view_all_tickets=True,
        ),
        # No company at all.
        contact(1004, name="Dan Nobody", email="dan@else.example"),
        # Outside the company's domain, but without the right: fetched, not reported.
        contact(
            FOREIGN_BUT_NO_ACCESS,
            name="Eve Outsider",
            email="eve@outsider.example",
            company_id=INITECH,
        ),
    ]
    return write_account(
        directory,
        agents=[agent(10, name="Admin")],
        contacts=contacts,
        companies=[
            company(GLOBEX, "Globex", ["globex.example"]),
            company(INITECH, "Initech", ["initech.example"]),
        ],
    )


def _broad_007(snapshot: Path) -> set[str]:
    findings = analyze(snapshot).findings
    return {f.subject.id for f in findings if f.rule.id == "FD-BROAD-007"}


def test_real_listings_are_completed_from_contact_details(
    serve: ServeFactory, tmp_path: Path
) -> None:
    server = serve(FAST_REAL, data=_account(tmp_path / "served"))
    listed = server.views.contacts(None)
    assert all("view_all_tickets" not in record for record in listed)
    collect_from(server, tmp_path / "snap")
    asked = {r.path for r in server.requests if r.path.startswith("/contacts/")}
    wanted = {FOREIGN_PRIMARY, FOREIGN_OTHER, FOREIGN_BUT_NO_ACCESS}
    assert asked == {f"/contacts/{c}" for c in wanted}
    details = data_records(tmp_path / "snap", "contact_details.jsonl")
    assert details == [server.views.contact(c) for c in sorted(wanted)]
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text())
    stats = manifest["collections"]["contact_details"]
    assert (stats["status"], stats["records"], stats["requests"]) == ("complete", 3, 3)
    assert stats["endpoint"] == "/api/v2/contacts/{id}"
    assert manifest["source"]["contact_access_route"] == "contact-details"
    assert any("read /api/v2/contacts/{id} for the 3 of 5" in n for n in manifest["notes"])
    assert _broad_007(tmp_path / "snap") == {str(FOREIGN_PRIMARY), str(FOREIGN_OTHER)}


@pytest.mark.parametrize("quirks", [TEST_QUIRKS, replace(FAST_REAL, contact_access="listing")])
def test_listings_that_carry_the_field_are_used_as_they_are(
    serve: ServeFactory, tmp_path: Path, quirks: Quirks
) -> None:
    server = serve(quirks, data=_account(tmp_path / "served"))
    collect_from(server, tmp_path / "snap")
    assert not any(r.path.startswith("/contacts/") for r in server.requests)
    assert not (tmp_path / "snap" / "contact_details.jsonl").exists()
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text())
    assert manifest["source"]["contact_access_route"] == "listing"
    assert _broad_007(tmp_path / "snap") == {str(FOREIGN_PRIMARY), str(FOREIGN_OTHER)}


def test_a_contact_gone_before_its_detail_is_noted_not_fatal(
    serve: ServeFactory, tmp_path: Path
) -> None:
    from auditor.fake import Fault

    quirks = replace(FAST_REAL, faults=(Fault("status", status=404, path="/contacts/1001"),))
    server = serve(quirks, data=_account(tmp_path / "served"))
    collect_from(server, tmp_path / "snap")
    stats = json.loads((tmp_path / "snap" / "manifest.json").read_text())["collections"][
        "contact_details"
    ]
    assert (stats["status"], stats["records"]) == ("complete", 2)
    assert "contact 1001 no longer exists" in stats["note"]
    assert _broad_007(tmp_path / "snap") == {str(FOREIGN_OTHER)}


def test_which_contacts_need_their_detail() -> None:
    companies = [{"id": 1, "domains": ["globex.example"]}, {"id": 2, "domains": []}]
    contacts = [
        {"id": 1, "email": "a@globex.example", "company_id": 1, "other_companies": []},
        {"id": 2, "email": "b@sub.globex.example", "company_id": 1},  # a subdomain is covered
        {"id": 3, "email": "c@globex.example", "company_id": 1, "other_companies": [2]},
        {"id": 4, "email": "d@x.example", "company_id": 9},  # company not listed
        {"id": 5, "email": "e@x.example", "company_id": 1, "view_all_tickets": False},
        {"id": 6, "email": "f@x.example", "company_id": 1, "deleted": True},
        {"id": 7, "email": None, "company_id": 1},
        {"id": 8, "email": "g@x.example", "company_id": 2, "other_companies": [9]},  # once
    ]
    assert contacts_needing_detail(contacts, companies, companies_complete=True) == [3, 4, 8]
    # An incomplete companies listing cannot tell that company 9 is outside: not judged.
    assert contacts_needing_detail(contacts, companies, companies_complete=False) == [3, 8]


def test_the_final_pass_judges_only_what_was_not_judged_while_listing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    companies = [{"id": 1, "domains": ["Globex.example"]}, {"id": 2, "domains": ["bücher.example"]}]
    first_page = [
        {"id": 1, "email": "a@globex.example", "company_id": 1},
        {"id": 2, "email": "b@x.example", "company_id": 1},
        {"id": 3, "email": "c@xn--bcher-kva.example", "company_id": 2},  # the same domain
    ]
    later = [
        {"id": 4, "email": "d@x.example", "company_id": 2},
        {"id": 2, "email": "b@globex.example", "company_id": 1},  # moved: a new record
    ]
    judged = Judged(company_domains(companies))
    assert judged.judge(first_page) == [2]
    calls: list[object] = []
    needs_detail = contact_access._needs_detail

    def counted(contact: Any, *args: Any) -> bool:
        calls.append(contact["id"])
        return needs_detail(contact, *args)

    monkeypatch.setattr(contact_access, "_needs_detail", counted)
    listing = [*first_page[:1], *first_page[2:], *later]
    assert (
        contacts_needing_detail(listing, judged.domains, companies_complete=True, judged=judged)
        == contacts_needing_detail(listing, companies, companies_complete=True)
        == [4]
    )
    assert calls[:2] == [4, 2]  # with the verdicts, only the records not judged yet


def test_a_refused_contact_detail_stops_the_run_or_is_recorded_as_denied(
    serve: ServeFactory, tmp_path: Path
) -> None:
    from auditor.fake import Fault
    from auditor.freshdesk.failures import AccessDenied

    refused = Fault("status", status=403, path="/contacts/1001", times=0)
    server = serve(replace(FAST_REAL, faults=(refused,)), data=_account(tmp_path / "served"))
    with pytest.raises(AccessDenied, match="/api/v2/contacts/1001"):
        collect_from(server, tmp_path / "strict")
    collect_from(server, tmp_path / "lenient", allow_partial=True)
    stats = json.loads((tmp_path / "lenient" / "manifest.json").read_text())["collections"][
        "contact_details"
    ]
    assert (stats["status"], stats["records"]) == ("denied", 2)
    findings = analyze(tmp_path / "lenient").findings
    evidence = [f for f in findings if f.rule.id == "FD-EVID-001"]
    assert len(evidence) == 1
    assert "contact_details denied" in evidence[0].detail
    assert _broad_007(tmp_path / "lenient") == {str(FOREIGN_OTHER)}
