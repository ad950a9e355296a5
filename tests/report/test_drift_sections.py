"""The report's quarter-over-quarter sections: shown only with their input, names as text."""

from pathlib import Path

from auditor.report.html import render_html
from tests.builders import ADMIN, AGENT, agent
from tests.quarterly.quarters import run, write_csv, write_review

HOSTILE = "<img src=x onerror=alert(1)>"
SECTION_IDS = ('id="changes"', 'id="roster"', 'id="previous-review"')


def test_without_quarterly_inputs_the_sections_are_left_out(tmp_path: Path) -> None:
    html = render_html(run(tmp_path, current={"agents": [agent(1)]}))
    assert [marker in html for marker in SECTION_IDS] == [False, False, False]


def test_each_input_brings_its_section_with_names_as_text(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "okta.csv", ["Username", "Status"], [["x@acme.example", "ACTIVE"]]
    )
    review = write_review(
        tmp_path / "review.csv",
        [{"agent_id": "1", "entitlement": "role:2", "decision": "nope", "reviewer": "r"}],
    )
    analysis = run(
        tmp_path,
        baseline={"agents": [agent(1, name=HOSTILE, role_ids=[AGENT])]},
        current={"agents": [agent(1, name=HOSTILE, role_ids=[ADMIN])]},
        roster=roster,
        previous_review=review,
    )
    html = render_html(analysis)
    assert [marker in html for marker in SECTION_IDS] == [True, True, True]
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The roster section names the agent it found absent; the review section the bad row.
    assert "nothing: no row has this address" in html
    assert "decision &#39;nope&#39; for agent 1 role:2 is neither keep nor revoke" in html
