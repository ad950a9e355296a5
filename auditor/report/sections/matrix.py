"""The access matrix: one row per agent, one column per role and group, and the ticket scope."""

from dataclasses import dataclass

from auditor.analysis import Analysis


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    kind: str
    # A role the agents reference but the account does not define, or such a group.
    undefined: bool = False
    privileged: bool = False


@dataclass(frozen=True)
class MatrixRow:
    agent_id: int
    name: str
    email: str
    state: str
    tier: str
    scope: str
    cells: list[bool]


@dataclass(frozen=True)
class AccessMatrix:
    roles: list[Column]
    groups: list[Column]
    rows: list[MatrixRow]


def build_matrix(analysis: Analysis) -> AccessMatrix:
    graph = analysis.graph
    account = analysis.account
    agents = list(graph.agents())
    roles = [
        Column(
            f"role:{role.id}",
            role.name,
            "role",
            privileged=graph.role_tier(role.id).is_privileged,
        )
        for role in account.roles.values()
    ]
    unknown_roles = sorted({r for a in agents for r in graph.unknown_role_ids(a.id)})
    roles += [
        Column(f"role:{r}", f"undefined role {r}", "role", undefined=True) for r in unknown_roles
    ]
    groups = [Column(f"group:{g.id}", g.name, "group") for g in account.groups.values()]
    unknown_groups = sorted({g for a in agents for g in graph.unknown_group_ids(a.id)})
    groups += [
        Column(f"group:{g}", f"undefined group {g}", "group", undefined=True)
        for g in unknown_groups
    ]
    rows = []
    for agent in agents:
        held = {f"role:{r}" for r in agent.role_ids or []}
        held |= {f"group:{g}" for g in graph.group_ids_of(agent.id)}
        rows.append(
            MatrixRow(
                agent_id=agent.id,
                name=agent.name,
                email=agent.email,
                state=agent.state.value,
                tier=graph.tier_of(agent.id).value,
                scope=agent.ticket_scope.label,
                cells=[column.key in held for column in roles + groups],
            )
        )
    return AccessMatrix(roles=roles, groups=groups, rows=rows)
