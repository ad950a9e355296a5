"""The snapshot's SCIM users: counted against the manifest, damaged lines refused, and
the fields matching needs read as served."""

import json
from pathlib import Path

import pytest

from auditor.errors import SnapshotError
from auditor.snapshot.manifest import ScimRecord
from auditor.snapshot.reader import read_manifest
from auditor.snapshot.scim import read_scim, scim_user
from auditor.snapshot.writer import ScimCollected
from tests.builders import agent, write_account

USERS = [
    {"id": "u1", "userName": "ana@acme.example", "active": True},
    {
        "id": "u2",
        "userName": "bjones",
        "active": "TRUE",
        "emails": [
            {"value": "ben.alias@acme.example"},
            {"value": "ben@acme.example", "primary": True},
            {"value": 7},
        ],
        "externalId": "00u2",
    },
]


def snapshot(tmp_path: Path) -> Path:
    record = ScimRecord(
        status="complete", base_url="https://acme.freshdesk.com/scim/v2", users=2, total_results=2
    )
    return write_account(
        tmp_path / "snap",
        agents=[agent(1, email="ana@acme.example")],
        scim=ScimCollected(record, USERS, []),
    )


def test_users_are_read_with_their_addresses(tmp_path: Path) -> None:
    directory = snapshot(tmp_path)
    scim = read_scim(directory, read_manifest(directory))
    assert scim is not None
    ana, ben = scim.users
    assert ana.addresses == ("ana@acme.example",)
    # Primary first; a userName that is no address is not one; "TRUE" is read as true.
    assert ben.addresses == ("ben@acme.example", "ben.alias@acme.example")
    assert (ben.active, ben.external_id, ben.line) == (True, "00u2", 2)


def test_a_count_that_does_not_match_the_manifest_is_refused(tmp_path: Path) -> None:
    directory = snapshot(tmp_path)
    manifest = read_manifest(directory)
    (directory / "scim_users.jsonl").write_text(json.dumps(USERS[0]) + "\n")
    with pytest.raises(SnapshotError, match=r"says scim_users\.jsonl holds 2 SCIM users"):
        read_scim(directory, manifest)


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(SnapshotError, match="line 3: the record is not a JSON object"):
        scim_user(["u1"], 3)


@pytest.mark.parametrize("value", [None, "yes", 1, {"value": True}])
def test_an_active_that_is_not_a_boolean_is_unknown(value: object) -> None:
    assert scim_user({"id": "u1", "active": value}, 1).active is None
