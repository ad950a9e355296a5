"""The reader applies `/agents?only=availability`'s `deactivated` flag to any agent."""

from pathlib import Path

from auditor.models import AgentState
from auditor.snapshot import read_snapshot
from tests.builders import agent, write_account


def test_an_agent_the_availability_listing_marks_deactivated_is_deactivated(
    tmp_path: Path,
) -> None:
    snapshot = write_account(
        tmp_path / "snap",
        # Ben's own record looks active, as a default listing that holds deactivated
        # agents shows them; only the availability record says otherwise.
        agents=[agent(10, name="Ann"), agent(11, name="Ben")],
        extra_collections={
            "agents_availability": [
                {"id": 10, "deactivated": False},
                {"id": 11, "deactivated": True},
            ]
        },
    )
    states = {a.id: a.state for a in read_snapshot(snapshot).agents.values()}
    assert states == {10: AgentState.ACTIVE, 11: AgentState.DEACTIVATED}
