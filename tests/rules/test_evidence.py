"""FD-EVID-001: an incomplete snapshot is itself a finding, naming each collection."""

from pathlib import Path

import pytest

from tests.builders import agent, found
from tests.rules.cases import one, run


@pytest.mark.rule_case("FD-EVID-001", "positive")
def test_evid_001_names_each_partial_or_denied_collection_and_its_note(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1)],
        statuses={"contacts": "partial", "companies": "denied"},
        notes={
            "contacts": "Stopped after 5 rate-limited retries on page 12.",
            "companies": "HTTP 403: the key's owner may not list companies",
        },
    )
    assert found(analysis, "FD-EVID-001") == {"account:acme"}
    finding = one(analysis, "FD-EVID-001", "account:acme")
    assert finding.severity.value == "critical"
    assert finding.detail == (
        "The snapshot collected at 2026-09-30T12:00:00Z is incomplete, so the population and "
        "the findings that depend on it may be too: companies denied (0 records; note: HTTP 403: "
        "the key's owner may not list companies); contacts partial (0 records; note: Stopped after "
        "5 rate-limited retries on page 12)."
    )
    assert finding.facts["partial"] == "contacts"
    assert finding.facts["denied"] == "companies"


@pytest.mark.rule_case("FD-EVID-001", "negative")
def test_evid_001_is_silent_on_a_complete_snapshot(tmp_path: Path) -> None:
    assert found(run(tmp_path, agents=[agent(1)]), "FD-EVID-001") == set()
