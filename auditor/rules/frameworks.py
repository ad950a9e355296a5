"""Control frameworks the rules provide evidence for, kept as data.

Each rule names requirement keys from `REQUIREMENTS` ("SOC 2 CC6.2"); the coverage
table (which rules test which requirement) is derived from those names by `coverage`,
never written by hand. Titles are the frameworks' own control titles; SOC 2 criteria
have no official short titles, so theirs summarise the criterion's text.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from auditor.rules.ordering import rule_order

FRAMEWORKS = ("SOC 2", "ISO 27001:2022", "CIS Controls v8", "NIST SP 800-53")


@dataclass(frozen=True)
class Requirement:
    framework: str
    control: str
    title: str

    @property
    def key(self) -> str:
        return f"{self.framework} {self.control}"


def _soc2(control: str, title: str) -> Requirement:
    return Requirement("SOC 2", control, title)


def _iso(control: str, title: str) -> Requirement:
    return Requirement("ISO 27001:2022", control, title)


def _cis(control: str, title: str) -> Requirement:
    return Requirement("CIS Controls v8", control, title)


def _nist(control: str, title: str) -> Requirement:
    return Requirement("NIST SP 800-53", control, title)


# In the order the coverage table lists them: by framework, then by control.
REQUIREMENTS: dict[str, Requirement] = {
    r.key: r
    for r in (
        _soc2(
            "CC6.1",
            "Logical access security over protected information assets (unique "
            "identification of users, restriction of access to authorised users)",
        ),
        _soc2(
            "CC6.2",
            "Register and authorise users before issuing credentials; remove credentials "
            "when access is no longer authorised",
        ),
        _soc2(
            "CC6.3",
            "Authorise, modify or remove access based on roles and responsibilities, "
            "with least privilege and segregation of duties",
        ),
        _iso("A.5.15", "Access control"),
        _iso("A.5.16", "Identity management"),
        _iso("A.5.18", "Access rights"),
        _iso("A.8.2", "Privileged access rights"),
        _iso("A.8.3", "Information access restriction"),
        _cis("3.3", "Configure Data Access Control Lists"),
        _cis("5.1", "Establish and Maintain an Inventory of Accounts"),
        _cis("5.3", "Disable Dormant Accounts"),
        _cis("5.4", "Restrict Administrator Privileges to Dedicated Administrator Accounts"),
        _cis("5.5", "Establish and Maintain an Inventory of Service Accounts"),
        _cis("5.6", "Centralize Account Management"),
        _cis("6.1", "Establish an Access Granting Process"),
        _cis("6.2", "Establish an Access Revoking Process"),
        _cis("6.7", "Centralize Access Control"),
        _cis("6.8", "Define and Maintain Role-Based Access Control"),
        _nist("AC-2", "Account Management"),
        _nist("AC-2(3)", "Account Management | Disable Accounts"),
        _nist("AC-2(4)", "Account Management | Automated Audit Actions"),
        _nist("AC-2(7)", "Account Management | Privileged User Accounts"),
        _nist("AC-2(9)", "Account Management | Restrictions on Use of Shared and Group Accounts"),
        _nist("AC-3", "Access Enforcement"),
        _nist("AC-6", "Least Privilege"),
        _nist("AC-6(5)", "Least Privilege | Privileged Accounts"),
        _nist("AC-6(7)", "Least Privilege | Review of User Privileges"),
        _nist("IA-4", "Identifier Management"),
        _nist("PS-4", "Personnel Termination"),
        _nist("PS-5", "Personnel Transfer"),
    )
}


def requirements_of(keys: Iterable[str]) -> list[Requirement]:
    return [REQUIREMENTS[key] for key in keys]


class MappedRule(Protocol):
    """What `coverage` reads of a rule: its ID and the requirement keys it names."""

    @property
    def id(self) -> str: ...

    @property
    def frameworks(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Coverage:
    """One requirement and the rules whose findings are evidence for it."""

    requirement: Requirement
    rule_ids: tuple[str, ...]


def coverage(rules: Iterable[MappedRule]) -> list[Coverage]:
    """For each requirement some rule names, the rules that test it (both in catalogue
    order): the coverage table of the report and of docs/rules.md."""
    testing: dict[str, list[str]] = {}
    for rule in rules:
        for key in rule.frameworks:
            testing.setdefault(key, []).append(rule.id)
    return [
        Coverage(requirement, tuple(sorted(testing[key], key=rule_order)))
        for key, requirement in REQUIREMENTS.items()
        if key in testing
    ]
