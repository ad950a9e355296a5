"""Contacts read as columns: the same contacts typed, the same errors, as the object path."""

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.emails import identity_key
from auditor.errors import RecordError, SnapshotError
from auditor.integrity.seal import sha256_of
from auditor.models import Contact
from auditor.records import parse
from auditor.snapshot import read_snapshot
from tests.builders import agent, company, contact, write_account


def _contacts() -> list[dict[str, Any]]:
    """Every shape the column reader tells apart, mixed with plain contacts."""
    plain = [contact(1000 + i, company_id=1 if i % 2 else None) for i in range(40)]
    return [
        *plain,
        contact(1, email="buyer@customer.example", company_id=1, view_all_tickets=True),
        # An agent's address, in another case and with a +tag: a duplicated identity.
        contact(2, email="Agent1+Portal@ACME.example"),
        contact(3, other_emails=["agent2@acme.example"]),
        contact(4, email="agent1@acme.example", deleted=True),
        # Objects in other_companies: only the model reads them.
        contact(5, other_companies=[{"company_id": 2, "view_all_tickets": True}]),
        contact(6, other_companies=[{"company_id": 2, "view_all_tickets": False}, 3]),
        contact(7, email=None, company_id=1, view_all_tickets=True),
        contact(8, email="someone@elsewhere.example", company_id=0, view_all_tickets=True),
        contact(9, created_at="2025-06-01T09:00:00+05:30", extra_field={"kept": True}),
        contact(10, created_at=" 2025-06-01T09:00:00Z "),
        contact(11, email=" AGENT2@acme.example ", company_id=1),
        contact(12, email="agent1@acme.example.org", other_emails=["x@acme.example"]),
    ]


def _object_path(snapshot: Path) -> tuple[dict[int, Contact], dict[str, int]]:
    """What reading every contact as a typed object gives: those that carry access, and
    the counts the table must show."""
    agent_keys = {identity_key(f"agent{i}@acme.example") for i in (1, 2)}
    lines = (snapshot / "contacts.jsonl").read_text(encoding="utf-8").splitlines()
    every = [parse(Contact, json.loads(line)) for line in lines]
    carried = {
        c.id: c
        for c in every
        if c.companies_viewing_all_tickets()
        or any(
            a.strip() and identity_key(a) in agent_keys for a in [c.email or "", *c.other_emails]
        )
    }
    counts = {
        "total": len(every),
        "viewing_all_tickets": sum(1 for c in every if c.companies_viewing_all_tickets()),
        "with_company": sum(1 for c in every if c.company_ids()),
        "deleted": sum(1 for c in every if c.deleted),
        "carried": len(carried),
    }
    return dict(sorted(carried.items())), counts


@pytest.mark.parametrize("plain_only", [False, True])
def test_columns_type_exactly_the_contacts_the_object_path_finds_carrying_access(
    tmp_path: Path, plain_only: bool
) -> None:
    """With objects in `other_companies` the block is read record by record; with plain
    records only, a column at a time: both find the same contacts."""
    contacts = _contacts()
    if plain_only:
        contacts = [c for c in contacts if c["id"] not in (5, 6, 9, 10)]
    snapshot = write_account(
        tmp_path,
        agents=[agent(1), agent(2)],
        contacts=contacts,
        companies=[company(1, domains=["customer.example"]), company(2)],
    )
    account = read_snapshot(snapshot)
    expected, counts = _object_path(snapshot)
    assert account.contacts == expected
    assert list(account.contacts) == ([1, 2, 3, 4, 7, 11] if plain_only else [1, 2, 3, 4, 5, 7, 11])
    table = account.contact_table
    assert {
        "total": table.total,
        "viewing_all_tickets": table.viewing_all_tickets,
        "with_company": table.with_company,
        "deleted": table.deleted,
        "carried": table.carried,
    } == counts
    assert list(table.frame["id"]) == sorted(table.frame["id"])


