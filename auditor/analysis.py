"""The offline half of the pipeline: snapshot -> graph -> rules, with no network access.

Every result derived from the optional inputs (the changes since the baseline, the
roster's verdict, the previous review's outcome) is computed here, once, into the
`RuleContext` that the rules read and the `Analysis` that the report reads.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.graph.identity import IdentityGraph
from auditor.graph.scim_match import ScimCheck, match_scim
from auditor.inputs.baseline import InputProvenance, QuarterInputs, load_inputs
from auditor.inputs.policy import Exemption, Policy, load_policy
from auditor.rules import REGISTRY
from auditor.rules.base import Finding, RuleContext
from auditor.rules.engine import run_rules, runnable, unused_exemptions
from auditor.snapshot import Account, read_snapshot
from auditor.snapshot.collector_pause import collector_paused
from auditor.snapshot.scim import read_scim

if TYPE_CHECKING:
    from auditor.graph.changes import AccessChanges
    from auditor.inputs.review import ReviewCheck
    from auditor.inputs.roster import RosterCheck
    from auditor.snapshot.contacts_prefetch import Prefetch


def policy_for_rules(path: Path | None) -> Policy:
    """The policy file checked against the registered rules, or the defaults without one."""
    if path is None:
        return Policy()
    subject_types = {rule.id: rule.subject_type for rule in REGISTRY.values()}
    return load_policy(path, REGISTRY.keys(), subject_types=subject_types)


@dataclass(frozen=True)
class Analysis:
    """Everything the reports show: the account, its graph, the policy and the findings."""

    account: Account
    graph: IdentityGraph
    policy: Policy
    as_of: datetime
    findings: list[Finding]
    unused_exemptions: list[Exemption] = field(default_factory=list)
    # Present when `--baseline`, `--roster` or `--previous-review` was given.
    changes: "AccessChanges | None" = None
    roster: "RosterCheck | None" = None
    previous_review: "ReviewCheck | None" = None
    # The SCIM users matched to the agents, when the snapshot holds SCIM users (the
    # manifest's `scim` record says why not otherwise).
    scim: ScimCheck | None = None
    # Each optional input given (baseline, roster, previous_review): its path and SHA-256.
    inputs: dict[str, InputProvenance] = field(default_factory=dict)
    # The IDs of the rules that ran: every rule whose inputs were given.
    rules_run: frozenset[str] = frozenset()


def analyze(
    snapshot: Path,
    *,
    policy_path: Path | None = None,
    as_of: datetime | None = None,
    baseline_path: Path | None = None,
    roster_path: Path | None = None,
    previous_review_path: Path | None = None,
    prefetch: "Prefetch | None" = None,
) -> Analysis:
    """The analysis of `snapshot`. `prefetch`, its contacts' second reader if one was
    started early, is stopped by the time this returns or fails."""
    try:
        policy = policy_for_rules(policy_path)
        account = read_snapshot(snapshot, prefetch)
    finally:
        if prefetch is not None:
            prefetch.close()
    graph = IdentityGraph(account, policy.role_tiers)
    moment = as_of or account.manifest.collected_at
    inputs = load_inputs(
        account,
        baseline_path=baseline_path,
        roster_path=roster_path,
        previous_review_path=previous_review_path,
    )
    context = derive(account, graph, policy, moment, inputs)
    rules = runnable(context)
    # Tens of thousands of findings, each a few small objects, that live as long as the
    # run: see `collector_paused`.
    with collector_paused(freeze=True):
        findings = run_rules(context, rules)
    evaluated = frozenset(rule.id for rule in rules)
    return Analysis(
        account=account,
        graph=graph,
        policy=policy,
        as_of=moment,
        findings=findings,
        unused_exemptions=unused_exemptions(
            findings, [e for e in policy.exemptions if e.rule in evaluated]
        ),
        changes=context.changes,
        roster=context.roster,
        previous_review=context.previous_review,
        scim=context.scim,
        inputs=inputs.provenance(),
        rules_run=evaluated,
    )


def derive(
    account: Account,
    graph: IdentityGraph,
    policy: Policy,
    as_of: datetime,
    inputs: QuarterInputs,
) -> RuleContext:
    """Match each given input to the snapshot, once: what the rules and the report read.

    Each input's matching is imported only when the input was given, as its reader is
    (`inputs.baseline`): most analyses are given none.
    """
    # The baseline's graph, built with the same policy tiers as the current one.
    baseline = IdentityGraph(inputs.baseline, policy.role_tiers) if inputs.baseline else None
    changes, roster, previous_review = None, None, None
    if baseline is not None:
        from auditor.graph.changes import compare

        changes = compare(baseline, graph)
    if inputs.roster is not None:
        from auditor.inputs.roster import match_roster

        roster = match_roster(inputs.roster, graph)
    if inputs.previous_review is not None:
        from auditor.inputs.review import check_review

        previous_review = check_review(inputs.previous_review, graph, baseline)
    scim = read_scim(account.directory, account.manifest)
    return RuleContext(
        account=account,
        graph=graph,
        policy=policy,
        as_of=as_of,
        changes=changes,
        roster=roster,
        previous_review=previous_review,
        scim=match_scim(scim, graph) if scim is not None and scim.answered else None,
    )
