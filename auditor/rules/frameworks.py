"""Control frameworks the rules provide evidence for, kept as data.

Each rule names requirement keys from `REQUIREMENTS`; the coverage table (which rules
test which requirement) is derived from those names, never written by hand.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    framework: str
    control: str
    title: str

    @property
    def key(self) -> str:
        return f"{self.framework} {self.control}"


REQUIREMENTS: dict[str, Requirement] = {
    r.key: r
    for r in (
        Requirement(
            "SOC 2", "CC6.1", "Logical access security: restrict access to authorised users"
        ),
        Requirement(
            "SOC 2",
            "CC6.2",
            "Register, authorise and remove users; remove access when no longer needed",
        ),
        Requirement("SOC 2", "CC6.3", "Role-based access, least privilege, periodic access review"),
        Requirement("ISO 27001:2022", "A.5.15", "Access control"),
        Requirement("ISO 27001:2022", "A.5.16", "Identity management"),
        Requirement("ISO 27001:2022", "A.5.18", "Access rights: provision, review, removal"),
        Requirement("ISO 27001:2022", "A.8.2", "Privileged access rights"),
        Requirement("CIS Controls v8", "5.1", "Establish and maintain an inventory of accounts"),
        Requirement("CIS Controls v8", "5.3", "Disable dormant accounts"),
        Requirement(
            "CIS Controls v8",
            "5.4",
            "Restrict administrator privileges to dedicated administrator accounts",
        ),
        Requirement(
            "CIS Controls v8", "5.5", "Establish and maintain an inventory of service accounts"
        ),
        Requirement("CIS Controls v8", "5.6", "Centralise account management"),
        Requirement("CIS Controls v8", "6.1", "Establish an access granting process"),
        Requirement("CIS Controls v8", "6.2", "Establish an access revoking process"),
        Requirement("CIS Controls v8", "6.7", "Centralise access control"),
        Requirement("CIS Controls v8", "6.8", "Define and maintain role-based access control"),
        Requirement("NIST SP 800-53", "AC-2", "Account management"),
        Requirement("NIST SP 800-53", "AC-2(3)", "Account management: disable accounts"),
        Requirement("NIST SP 800-53", "AC-6", "Least privilege"),
        Requirement("NIST SP 800-53", "AC-6(5)", "Least privilege: privileged accounts"),
    )
}


def requirements_of(keys: Iterable[str]) -> list[Requirement]:
    return [REQUIREMENTS[key] for key in keys]
