"""Where the evidence came from: the provenance every bundle file repeats.

The HTML header, `findings.json` and the bundle's `manifest.json` all state the same
facts (account, source, collection and judgement times, the key's owner, the snapshot
manifest's hash, the policy used, which collections were incomplete); they are built
here once so the three can never disagree.

Input files (policy, roster, previous review, baseline) are named by their file name and
identified by their SHA-256: the path as typed would make the same inputs give different
bytes from another working directory, and would write local folder names into evidence.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor import TOOL_NAME, __version__
from auditor.analysis import Analysis
from auditor.records import to_json
from auditor.rules.base import Rule
from auditor.timestamps import format_timestamp

DEFAULT_POLICY = "defaults"


@dataclass(frozen=True)
class IncompleteCollection:
    """A collection the snapshot holds only in part, or not at all, and why."""

    name: str
    status: str
    records: int
    note: str


@dataclass(frozen=True)
class RunInfo:
    tool_name: str
    tool_version: str
    domain: str
    base_url: str
    collected_at: str
    as_of: str
    key_owner: str
    key_owner_record: dict[str, Any] | None
    snapshot_manifest_sha256: str
    snapshot_tool_version: str
    membership_route: str
    agent_record_shape: str
    policy_path: str
    policy_sha256: str
    incomplete: tuple[IncompleteCollection, ...]
    # `/api/v2/account` and its comparison with the collected agents (None: not recorded).
    account_count: dict[str, Any] | None
    # Optional inputs given to this run, named as rules name them in `needs`.
    inputs: tuple[str, ...]
    # The same inputs with the path and SHA-256 of the file (or snapshot manifest) used.
    input_files: dict[str, dict[str, str]]
    # The IDs of the rules that ran, as the analysis decided.
    rules_run: frozenset[str]

    @property
    def complete(self) -> bool:
        return not self.incomplete

    @property
    def policy_label(self) -> str:
        return self.policy_path or "built-in defaults (no --policy given)"

    def policy_document(self) -> dict[str, str] | str:
        """The policy as the JSON files record it: path and hash, or "defaults"."""
        if not self.policy_path:
            return DEFAULT_POLICY
        return {"path": self.policy_path, "sha256": self.policy_sha256}

    def completeness_document(self) -> dict[str, Any]:
        # Snapshots without an `/account` answer keep the document they always had.
        counted = {"account_count": self.account_count} if self.account_count else {}
        return {
            "complete": self.complete,
            "incomplete_collections": [
                {"name": c.name, "status": c.status, "records": c.records, "note": c.note}
                for c in self.incomplete
            ],
            **counted,
        }


def run_info(analysis: Analysis) -> RunInfo:
    manifest = analysis.account.manifest
    source = manifest.source
    owner = source.key_owner
    return RunInfo(
        tool_name=TOOL_NAME,
        tool_version=__version__,
        domain=analysis.account.domain,
        base_url=source.base_url,
        collected_at=format_timestamp(manifest.collected_at),
        as_of=format_timestamp(analysis.as_of),
        key_owner=f"{owner.name} <{owner.email}> (agent {owner.id})" if owner else "not recorded",
        key_owner_record=to_json(owner) if owner else None,
        snapshot_manifest_sha256=analysis.account.manifest_sha256,
        snapshot_tool_version=manifest.tool.version,
        membership_route=source.membership_route,
        agent_record_shape=source.agent_record_shape,
        policy_path=input_name(analysis.policy.path),
        policy_sha256=analysis.policy.sha256,
        incomplete=tuple(
            IncompleteCollection(name, stats.status, stats.records, stats.note)
            for name, stats in sorted(manifest.incomplete_collections.items())
        )
        + _unreconciled(analysis),
        account_count=to_json(manifest.account) if manifest.account else None,
        inputs=inputs_given(analysis),
        input_files={
            name: {
                **analysis.inputs[name].document(),
                "path": input_name(analysis.inputs[name].path),
            }
            for name in sorted(analysis.inputs)
        },
        rules_run=analysis.rules_run,
    )


def _unreconciled(analysis: Analysis) -> tuple[IncompleteCollection, ...]:
    """The agents, as one more incomplete part, when they do not reconcile with the
    account's own count: the banner and FD-EVID-001 say the same thing."""
    record = analysis.account.manifest.account
    if record is None or record.reconciled is not False:
        return ()
    collected = sum(row.collected for row in record.comparison)
    return (
        IncompleteCollection(
            "agents (against the account's own count)",
            "not reconciled",
            collected,
            record.explanation,
        ),
    )


def input_name(path: str) -> str:
    """The file or folder name of an input as given on the command line ("" if none given)."""
    return Path(os.path.abspath(path)).name if path else ""


def inputs_given(analysis: Analysis) -> tuple[str, ...]:
    """The optional inputs (baseline, previous review, roster) this analysis was given."""
    return tuple(sorted(analysis.inputs))


def rule_evaluated(rule: Rule, info: RunInfo) -> bool:
    """Whether the rule ran in this analysis (it ran when every input it reads was given)."""
    return rule.id in info.rules_run
