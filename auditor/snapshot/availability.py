"""Records of `/agents?only=availability`, read when the account did not honour `active=false`.

Only two fields matter to the auditor: the agent's `id` and the top-level `deactivated`
flag, which marks the agent deactivated whichever listing its full record came from.
"""

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from auditor.models import Agent, AgentId


class AvailabilityRecord(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", frozen=True)

    id: AgentId
    deactivated: bool = False


def mark_deactivated(agents: Iterable[Agent], records: Iterable[AvailabilityRecord]) -> list[Agent]:
    """The agents, each one the availability listing marks deactivated set so."""
    deactivated = {record.id for record in records if record.deactivated}
    return [
        agent.model_copy(update={"deactivated": True})
        if agent.id in deactivated and not agent.deactivated
        else agent
        for agent in agents
    ]
