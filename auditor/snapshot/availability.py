"""Records of `/agents?only=availability`, read when the account did not honour `active=false`.

Only two fields matter to the auditor: the agent's `id` and the top-level `deactivated`
flag, which marks the agent deactivated whichever listing its full record came from.
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.models import Agent, AgentId
from auditor.records import Record


@dataclass(frozen=True, kw_only=True)
class AvailabilityRecord(Record):
    id: AgentId
    deactivated: bool = False


def mark_deactivated(agents: Iterable[Agent], records: Iterable[AvailabilityRecord]) -> list[Agent]:
    """The agents, each one the availability listing marks deactivated set so."""
    deactivated = {record.id for record in records if record.deactivated}
    return [
        dataclasses.replace(agent, deactivated=True)
        if agent.id in deactivated and not agent.deactivated
        else agent
        for agent in agents
    ]
