"""Access judged against the identity provider's own SCIM 2.0 view (`--scim-token-file`):
deprovisioning that did not reach Freshdesk (FD-STALE-005), and agents made by hand
outside the provider (FD-HYG-006). SCIM users with no agent are not findings: the
report's SCIM reconciliation lists them."""

from collections.abc import Iterator

from auditor.graph.scim_match import ScimCheck
from auditor.rules.admin_ui import AGENTS_PAGE
from auditor.rules.base import SCIM, SCIM_COMPLETE, Hit, RuleContext, Severity, Subject
from auditor.rules.registry import rule

SECURITY_PAGE = "Admin > Security"


@rule(
    id="FD-STALE-005",
    title="Active agent whose SCIM user the identity provider has deactivated",
    severity=Severity.CRITICAL,
    subject="agent",
    rationale=(
        "With SCIM provisioning the identity provider deactivates a leaver's account and "
        "is trusted to carry that into every application. A SCIM user marked active false "
        "beside an agent that is still active means the provider's deprovisioning did not "
        "reach Freshdesk: the person the company has switched off can still log in and read "
        "customer data. It is the failure SCIM is bought to prevent, and an auditor relying "
        "on the provider's leaver report would never see it."
    ),
    remediation=(
        f"In Freshdesk go to {AGENTS_PAGE}, open the agent and choose Deactivate, then "
        "remove its roles and groups.",
        "In the identity provider (Okta, Entra ID, OneLogin), open the Freshdesk app's "
        "provisioning log for this user and fix the failed deprovisioning push, so the next "
        "leaver is not missed the same way.",
        f"Check the SCIM token and SAML SSO settings under {SECURITY_PAGE}: a revoked or "
        "expired token stops every update silently.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.18",
        "CIS Controls v8 5.6",
        "CIS Controls v8 6.2",
        "NIST SP 800-53 AC-2(3)",
        "NIST SP 800-53 PS-4",
    ),
    reads=SCIM,
)
def deprovisioning_not_applied(context: RuleContext, check: ScimCheck) -> Iterator[Hit]:
    """An active agent whose email (case-insensitive, `+tag` aliases folded) names SCIM
    users that are all `active: false`: the identity provider deprovisioned the person,
    Freshdesk did not. A SCIM user without a usable `active` value is reported in the
    SCIM reconciliation instead of being guessed."""
    for outcome in check.outcomes:
        if outcome.outcome != "deprovisioned":
            continue
        agent = outcome.agent
        users = ", ".join(f"{u.user_name or u.id} (id {u.id})" for u in outcome.users)
        yield Hit(
            Subject.of_agent(agent),
            f"The identity provider's SCIM user {users} is active: false, but agent "
            f"{agent.email} is active and {context.graph.explain_access(agent.id)}.",
            facts={
                "scim_users": ", ".join(u.id for u in outcome.users),
                "scim_external_ids": ", ".join(u.external_id for u in outcome.users),
            },
        )


@rule(
    id="FD-HYG-006",
    title="Active agent with no SCIM user in an account provisioned through SCIM",
    severity=Severity.MEDIUM,
    subject="agent",
    rationale=(
        "In an account whose agents are provisioned by the identity provider through SCIM, "
        "an agent with no SCIM user was made by hand, outside the provider. Its owner is "
        "not tied to an identity the company manages, so no leaver process, access request "
        "or multi-factor policy of the provider reaches it. A privileged one is an "
        "administrator account nobody's offboarding will remove."
    ),
    remediation=(
        "Find out who the account belongs to; if it is a person, assign the Freshdesk app "
        "to them in the identity provider so SCIM takes the agent over.",
        f"If nobody owns it, in Freshdesk go to {AGENTS_PAGE}, open the agent and choose "
        "Deactivate.",
        "If it is a legitimate break-glass or service account, record its owner and an "
        "exemption in the policy file.",
    ),
    frameworks=(
        "SOC 2 CC6.2",
        "ISO 27001:2022 A.5.16",
        "CIS Controls v8 5.6",
        "CIS Controls v8 6.7",
        "NIST SP 800-53 AC-2",
        "NIST SP 800-53 IA-4",
    ),
    reads=SCIM_COMPLETE,
)
def provisioned_outside_scim(context: RuleContext, check: ScimCheck) -> Iterator[Hit]:
    """An active agent whose email (case-insensitive, `+tag` aliases folded) names no
    SCIM user, in an account where at least one SCIM user is an agent: medium, high when
    the agent is privileged. Not judged unless every SCIM user was read, since a missing
    user of a partial listing proves nothing."""
    for outcome in check.outcomes:
        if outcome.outcome != "not_provisioned":
            continue
        agent = outcome.agent
        privileged = context.graph.is_privileged(agent.id)
        yield Hit(
            Subject.of_agent(agent),
            f"Active agent {agent.email} has no SCIM user among the identity provider's "
            f"{len(check.directory.users)}; it {context.graph.explain_access(agent.id)}.",
            severity=Severity.HIGH if privileged else None,
            facts={"privileged": "yes" if privileged else "no"},
        )
