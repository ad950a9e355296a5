"""Contacts' `view_all_tickets`, which real listings leave out, from `/contacts/{id}`.

Only the detail record says whether a contact may read all of a company's tickets (for
the primary company at the top level, for the others under `other_companies`, which the
listing gives as bare IDs). One request per contact would cost a million requests on a
large account, so the detail is read only for the contacts FD-BROAD-007 could report:
those linked to a company whose domains do not cover the contact's email domain. A
contact whose listing record carries the field is used as it is.
"""

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

from auditor.emails import ascii_domain, domain_of
from auditor.freshdesk.session import Session, add_cost, add_note, worst_status
from auditor.freshdesk.single import OneResult
from auditor.snapshot.writer import Collected

ENDPOINT = "/api/v2/contacts/{id}"
LISTING_ROUTE, DETAIL_ROUTE = "listing", "contact-details"


@dataclass(frozen=True)
class ContactAccess:
    """Where `view_all_tickets` came from, and the detail records when they were read."""

    route: str
    details: Collected | None = None
    note: str = ""


CompanyDomains = Mapping[Any, tuple[str, ...]]


def company_domains(companies: Iterable[Mapping[str, Any]]) -> CompanyDomains:
    """Each company's domains, spelt as DNS does (`ascii_domain`), by company id."""
    return {
        company["id"]: tuple(
            ascii_domain(d) for d in company.get("domains") or () if isinstance(d, str)
        )
        for company in companies
    }


def contacts_needing_detail(
    contacts: Iterable[Mapping[str, Any]],
    companies: Iterable[Mapping[str, Any]] | CompanyDomains,
    *,
    companies_complete: bool,
    judged: "Judged | None" = None,
) -> list[int]:
    """IDs of the contacts whose listing record lacks `view_all_tickets` and that are linked
    to a company outside their email domain (or one the complete companies listing lacks).
    `companies`: the listing's records, or their `company_domains`. Records in `judged`
    (by the same companies) keep the verdict they had there."""
    # Each domain spelt as DNS does once (`emails.within` does it per contact and
    # company: 11 s for a million contacts, at the end of the listing).
    domains = companies if isinstance(companies, Mapping) else company_domains(companies)
    spelt: dict[str, str] = {}
    verdicts = judged.verdicts if judged is not None else {}
    wanted = []
    for contact in contacts:
        verdict = verdicts.get(id(contact))
        if verdict is None:
            verdict = _needs_detail(contact, domains, companies_complete, spelt)
        if verdict:
            wanted.append(int(contact["id"]))
    return sorted(wanted)


def _needs_detail(
    contact: Mapping[str, Any],
    domains: CompanyDomains,
    companies_complete: bool,
    spelt: dict[str, str],
) -> bool:
    if "view_all_tickets" in contact or contact.get("deleted") is True:
        return False
    email = contact.get("email")
    domain = domain_of(email) if isinstance(email, str) else ""
    if not domain:
        return False
    if (ascii := spelt.get(domain)) is None:
        ascii = spelt[domain] = ascii_domain(domain)
    for company_id in company_links(contact):
        known = domains.get(company_id)
        if (known is None and companies_complete) or (
            known is not None and not _covered(ascii, known)
        ):
            return True
    return False


class Judged:
    """Contacts whose need of a detail was judged while the listing ran (against the
    complete companies listing), by record identity, so that the final pass over a
    million contacts judges only the records it has not seen (records are never changed
    after they arrive; their lists are kept here, so no identity is reused)."""

    def __init__(self, domains: CompanyDomains) -> None:
        self.domains = domains
        self.verdicts: dict[int, bool] = {}
        self._held: list[Sequence[Mapping[str, Any]]] = []
        self._spelt: dict[str, str] = {}

    def judge(self, records: Sequence[Mapping[str, Any]]) -> list[int]:
        """Judge a page's records; the IDs of those that need their detail."""
        self._held.append(records)
        wanted = []
        for record in records:
            verdict = _needs_detail(record, self.domains, True, self._spelt)
            self.verdicts[id(record)] = verdict
            if verdict:
                wanted.append(int(record["id"]))
        return wanted


def _covered(domain: str, organisation_domains: tuple[str, ...]) -> bool:
    """`emails.within` for domains already spelt as DNS does (`ascii_domain`)."""
    return any(domain == d or domain.endswith("." + d) for d in organisation_domains)


def company_links(contact: Mapping[str, Any]) -> list[int]:
    """The primary company and every `other_companies` entry (bare IDs or objects)."""
    links = [contact.get("company_id")]
    for other in contact.get("other_companies") or ():
        links.append(other.get("company_id") if isinstance(other, dict) else other)
    return [c for c in links if isinstance(c, int) and not isinstance(c, bool)]


def fetch_contact_access(
    session: Session,
    contacts: Collected,
    companies: Collected,
    pool: Executor,
    asked: Mapping[int, "Future[OneResult]"] | None = None,
    judged: Judged | None = None,
) -> ContactAccess:
    """`view_all_tickets` for the contacts that need it; `asked` holds calls already made
    for some of them (while the listing ran), which are not made again, and `judged` the
    verdicts reached meanwhile (against this complete companies listing)."""
    if all("view_all_tickets" in contact for contact in contacts.records):
        return ContactAccess(LISTING_ROUTE)
    wanted = contacts_needing_detail(
        contacts.records,
        judged.domains if judged is not None else companies.records,
        companies_complete=companies.status == "complete",
        judged=judged,
    )
    details = Collected(records=[], endpoint=ENDPOINT)
    early = asked or {}
    futures = {
        c: early.get(c) or pool.submit(session.one, f"contact.{c}", f"/contacts/{c}")
        for c in wanted
    }
    for contact_id, future in futures.items():
        one = future.result()
        add_cost(details, one)
        if one.record is not None:
            details.records.append(one.record)
            continue
        outcome = one.outcome
        if outcome is not None and outcome.status == "not_found":
            add_note(details, f"contact {contact_id} no longer exists (404); its access is unknown")
        elif outcome is not None:
            details.status = worst_status(
                details.status, "denied" if outcome.status == "denied" else "partial"
            )
            add_note(details, f"contact {contact_id}: {outcome.note}")
    note = (
        f"The contacts listing lacks view_all_tickets; read {ENDPOINT} for the {len(wanted)} "
        f"of {len(contacts.records)} contacts linked to a company whose domains do not cover "
        "the contact's email domain (the only ones FD-BROAD-007 could report)."
    )
    return ContactAccess(DETAIL_ROUTE, details, note)
