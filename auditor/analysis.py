"""The offline half of the pipeline: snapshot -> graph -> rules, with no network access."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from auditor.graph import IdentityGraph
from auditor.policy import Exemption, Policy, load_policy
from auditor.rules import REGISTRY
from auditor.rules.base import Finding, RuleContext
from auditor.rules.engine import run_rules, unused_exemptions
from auditor.snapshot import Account, read_snapshot


@dataclass(frozen=True)
class Analysis:
    """Everything the reports show: the account, its graph, the policy and the findings."""

    account: Account
    graph: IdentityGraph
    policy: Policy
    as_of: datetime
    findings: list[Finding]
    unused_exemptions: list[Exemption] = field(default_factory=list)


def analyze(
    snapshot: Path, *, policy_path: Path | None = None, as_of: datetime | None = None
) -> Analysis:
    policy = load_policy(policy_path, REGISTRY.keys()) if policy_path else Policy()
    account = read_snapshot(snapshot)
    graph = IdentityGraph(account, policy.role_tiers)
    moment = as_of or account.manifest.collected_at
    context = RuleContext(account=account, graph=graph, policy=policy, as_of=moment)
    findings = run_rules(context)
    return Analysis(
        account=account,
        graph=graph,
        policy=policy,
        as_of=moment,
        findings=findings,
        unused_exemptions=unused_exemptions(findings, policy.exemptions),
    )
