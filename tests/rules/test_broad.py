"""FD-BROAD-001..007 on tiny accounts: exact subjects, severities and details."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.emails import domain_of, within
from auditor.models import Contact
from auditor.rules.broad import ForeignViews
from auditor.rules.domains import agents_covered, organisation_domains
from auditor.snapshot.carried_contacts import CarriedContacts
from tests.builders import (
    ACCOUNT_ADMIN,
    ADMIN,
    AGENT,
    COLLABORATOR,
    OLD,
    SUPERVISOR,
    agent,
    company,
    contact,
    found,
    group,
    standard_roles,
)
from tests.rules.carried_cases import COMPANIES, carried
from tests.rules.cases import entitlements, one, run, severities

# -- FD-BROAD-001: too many administrators ----------------------------------------------------


def _team(admins: int, agents: int, start: int = 1) -> list[dict[str, object]]:
    """`admins` administrators then ordinary agents, `agents` in all."""
    return [
        agent(n, role_ids=[ADMIN] if n < start + admins else [AGENT])
        for n in range(start, start + agents)
    ]


@pytest.mark.rule_case("FD-BROAD-001", "positive")
def test_broad_001_finds_too_many_administrators_by_count(tmp_path: Path) -> None:
    analysis = run(tmp_path, agents=_team(admins=5, agents=30))
    assert found(analysis, "FD-BROAD-001") == {"account:acme"}
    finding = one(analysis, "FD-BROAD-001", "account:acme")
    assert finding.severity.value == "medium"
    assert "5 of 30 active agents hold a privileged role (more than max_admins 4)" in (
        finding.detail
    )
    assert "Agent 1 (agent 1, Administrator via role 2)" in finding.detail
    assert finding.facts["privileged_agents"] == 5
    assert finding.facts["active_agents"] == 30


@pytest.mark.rule_case("FD-BROAD-001", "positive")
def test_broad_001_finds_too_large_a_share(tmp_path: Path) -> None:
    analysis = run(tmp_path, agents=_team(admins=3, agents=10))
    assert found(analysis, "FD-BROAD-001") == {"account:acme"}
    assert "30%, above max_admin_ratio 20%" in one(analysis, "FD-BROAD-001", "account:acme").detail


@pytest.mark.rule_case("FD-BROAD-001", "negative")
@pytest.mark.parametrize(
    ("admins", "agents"),
    [(4, 20), (2, 5), (1, 1), (0, 3)],
    ids=["at-both-limits", "two-is-a-backup", "single-agent-account", "no-admin"],
)
def test_broad_001_ignores_accounts_within_limits(tmp_path: Path, admins: int, agents: int) -> None:
    assert found(run(tmp_path, agents=_team(admins, agents)), "FD-BROAD-001") == set()


@pytest.mark.rule_case("FD-BROAD-001", "negative")
def test_broad_001_counts_only_active_administrators(tmp_path: Path) -> None:
    inactive = [
        agent(n, role_ids=[ACCOUNT_ADMIN], active=False, last_login_at=OLD) for n in (40, 41, 42)
    ]
    analysis = run(tmp_path, agents=_team(admins=3, agents=20), inactive_agents=inactive)
    assert found(analysis, "FD-BROAD-001") == set()


@pytest.mark.rule_case("FD-BROAD-001", "positive")
@pytest.mark.parametrize(
    ("policy", "admins", "agents", "stated"),
    [
        ("max_admin_ratio = 0.2\n", 41, 200, "20.5%, above max_admin_ratio 20%"),
        ("max_admin_ratio = 0.125\n", 3, 23, "13%, above max_admin_ratio 12.5%"),
    ],
)
def test_broad_001_states_the_share_and_the_limit_precisely(
    tmp_path: Path, policy: str, admins: int, agents: int, stated: str
) -> None:
    analysis = run(tmp_path, policy="max_admins = 1000\n" + policy, agents=_team(admins, agents))
    assert stated in one(analysis, "FD-BROAD-001", "account:acme").detail


@pytest.mark.rule_case("FD-BROAD-001", "positive")
def test_broad_001_follows_the_policy_limits(tmp_path: Path) -> None:
    analysis = run(tmp_path, policy="max_admins = 1\n", agents=_team(admins=2, agents=20))
    assert found(analysis, "FD-BROAD-001") == {"account:acme"}


# -- FD-BROAD-002: occasional or collaborator agent with a privileged role -------------------


@pytest.mark.rule_case("FD-BROAD-002", "positive")
def test_broad_002_finds_privileged_occasional_and_collaborator_agents(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN], occasional=True),
            agent(2, role_ids=[ACCOUNT_ADMIN], agent_type="collaborator"),
            # A support agent carrying a collaborator role next to the admin role.
            agent(3, role_ids=[COLLABORATOR, ADMIN]),
            agent(4, role_ids=[AGENT], occasional=True),
            agent(5, role_ids=[ADMIN]),
        ],
        inactive_agents=[
            agent(6, role_ids=[ADMIN], occasional=True, active=False, last_login_at=OLD)
        ],
    )
    assert severities(analysis, "FD-BROAD-002") == {
        "agent:1": "high",
        "agent:2": "high",
        "agent:3": "high",
    }
    detail = one(analysis, "FD-BROAD-002", "agent:1").detail
    assert detail.startswith("Active occasional agent holds a privileged role")
    assert "holds Administrator via role 2" in detail
    assert "Active collaborator agent" in one(analysis, "FD-BROAD-002", "agent:2").detail


@pytest.mark.rule_case("FD-BROAD-002", "negative")
def test_broad_002_ignores_unprivileged_part_timers_and_full_time_admins(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[SUPERVISOR], occasional=True),
            agent(2, role_ids=[COLLABORATOR], agent_type="collaborator"),
            agent(3, role_ids=[ADMIN]),
            # A role /roles does not define grants no known privilege.
            agent(4, role_ids=[99], occasional=True),
        ],
    )
    assert found(analysis, "FD-BROAD-002") == set()


@pytest.mark.rule_case("FD-BROAD-002", "positive")
@pytest.mark.rule_case("FD-BROAD-002", "negative")
def test_broad_002_collaborator_roles_follow_the_policy(tmp_path: Path) -> None:
    # "Contractor" is a collaborator role by policy; "Collaborator Admins" is an admin role
    # by policy whatever its name; "Vendor Admin" was made for collaborators (agent type 3).
    roles = [
        *standard_roles((10, "Contractor"), (11, "Collaborator Admins")),
        {"id": 12, "name": "Vendor Admin", "agent_type": 3, "default": False},
    ]
    analysis = run(
        tmp_path,
        policy=(
            '[roles]\n"Contractor" = "collaborator"\n"Collaborator Admins" = "admin"\n'
            '"Vendor Admin" = "admin"\n'
        ),
        roles=roles,
        agents=[
            agent(1, role_ids=[10, ADMIN]),
            agent(2, role_ids=[11]),
            agent(3, role_ids=[12]),
        ],
    )
    assert found(analysis, "FD-BROAD-002") == {"agent:1", "agent:3"}
    assert "holds Contractor via role 10; holds Administrator via role 2" in (
        one(analysis, "FD-BROAD-002", "agent:1").detail
    )


# -- FD-BROAD-003: Global scope beyond need ---------------------------------------------------


@pytest.mark.rule_case("FD-BROAD-003", "positive")
def test_broad_003_finds_global_scope_outside_the_agents_groups(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[AGENT], scope=1, group_ids=[10]),
            agent(2, role_ids=[COLLABORATOR], scope=1, agent_type="collaborator"),
            agent(3, role_ids=[], scope=1),  # no role at all: tier agent
        ],
        groups=[group(10, "Support"), group(11, "HR")],
    )
    assert entitlements(analysis, "FD-BROAD-003") == {
        ("agent:1", "scope:global"),
        ("agent:2", "scope:global"),
        ("agent:3", "scope:global"),
    }
    detail = one(analysis, "FD-BROAD-003", "agent:1").detail
    assert "Active agent of tier agent has Global ticket scope" in detail
    assert "member of 1 of 2 groups" in detail
    assert "tickets of 1 group it does not belong to: HR (group 11)" in detail


def test_broad_003_names_the_first_groups_missed_and_counts_the_rest(tmp_path: Path) -> None:
    # The rule lists only the groups its detail names, and counts the others: member of
    # groups 10 and 12 of 10..18, the agent misses seven, named in group order up to five.
    analysis = run(
        tmp_path,
        agents=[agent(1, role_ids=[AGENT], scope=1, group_ids=[12, 10, 404])],
        groups=[group(n, f"G{n}") for n in range(10, 19)],
    )
    finding = one(analysis, "FD-BROAD-003", "agent:1")
    assert (
        "tickets of 7 groups it does not belong to: G11 (group 11), G13 (group 13), "
        "G14 (group 14), G15 (group 15), G16 (group 16) and 2 more."
    ) in finding.detail
    assert finding.facts["groups_not_member"] == 7


@pytest.mark.rule_case("FD-BROAD-003", "negative")
def test_broad_003_ignores_members_of_every_group_supervisors_and_group_scope(
    tmp_path: Path,
) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[AGENT], scope=1, group_ids=[10, 11]),
            agent(2, role_ids=[SUPERVISOR], scope=1),
            agent(3, role_ids=[AGENT], scope=2),
        ],
        inactive_agents=[agent(4, scope=1, active=False, last_login_at=OLD)],
        groups=[group(10), group(11, agent_ids=[1])],
    )
    assert found(analysis, "FD-BROAD-003") == set()


@pytest.mark.rule_case("FD-BROAD-003", "negative")
def test_broad_003_membership_seen_from_the_group_side_counts(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1, role_ids=[AGENT], scope=1, group_ids=[])],
        groups=[group(10, agent_ids=[1])],
    )
    assert found(analysis, "FD-BROAD-003") == set()


@pytest.mark.rule_case("FD-BROAD-003", "positive")
@pytest.mark.rule_case("FD-BROAD-003", "negative")
def test_broad_003_judges_only_groups_whose_members_are_known(tmp_path: Path) -> None:
    # Memberships were missing from the listing and /admin/groups/{id}/agents stopped
    # part-way (group 12 never answered): agents are loaded with no groups. Group 11 lists
    # its members in its own record, so agent 1 is provably outside it; it is in group 10
    # and may be in group 12.
    listed = [agent(1, scope=1, group_ids=[10]), agent(2, group_ids=[11])]
    for record in listed:
        del record["group_ids"], record["role_ids"]
    analysis = run(
        tmp_path,
        agents=listed,
        groups=[group(10, "Support"), group(11, "HR", agent_ids=[2]), group(12, "Billing")],
        extra_collections={
            "group_members": [{"group_id": 10, "agents": [{"id": 1, "role_ids": [AGENT]}]}],
            "agent_details": [],
        },
        statuses={"group_members": "partial", "agent_details": "partial"},
    )
    assert found(analysis, "FD-BROAD-003") == {"agent:1"}
    finding = one(analysis, "FD-BROAD-003", "agent:1")
    assert "the tickets of 1 group it does not belong to: HR (group 11)." in finding.detail


# -- FD-BROAD-004: privileged or Global access outside the organisation ------------------------

ORG = 'org_domains = ["acme.example"]\n'


@pytest.mark.rule_case("FD-BROAD-004", "positive")
def test_broad_004_finds_privileged_or_global_agents_outside_org_domains(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        policy=ORG,
        agents=[
            agent(1, role_ids=[ADMIN], email="ops@msp.example"),
            agent(2, role_ids=[AGENT], scope=1, email="jane.doe@gmail.com"),
            agent(3, role_ids=[ADMIN], email="Boss@ACME.example"),
            agent(4, role_ids=[ADMIN], email="lead@eu.acme.example"),
            agent(5, role_ids=[AGENT], email="helper@gmail.com"),
        ],
        inactive_agents=[
            agent(6, role_ids=[ADMIN], email="old@gmail.com", active=False, last_login_at=OLD)
        ],
    )
    assert severities(analysis, "FD-BROAD-004") == {"agent:1": "high", "agent:2": "high"}
    msp = one(analysis, "FD-BROAD-004", "agent:1")
    assert "an address outside the organisation's domains (ops@msp.example)" in msp.detail
    assert "holds Administrator via role 2" in msp.detail
    assert "from the policy's org_domains: acme.example" in msp.detail
    assert msp.facts["org_domains_inferred"] == "no"
    webmail = one(analysis, "FD-BROAD-004", "agent:2")
    assert "a personal webmail address (jane.doe@gmail.com)" in webmail.detail
    assert webmail.facts["grants"] == "Global scope"


@pytest.mark.rule_case("FD-BROAD-004", "positive")
def test_broad_004_infers_the_organisation_domain_without_org_domains(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, email="a@acme.example"),
            agent(2, email="b@ACME.example"),
            agent(3, email="c@acme.example"),
            # More agents on gmail.com than on acme.example: webmail never counts.
            *(agent(n, email=f"user{n}@gmail.com") for n in (4, 5, 6, 7)),
            agent(8, role_ids=[ADMIN], email="ops@contractor.example"),
            agent(9, role_ids=[ADMIN], email="me@gmail.com"),
            agent(10, role_ids=[ADMIN], email="x@acme.example"),
        ],
    )
    assert found(analysis, "FD-BROAD-004") == {"agent:8", "agent:9"}
    organisation = organisation_domains(analysis.graph, analysis.policy)
    assert organisation.domains == ("acme.example",)
    assert organisation.inferred
    detail = one(analysis, "FD-BROAD-004", "agent:8").detail
    assert (
        "organisation domain inferred as acme.example, the most common domain of active "
        "agents (4 of 10 active agents), because the policy sets no org_domains"
    ) in detail
    assert one(analysis, "FD-BROAD-004", "agent:8").facts["org_domains_inferred"] == "yes"


@pytest.mark.rule_case("FD-BROAD-004", "negative")
def test_broad_004_single_agent_account_is_its_own_organisation(tmp_path: Path) -> None:
    analysis = run(
        tmp_path, agents=[agent(1, role_ids=[ACCOUNT_ADMIN], email="Owner@Acme.Example")]
    )
    assert found(analysis, "FD-BROAD-004") == set()


@pytest.mark.rule_case("FD-BROAD-004", "positive")
def test_broad_004_single_webmail_admin_leaves_no_organisation_domain(tmp_path: Path) -> None:
    analysis = run(tmp_path, agents=[agent(1, role_ids=[ACCOUNT_ADMIN], email="owner@gmail.com")])
    assert found(analysis, "FD-BROAD-004") == {"agent:1"}
    assert "no organisation domain could be inferred" in (
        one(analysis, "FD-BROAD-004", "agent:1").detail
    )


@pytest.mark.rule_case("FD-BROAD-004", "negative")
def test_broad_004_tied_domains_are_both_taken_as_the_organisations(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN], email="a@one.example"),
            agent(2, email="b@one.example"),
            agent(3, role_ids=[ADMIN], email="c@two.example"),
            agent(4, email="d@two.example"),
        ],
    )
    assert found(analysis, "FD-BROAD-004") == set()
    organisation = organisation_domains(analysis.graph, analysis.policy)
    assert organisation.domains == ("one.example", "two.example")
    assert "(2 of 4 active agents each, tied)" in organisation.describe()


@pytest.mark.rule_case("FD-BROAD-004", "positive")
def test_broad_004_inferred_domain_counts_agents_on_its_subdomains(tmp_path: Path) -> None:
    # More agents on support.acme.example than on acme.example itself: the organisation is
    # still acme.example, and its administrators there are not outsiders.
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[ACCOUNT_ADMIN], email="owner@acme.example"),
            agent(2, role_ids=[ADMIN], email="it@ACME.example"),
            *(agent(n, email=f"agent{n}@support.acme.example") for n in (3, 4, 5)),
            agent(6, role_ids=[ADMIN], email="ops@msp.example"),
        ],
    )
    assert found(analysis, "FD-BROAD-004") == {"agent:6"}
    organisation = organisation_domains(analysis.graph, analysis.policy)
    assert organisation.domains == ("acme.example",)
    assert (
        "organisation domain inferred as acme.example, the most common domain of active "
        "agents (5 of 6 active agents, 3 of them on subdomains)"
    ) in one(analysis, "FD-BROAD-004", "agent:6").detail


@pytest.mark.rule_case("FD-BROAD-004", "negative")
@pytest.mark.parametrize("configured", ["bücher.example", "xn--bcher-kva.example"])
def test_broad_004_internationalised_domain_matches_in_either_spelling(
    tmp_path: Path, configured: str
) -> None:
    analysis = run(
        tmp_path,
        policy=f'org_domains = ["{configured}"]\n',
        agents=[
            agent(1, role_ids=[ADMIN], email="chef@Bücher.example"),
            agent(2, role_ids=[ADMIN], email="it@xn--bcher-kva.example"),
            agent(3, role_ids=[ADMIN], email="ops@buecher.example"),
        ],
    )
    assert found(analysis, "FD-BROAD-004") == {"agent:3"}


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="ab.Ü\u3002-", min_size=1, max_size=7), st.integers(1, 3), max_size=6
    )
)
def test_broad_004_agents_covered_is_within_for_every_pair(
    agents_by_domain: dict[str, int],
) -> None:
    # The organisation's domain counts the agents on each domain within it: found by
    # walking up each domain's parents, it must be what comparing every pair finds.
    pairwise = {
        candidate: sum(n for d, n in agents_by_domain.items() if within(d, (candidate,)))
        for candidate in agents_by_domain
    }
    assert agents_covered(agents_by_domain) == pairwise


# -- FD-BROAD-005: shared or generic mailbox --------------------------------------------------


@pytest.mark.rule_case("FD-BROAD-005", "positive")
def test_broad_005_finds_generic_mailboxes_whatever_their_case_or_tag(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, email="support@acme.example"),
            agent(2, role_ids=[ADMIN], email="Admin@ACME.example"),
            agent(3, email="helpdesk+eu@acme.example"),
            agent(4, email="info@gmail.com"),
            agent(5, email="jane.doe@acme.example"),
            agent(6, email="supportive@acme.example"),
        ],
        inactive_agents=[agent(7, email="noreply@acme.example", active=False, last_login_at=OLD)],
    )
    assert severities(analysis, "FD-BROAD-005") == {
        "agent:1": "medium",
        "agent:2": "high",
        "agent:3": "medium",
        "agent:4": "medium",
    }
    detail = one(analysis, "FD-BROAD-005", "agent:3").detail
    assert "generic mailbox helpdesk+eu@acme.example ('helpdesk' is on the generic_mailboxes" in (
        detail
    )


@pytest.mark.rule_case("FD-BROAD-005", "negative")
def test_broad_005_policy_list_replaces_the_built_in_one(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        policy='generic_mailboxes = ["Desk"]\n',
        agents=[agent(1, email="support@acme.example"), agent(2, email="desk@acme.example")],
    )
    assert found(analysis, "FD-BROAD-005") == {"agent:2"}


# -- FD-BROAD-006: field agent with a privileged role -----------------------------------------


@pytest.mark.rule_case("FD-BROAD-006", "positive")
def test_broad_006_finds_privileged_field_agents(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[
            agent(1, role_ids=[ADMIN], agent_type="field_agent"),
            agent(2, role_ids=[AGENT], agent_type="field_agent"),
            agent(3, role_ids=[ADMIN]),
        ],
        inactive_agents=[
            agent(4, role_ids=[ADMIN], agent_type="field_agent", active=False, last_login_at=OLD)
        ],
    )
    assert severities(analysis, "FD-BROAD-006") == {"agent:1": "medium"}
    assert "Active field agent holds a privileged role: holds Administrator via role 2" in (
        one(analysis, "FD-BROAD-006", "agent:1").detail
    )


@pytest.mark.rule_case("FD-BROAD-006", "negative")
def test_broad_006_custom_role_counts_only_when_the_policy_says_admin(tmp_path: Path) -> None:
    account = {
        "agents": [agent(1, role_ids=[9], agent_type="field_agent")],
        "roles": standard_roles((9, "Dispatcher")),
    }
    assert found(run(tmp_path / "plain", **account), "FD-BROAD-006") == set()
    mapped = run(tmp_path / "mapped", policy='[roles]\n"Dispatcher" = "admin"\n', **account)
    assert found(mapped, "FD-BROAD-006") == {"agent:1"}
    assert "Dispatcher via role 9" in one(mapped, "FD-BROAD-006", "agent:1").detail


# -- FD-BROAD-007: contact viewing all tickets of a company outside its domain ----------------


@pytest.mark.rule_case("FD-BROAD-007", "positive")
def test_broad_007_finds_contacts_viewing_foreign_companies(tmp_path: Path) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1)],
        companies=[
            company(5, "Customer Co", domains=["customer.example"]),
            company(6, "Other Co", domains=["other.example"]),
            company(7, "No Domains Ltd"),
        ],
        contacts=[
            contact(100, email="pat@gmail.com", company_id=5, view_all_tickets=True),
            contact(
                101,
                email="lee@customer.example",
                company_id=5,
                view_all_tickets=True,
                other_companies=[{"company_id": 6, "view_all_tickets": True}],
            ),
            contact(102, email="kim@customer.example", company_id=7, view_all_tickets=True),
        ],
    )
    assert entitlements(analysis, "FD-BROAD-007") == {
        ("contact:100", "company:5"),
        ("contact:101", "company:6"),
        ("contact:102", "company:7"),
    }
    assert set(severities(analysis, "FD-BROAD-007").values()) == {"medium"}
    detail = next(
        f.detail
        for f in analysis.findings
        if f.rule_id == "FD-BROAD-007" and f.subject.key == "contact:100"
    )
    assert "Contact pat@gmail.com can view all tickets of Customer Co (company 5)" in detail
    assert "whose domains are customer.example" in detail
    assert "its own domain gmail.com is not one of them" in detail


@pytest.mark.rule_case("FD-BROAD-007", "negative")
def test_broad_007_ignores_own_domain_subdomains_and_contacts_without_view_all(
    tmp_path: Path,
) -> None:
    analysis = run(
        tmp_path,
        agents=[agent(1)],
        companies=[company(5, domains=["Customer.Example"])],
        contacts=[
            contact(100, email="Pat@CUSTOMER.example", company_id=5, view_all_tickets=True),
            contact(101, email="lee@eu.customer.example", company_id=5, view_all_tickets=True),
            contact(102, email="kim@gmail.com", company_id=5, view_all_tickets=False),
            contact(103, email="ex@gmail.com", company_id=5, view_all_tickets=True, deleted=True),
        ],
    )
    assert found(analysis, "FD-BROAD-007") == set()


def test_broad_007_judges_each_domain_and_company_pair_for_every_contact(tmp_path: Path) -> None:
    # The rule judges each (domain, company) pair once: a verdict must carry over only to
    # contacts on the same domain viewing the same company, however the address is spelt.
    analysis = run(
        tmp_path,
        agents=[agent(1)],
        companies=[
            company(5, domains=["customer.example"]),
            company(6, domains=["other.example"]),
        ],
        contacts=[
            contact(100, email="a@customer.example", company_id=5, view_all_tickets=True),
            contact(101, email="b@reseller.example", company_id=5, view_all_tickets=True),
            contact(102, email="c@reseller.example", company_id=5, view_all_tickets=True),
            contact(103, email=" D@RESELLER.example ", company_id=5, view_all_tickets=True),
            contact(104, email="e@customer.example", company_id=5, view_all_tickets=True),
            contact(105, email="f@reseller.example", company_id=6, view_all_tickets=True),
            contact(106, email="g@other.example", company_id=5, view_all_tickets=True),
            contact(107, email="h@other.example", company_id=6, view_all_tickets=True),
            contact(108, email="i@customer.example", company_id=6, view_all_tickets=True),
        ],
    )
    assert entitlements(analysis, "FD-BROAD-007") == {
        ("contact:101", "company:5"),
        ("contact:102", "company:5"),
        ("contact:103", "company:5"),
        ("contact:105", "company:6"),
        ("contact:106", "company:5"),
        ("contact:108", "company:6"),
    }
    spelt = one(analysis, "FD-BROAD-007", "contact:103")
    assert "Contact  D@RESELLER.example  can view all tickets" in spelt.detail
    assert spelt.facts["email_domain"] == "reseller.example"
    assert (
        "Contact c@reseller.example can view" in one(analysis, "FD-BROAD-007", "contact:102").detail
    )


@given(
    st.text(max_size=12),
    st.text(max_size=12),
    st.text(max_size=12).filter(lambda suffix: "@" not in suffix),
)
def test_broad_007_an_address_domain_depends_only_on_the_text_after_its_last_at(
    first: str, second: str, suffix: str
) -> None:
    # FD-BROAD-007 keys its verdicts by that text, as written, to normalise each domain once.
    assert domain_of(f"{first}@{suffix}") == domain_of(f"{second}@{suffix}")


@settings(max_examples=150, deadline=None)
@given(carried(), st.booleans())
def test_broad_007_sifted_contacts_have_every_finding_each_contact_has(
    contacts: list[Contact], companies_complete: bool
) -> None:
    # The rule judges only the contacts the columns flag; judging every contact one by
    # one must find exactly the same.
    views = ForeignViews(COMPANIES, companies_complete)
    one_by_one = [
        hit for c in contacts for hit in ForeignViews(COMPANIES, companies_complete).of(c)
    ]
    assert list(views.among(CarriedContacts.of(contacts))) == one_by_one
