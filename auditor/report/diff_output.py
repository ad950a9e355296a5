"""What `auditor diff` shows and writes: the access changes as terminal text (counts first),
`diff.csv` for reviewers and `diff.json` for tools; the same inputs give the same bytes."""

from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.errors import UsageError
from auditor.graph.changes import CHANGE_COLUMNS, AccessChanges, AgentDelta, AgentView, SnapshotInfo
from auditor.graph.entitlements import Entitlement
from auditor.integrity.seal import canonical_json, write_atomic
from auditor.report.csv_files import csv_bytes
from auditor.terminal import printable
from auditor.timestamps import format_timestamp

DIFF_FILES = ("diff.csv", "diff.json")
# How each change reads in the terminal: `+` access appeared, `-` it went, `~` it changed.
CHANGE_MARKS = {
    "agent_added": "+",
    "entitlement_gained": "+",
    "agent_removed": "-",
    "entitlement_lost": "-",
}


def summary_lines(changes: AccessChanges) -> list[str]:
    """The counts, in three lines a reader takes in at a glance."""
    n = changes.counts()
    return [
        f"{n.agents_changed} agents changed: {n.agents_added} added, "
        f"{n.agents_removed} removed, {n.agents_reactivated} reactivated, "
        f"{n.agents_deactivated} deactivated; tier {n.tiers_raised} raised, "
        f"{n.tiers_lowered} lowered",
        f"Entitlements: roles {n.roles_gained} gained, {n.roles_lost} lost; "
        f"groups {n.groups_gained} gained, {n.groups_lost} lost; "
        f"ticket scopes {n.scopes_gained} gained, {n.scopes_lost} lost",
        f"Privileged entitlements gained: {n.privileged_gained}",
    ]


def render_text(changes: AccessChanges) -> str:
    """The terminal report: which account and period, the counts, then agent by agent."""
    lines = [
        f"Access changes in {printable(changes.current.domain)} {changes.describe_period()}",
        *summary_lines(changes),
    ]
    if not changes.agents:
        lines += ["", "No access changed."]
    for delta in changes.agents:
        lines += ["", _agent_heading(delta), *(f"  {line}" for line in _agent_lines(delta))]
    return "\n".join(lines) + "\n"


def _agent_heading(delta: AgentDelta) -> str:
    latest = delta.latest
    return f"agent {delta.agent_id}  {printable(latest.name)} <{printable(latest.email)}>"


def _agent_lines(delta: AgentDelta) -> list[str]:
    lines = []
    for kind, entitlement, before, after in delta.changes():
        if kind == "agent_added":
            text = f"added: {after}"
        elif kind == "agent_removed":
            text = f"removed: was {before}"
        elif kind in ("entitlement_gained", "entitlement_lost") and entitlement:
            text = entitlement.describe()
        else:
            text = f"{kind.replace('_', ' ')}: {before} -> {after}"
        lines.append(f"{CHANGE_MARKS.get(kind, '~')} {printable(text)}")
    return lines


def diff_document(changes: AccessChanges) -> dict[str, Any]:
    """`diff.json`: both snapshots' identity, the counts, and every changed agent."""
    return {
        "kind": "access_changes",
        "tool": {"name": "freshdesk-access-auditor", "version": __version__},
        "baseline": _snapshot(changes.baseline),
        "current": _snapshot(changes.current),
        "counts": changes.counts().as_dict(),
        "agents": [_agent(delta) for delta in changes.agents],
    }


def _snapshot(info: SnapshotInfo) -> dict[str, str]:
    return {
        "domain": info.domain,
        "collected_at": format_timestamp(info.collected_at),
        "snapshot_manifest_sha256": info.manifest_sha256,
    }


def _agent(delta: AgentDelta) -> dict[str, Any]:
    return {
        "agent_id": delta.agent_id,
        "name": delta.latest.name,
        "email": delta.latest.email,
        "before": _view(delta.before),
        "after": _view(delta.after),
        "gained": [_entitlement(e) for e in delta.gained],
        "lost": [_entitlement(e) for e in delta.lost],
        "changed": [
            {"before": _entitlement(r.before), "after": _entitlement(r.after)}
            for r in delta.changed
        ],
    }


def _view(view: AgentView | None) -> dict[str, str] | None:
    if view is None:
        return None
    return {
        "name": view.name,
        "email": view.email,
        "state": view.state.value,
        "tier": view.tier.value,
    }


def _entitlement(entitlement: Entitlement) -> dict[str, Any]:
    return {
        "entitlement": entitlement.key,
        "type": entitlement.type,
        "name": entitlement.name,
        "privileged": entitlement.privileged,
    }


def write_diff(changes: AccessChanges, out: Path, compared: tuple[Path, Path]) -> list[Path]:
    """Write `diff.csv` and `diff.json` into `out`, each atomically; return their paths.

    Never into either compared snapshot: files added there would break its seal.
    """
    target = out.resolve()
    for snapshot in compared:
        if target.is_relative_to(snapshot.resolve()):
            raise UsageError(
                f"--out {out} is the snapshot {snapshot} or inside it; diff.csv and diff.json "
                "there would break the snapshot's seal. Choose another --out folder."
            )
    contents = {
        "diff.csv": csv_bytes(CHANGE_COLUMNS, changes.rows()),
        "diff.json": canonical_json(diff_document(changes)),
    }
    written = []
    for name in DIFF_FILES:
        write_atomic(out / name, contents[name])
        written.append(out / name)
    return written
