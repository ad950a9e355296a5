"""The organisation's email domains: from the policy's `org_domains`, or inferred.

Without `org_domains` the organisation's domain is taken to be the most common
domain among active agents (SPEC), an agent on a subdomain counting for its parent;
webmail domains never count. Reports show how the domains were obtained, so this is a
pure function the rules and the report both call.
"""

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from auditor.emails import ascii_domain, domain_of, is_webmail, within
from auditor.graph.identity import IdentityGraph
from auditor.inputs.policy import Policy
from auditor.models import AgentState


@dataclass(frozen=True)
class OrganisationDomains:
    """Which domains belong to the organisation, and how that was decided."""

    domains: tuple[str, ...]
    inferred: bool
    # For inferred domains: active agents on each chosen domain, and all active agents.
    agents_on_domain: int = 0
    active_agents: int = 0
    # Of `agents_on_domain`, how many are on a subdomain of the chosen domain.
    agents_on_subdomains: int = 0

    def includes(self, domain: str) -> bool:
        """A domain of the organisation or one of its subdomains; webmail never is."""
        return bool(domain) and not is_webmail(domain) and within(domain, self.domains)

    def describe(self) -> str:
        """How the report states the basis: configured, inferred, or not inferable."""
        if not self.inferred:
            return f"organisation domains from the policy's org_domains: {', '.join(self.domains)}"
        if not self.domains:
            return (
                "no organisation domain could be inferred (no active agent has a non-webmail "
                "address) and the policy sets no org_domains"
            )
        share = f"{self.agents_on_domain} of {self.active_agents} active agents"
        if self.agents_on_subdomains:
            share += f", {self.agents_on_subdomains} of them on subdomains"
        if len(self.domains) > 1:
            share += " each, tied"
        return (
            f"organisation domain inferred as {' and '.join(self.domains)}, the most common "
            f"domain of active agents ({share}), because the policy sets no org_domains"
        )


def organisation_domains(graph: IdentityGraph, policy: Policy) -> OrganisationDomains:
    """The policy's `org_domains`, or the most common non-webmail domain of active agents.

    An agent on a subdomain counts for its parent domain too, when some agent uses the
    parent itself: with three agents on acme.example and five on support.acme.example the
    organisation is acme.example (eight agents), and its administrators are not reported
    as outsiders. When several domains tie for most common, all of them are taken:
    choosing one would report the others' administrators as outsiders on a coin toss.
    """
    if policy.org_domains:
        return OrganisationDomains(policy.org_domains, inferred=False)
    active = list(graph.agents(AgentState.ACTIVE))
    # Thousands of agents share a few domains: each is respelt once, for this call only.
    spelt = functools.cache(ascii_domain)
    agents_by_domain = Counter(
        domain
        for domain in (spelt(domain_of(agent.email)) for agent in active)
        if domain and not is_webmail(domain)
    )
    if not agents_by_domain:
        return OrganisationDomains((), inferred=True, active_agents=len(active))
    covered = agents_covered(agents_by_domain)
    top = max(covered.values())
    chosen = tuple(sorted(domain for domain, count in covered.items() if count == top))
    return OrganisationDomains(
        chosen,
        inferred=True,
        agents_on_domain=top,
        active_agents=len(active),
        # Tied domains are described together, so only a single one names its subdomains.
        agents_on_subdomains=top - agents_by_domain[chosen[0]] if len(chosen) == 1 else 0,
    )


def agents_covered(agents_by_domain: Mapping[str, int]) -> dict[str, int]:
    """Per domain, the agents on it or on its subdomains: for each `candidate`, the sum
    over the domains `d` that are `within(d, (candidate,))`.

    Found without comparing every domain with every other (which grew with the square of
    the distinct domains): `d` is within `candidate` exactly when the candidate, respelt
    by `ascii_domain`, is `d` respelt or a part of it after a dot, so each domain counts
    for those of its parts that are candidates.
    """
    spelt = functools.cache(ascii_domain)
    candidates: dict[str, list[str]] = {}
    for candidate in agents_by_domain:
        candidates.setdefault(spelt(candidate), []).append(candidate)
    covered = dict.fromkeys(agents_by_domain, 0)
    for domain, count in agents_by_domain.items():
        for part in _self_and_parents(spelt(domain)):
            for candidate in candidates.get(part, ()):
                covered[candidate] += count
    return covered


def _self_and_parents(domain: str) -> list[str]:
    """`a.b.example`, `b.example` and `example`: the domain and each part after a dot."""
    return [domain] + [domain[i + 1 :] for i, char in enumerate(domain) if char == "."]