def test_a_contacts_detail_record_replaces_its_listing_record(tmp_path: Path) -> None:
    snapshot = write_account(
        tmp_path,
        contacts=[contact(1, company_id=1)],
        companies=[company(1)],
        extra_collections={
            "contact_details": [
                contact(
                    1, company_id=1, other_companies=[{"company_id": 2, "view_all_tickets": True}]
                )
            ]
        },
    )
    account = read_snapshot(snapshot)
    assert account.contacts[1].companies_viewing_all_tickets() == [2]
    assert account.contact_table.total == 1


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"id": True}, "id", "is invalid"),
        ({"name": None}, "name", "is invalid"),
        ({"company_id": "7"}, "company_id", "is invalid"),
        ({"view_all_tickets": 1}, "view_all_tickets", "is invalid"),
        ({"deleted": None}, "deleted", "is invalid"),
        ({"active": "yes"}, "active", "is invalid"),
        ({"other_emails": [1]}, "other_emails.0", "is invalid"),
        ({"other_companies": [True]}, "other_companies.0", "is invalid"),
        ({"created_at": "yesterday"}, "created_at", "not an ISO 8601 timestamp"),
        ({"created_at": "0001-01-01T00:00:00+01:00"}, "created_at", "outside the years 1-9999"),
        ({"updated_at": 5}, "updated_at", "must be an ISO 8601 timestamp string"),
    ],
)
def test_a_malformed_contact_is_named_by_file_line_and_field(
    tmp_path: Path, change: dict[str, Any], field: str, problem: str
) -> None:
    record = contact(9, company_id=1, view_all_tickets=False)
    record.update(change)
    write_account(tmp_path, contacts=[contact(8), record])
    with pytest.raises(RecordError) as caught:
        read_snapshot(tmp_path)
    assert caught.value.source == "contacts.jsonl"
    assert caught.value.record == "record id 9 (line 2)" or field == "id"
    assert caught.value.field == field
    assert problem in caught.value.problem


def test_a_missing_name_is_named_as_required(tmp_path: Path) -> None:
    record = contact(9)
    del record["name"]
    write_account(tmp_path, contacts=[record])
    with pytest.raises(RecordError, match="field 'name' is required but missing"):
        read_snapshot(tmp_path)


def test_a_contact_listed_twice_is_refused_by_id(tmp_path: Path) -> None:
    write_account(tmp_path, contacts=[contact(5), contact(3), contact(5)])
    with pytest.raises(SnapshotError, match=r"contacts\.jsonl: record id 5 appears twice"):
        read_snapshot(tmp_path)


def test_an_altered_file_whose_damage_is_also_bad_json_is_reported_as_altered(
    tmp_path: Path,
) -> None:
    """The hash is checked while reading: a damaged line of an altered file must still be
    reported as the alteration, not as a malformed record."""
    write_account(tmp_path, contacts=[contact(1), contact(2)])
    path = tmp_path / "contacts.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"id":2', b'"id":'))
    with pytest.raises(SnapshotError, match=r"contacts\.jsonl: content differs from the hash"):
        read_snapshot(tmp_path)


def test_an_altered_file_that_still_parses_is_reported_as_altered(tmp_path: Path) -> None:
    write_account(tmp_path, contacts=[contact(1, company_id=1)], companies=[company(1)])
    path = tmp_path / "contacts.jsonl"
    path.write_bytes(
        path.read_bytes().replace(b'"view_all_tickets":false', b'"view_all_tickets":true')
    )
    with pytest.raises(SnapshotError, match=r"contacts\.jsonl: content differs from the hash"):
        read_snapshot(tmp_path)


def test_a_contact_line_that_is_not_an_object_is_named(tmp_path: Path) -> None:
    write_account(tmp_path, contacts=[contact(1), contact(2)])
    path = tmp_path / "contacts.jsonl"
    path.write_text(path.read_text().splitlines()[0] + "\n[1,2]\n")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["files"]["contacts.jsonl"] = sha256_of(path)
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RecordError, match=r"line 2: field '\(record\)' is not a JSON object"):
        read_snapshot(tmp_path)
