"""Email addresses as identities: one normal form for matching, and what a domain is.

Freshdesk, identity providers and HR systems spell the same address differently
(`Jane.Doe+helpdesk@ACME.example`), so every comparison goes through `identity_key`.
"""

from collections.abc import Iterable

WEBMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "gmail.com",
        "googlemail.com",
        "gmx.com",
        "gmx.de",
        "hotmail.com",
        "icloud.com",
        "live.com",
        "mail.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "pm.me",
        "proton.me",
        "protonmail.com",
        "yahoo.com",
        "yandex.com",
        "zoho.com",
    }
)


def identity_key(email: str) -> str:
    """Lower-case, trimmed, `+tag` folded: `a.b+x@ACME.example` -> `a.b@acme.example`."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    return f"{local.split('+', 1)[0]}@{domain}"


def domain_of(email: str) -> str:
    """The domain part, lower-case; empty when the value has no `@`."""
    _, at, domain = email.strip().lower().rpartition("@")
    return domain if at else ""


def local_part(email: str) -> str:
    """The mailbox name with any `+tag` removed: `support+vip@x` -> `support`."""
    return identity_key(email).rpartition("@")[0]


def is_webmail(domain: str) -> bool:
    return domain.lower() in WEBMAIL_DOMAINS


def ascii_domain(domain: str) -> str:
    """The domain as DNS spells it: lower case, no trailing dot, internationalised labels
    in their `xn--` form, so `Bücher.example` and `xn--bcher-kva.example` are one domain."""
    domain = domain.strip().lower().rstrip(".")
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return domain  # not a valid host name: compared as written


def within(domain: str, organisation_domains: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether `domain` is one of the organisation's domains or a subdomain of one."""
    return within_spelt(ascii_domain(domain), map(ascii_domain, organisation_domains))


def within_spelt(domain: str, organisation_domains: Iterable[str]) -> bool:
    """`within` for domains already spelt by `ascii_domain`: for a caller that compares
    many domains with the same few and respells each only once."""
    return any(domain == d or domain.endswith("." + d) for d in organisation_domains)
