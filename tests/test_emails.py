"""One normal form for email identities."""

import pytest

from auditor.emails import ascii_domain, domain_of, identity_key, is_webmail, local_part, within


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Jane.Doe@ACME.example", "jane.doe@acme.example"),
        ("  jane.doe+helpdesk@acme.example ", "jane.doe@acme.example"),
        ("jane+a+b@acme.example", "jane@acme.example"),
        ("no-at-sign", "no-at-sign"),
    ],
)
def test_identity_key(raw: str, key: str) -> None:
    assert identity_key(raw) == key


def test_parts_of_an_address() -> None:
    assert domain_of("Support+VIP@Acme.Example") == "acme.example"
    assert local_part("Support+VIP@Acme.Example") == "support"
    assert domain_of("nobody") == ""


def test_webmail_and_organisation_domains() -> None:
    assert is_webmail("GMAIL.com")
    assert not is_webmail("acme.example")
    assert within("eu.acme.example", ("acme.example",))
    assert not within("notacme.example", ("acme.example",))


def test_internationalised_domains_compare_in_their_dns_form() -> None:
    assert ascii_domain(" Bücher.Example. ") == "xn--bcher-kva.example"
    assert within("eu.bücher.example", ("xn--bcher-kva.example",))
    assert within("xn--bcher-kva.example", ("BÜCHER.example",))
    assert not within("buecher.example", ("bücher.example",))
    assert ascii_domain("not..a..host") == "not..a..host"
