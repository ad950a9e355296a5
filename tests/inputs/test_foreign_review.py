"""A previous review of another account (or some other worksheet) named only agents this
account never had: it produced one "names agent N, which is not in this snapshot" line per
row (204 for the sample) and exit 0, as if last quarter's decisions had been followed up.
It is now an input error (exit 2) that says so once."""

from pathlib import Path

import pytest

from auditor.errors import InputError
from tests.builders import ADMIN, agent, write_account
from tests.cli import run_cli
from tests.inputs.test_review import CURRENT, decided
from tests.quarterly.quarters import run, write_review

FOREIGN_ROWS = [decided(9000 + n, "role:2", "keep" if n % 3 else "revoke") for n in range(30)]


def test_a_review_matching_no_agent_of_the_snapshot_is_refused_once(tmp_path: Path) -> None:
    review = write_review(tmp_path / "other_account_review.csv", FOREIGN_ROWS)
    with pytest.raises(InputError) as error:
        run(tmp_path, current=CURRENT, previous_review=review)
    message = str(error.value)
    assert message.startswith(
        f"The previous review {review} matches no agent of this snapshot (account 'acme'): "
        "none of its 30 rows names one of the 3 agents it holds."
    )
    assert "review of another account" in message
    assert message.count("9001") == 0  # one paragraph, not a line per row


def test_a_review_matching_only_agents_of_the_baseline_is_used(tmp_path: Path) -> None:
    """Every reviewed agent was deleted since: unusual, but the baseline shows it is this
    account's review, and each revocation is confirmed by the agent being gone."""
    review = write_review(tmp_path / "review.csv", [decided(7, "role:2", "revoke")])
    baseline = {"agents": [agent(7, role_ids=[ADMIN])]}
    analysis = run(tmp_path, current=CURRENT, baseline=baseline, previous_review=review)
    assert analysis.previous_review is not None
    assert [r.status for r in analysis.previous_review.revocations] == ["agent_gone"]


def test_a_review_matching_some_agents_keeps_its_line_notes(tmp_path: Path) -> None:
    review = write_review(
        tmp_path / "review.csv", [decided(1, "role:2", "keep"), *FOREIGN_ROWS[:2]]
    )
    analysis = run(tmp_path, current=CURRENT, previous_review=review)
    assert analysis.previous_review is not None
    assert [p.line for p in analysis.previous_review.problems] == [3, 4]


def test_analyze_exits_2_for_a_foreign_review_and_writes_no_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = write_account(tmp_path / "snap", agents=[agent(1), agent(2)])
    review = write_review(tmp_path / "review.csv", FOREIGN_ROWS)
    out = tmp_path / "out"
    result = run_cli(
        capsys, "analyze", str(snapshot), "--previous-review", str(review), "--out", str(out)
    )
    assert result.code == 2
    assert "matches no agent of this snapshot" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert result.out == ""
    assert not out.exists()
