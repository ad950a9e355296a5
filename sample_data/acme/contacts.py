"""The account's contacts: planted cases plus a seeded crowd of customers.

The current snapshot keeps only what the broken listing returned (the first pages of
the alphabetical listing); the baseline has last quarter's complete listing.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from acme.people import (
    AS_OF,
    BASELINE_AT,
    BRIAN,
    COMPANY_DOMAIN,
    CONTACT_PAGE,
    CONTACT_PAGES_COLLECTED,
    EST,
    GLOBEX,
    INITECH,
    ORG,
    PEOPLE,
    UMBRELLA,
    VANDELAY,
    WAYNE,
)
from auditor.timestamps import format_timestamp, parse_timestamp

# ---------------------------------------------------------------------------------------
# Contacts: a few planted records plus a seeded crowd of customers.

MATEO_CONTACT = 43000045001
FIRST_NAMES = (  # noqa: SIM905 - a word list reads better as prose
    "Aaliyah Abel Adele Agnieszka Ahmed Aiko Alan Alba Alejandro Amelia Amir Ana Andrea "
    "Anika Astrid Bianca Björn Bruno Camila Caroline Cem Chiara Chidi Clara Dario Deepa "
    "Diego Dmitri Edith Elif Emeka Erik Esther Felix Freya Gabriel Giulia Hamza Hana "
    "Harriet Ida Ingrid Isaac Ivan Jana Jonas Joon Kai Karin Keanu Lara Leila Leon Lina "
    "Lorenzo Magnus Maia Malik Mariana Martin Maya Milan Nadia Naomi Nils Nora Olga "
    "Oscar Pablo Pilar Quinn Rahul Rania Renée Rosa Ruben Saanvi Samir Selin Simone "
    "Søren Stella Tariq Thea Theo Uma Valentina Vera Wei Xavier Yara Yosef Zara Zuzana"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Abbott Acosta Ahn Andersen Araújo Baker Banda Barros Bauer Bergström Brennan Castro "
    "Chowdhury Costa Dahl Dimitrov Duarte Eriksen Ferrari Finch Fontaine Gallagher García "
    "Goldberg Gupta Haas Hale Holm Ibrahim Iyer Jansen Jovanović Kaur Keller Khan Kovacs "
    "Lambert Larsen Lehmann Lima Lund Mahmoud Meyer Molina Moreau Murphy Nakamura Novák "
    "Nowak Obi Okonkwo Park Pereira Quinn Ramos Reyes Richter Rojas Sandoval Schneider "
    "Shah Sokolov Stewart Suzuki Takahashi Torres Ueda Vargas Vogel Walker Weber Yamada "
    "Yilmaz Zhang Ziegler"
).split()
INDIVIDUAL_DOMAINS = ("example.com", "example.net", "example.org")
# Acme employees who raise tickets as customers (not agents); Okta knows them too.
INTERNAL_REQUESTERS = (
    ("Priscilla Grant", "Finance", "Accounts Payable Lead"),
    ("Tobias Wren", "IT", "IT Service Desk Analyst"),
    ("Marisol Vega", "People", "HR Business Partner"),
    ("Dev Patel", "Sales", "Account Executive"),
    ("Hana Kobayashi", "Marketing", "Content Manager"),
    ("Owen Gallagher", "Legal", "Counsel"),
    ("Lotte de Vries", "Product", "Product Manager"),
    ("Samuel Adeyemi", "Sales", "Sales Engineer"),
)


def ascii_slug(text: str) -> str:
    """`Søren Bergström` -> `soren.bergstrom`: how the mail systems spell a name."""
    replaced = text.replace("ø", "o").replace("Ø", "O").replace("ß", "ss").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", replaced)
    letters = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " -"))
    return ".".join(letters.lower().replace("-", "").split())


def contact_record(
    contact_id: int,
    name: str,
    email: str | None,
    *,
    created: str,
    updated: str,
    company_id: int | None = None,
    view_all_tickets: bool = False,
    other_companies: list[dict[str, Any]] | None = None,
    other_emails: list[str] | None = None,
    job_title: str | None = None,
    active: bool = True,
    phone: str | None = None,
    external_id: str | None = None,
    time_zone: str = EST,
    language: str = "en",
) -> dict[str, Any]:
    return {
        "active": active,
        "address": None,
        "company_id": company_id,
        "view_all_tickets": view_all_tickets,
        "description": None,
        "email": email,
        "id": contact_id,
        "job_title": job_title,
        "language": language,
        "mobile": None,
        "name": name,
        "phone": phone,
        "time_zone": time_zone,
        "twitter_id": None,
        "other_emails": other_emails or [],
        "other_companies": other_companies or [],
        "unique_external_id": external_id,
        "custom_fields": {},
        "created_at": created,
        "updated_at": updated,
    }


@dataclass(frozen=True)
class ContactEntry:
    record: dict[str, Any]
    in_baseline: bool = True
    planted: bool = False  # must be among the collected contacts


def planted_contacts() -> list[ContactEntry]:
    return [
        ContactEntry(
            contact_record(
                MATEO_CONTACT,
                "Alvarez, Mateo",
                "Mateo.Alvarez@Acme.example",
                created="2022-11-02T15:20:00Z",
                updated="2023-03-27T14:00:00Z",
                job_title="Customer (before joining Acme)",
            ),
            planted=True,
        ),
        ContactEntry(
            contact_record(
                43000045002,
                "Beatriz Nunes",
                "beatriz.nunes@contoso-consulting.example",
                created="2025-04-07T10:00:00Z",
                updated="2026-03-18T10:00:00Z",
                company_id=GLOBEX,
                view_all_tickets=True,
                job_title="ERP consultant (contractor at Globex)",
                external_id="CRM-GLX-0193",
                language="pt-BR",
            ),
            planted=True,
        ),
        ContactEntry(
            contact_record(
                43000045003,
                "Hiroshi Sato",
                "hiroshi.sato@initech.example",
                created="2021-01-25T01:00:00Z",
                updated="2026-05-30T01:00:00Z",
                company_id=INITECH,
                view_all_tickets=True,
                other_companies=[{"company_id": UMBRELLA, "view_all_tickets": True}],
                job_title="IT Director",
                external_id="CRM-INI-0007",
                time_zone="Tokyo",
                language="ja-JP",
            ),
            planted=True,
        ),
        # Clean look-alikes of FD-BROAD-007: a second company domain, an upper-case domain,
        # and another company listed without view_all_tickets.
        ContactEntry(
            contact_record(
                43000045004,
                "Ingrid Holm",
                "ingrid.holm@initech-eu.example",
                created="2022-02-14T09:00:00Z",
                updated="2026-02-14T09:00:00Z",
                company_id=INITECH,
                view_all_tickets=True,
                job_title="Service Manager EMEA",
                external_id="CRM-INI-0112",
                time_zone="Copenhagen",
            ),
            planted=True,
        ),
        ContactEntry(
            contact_record(
                43000045005,
                "Carla Ferrari",
                "Carla.Ferrari@GLOBEX.example",
                created="2020-06-01T09:00:00Z",
                updated="2026-01-09T09:00:00Z",
                company_id=GLOBEX,
                view_all_tickets=True,
                job_title="Head of IT Operations",
                external_id="CRM-GLX-0031",
                time_zone="Rome",
                language="it",
            ),
            planted=True,
        ),
        ContactEntry(
            contact_record(
                43000045006,
                "Dario Costa",
                "dario.costa@vandelay.example",
                created="2023-05-05T09:00:00Z",
                updated="2026-04-22T09:00:00Z",
                company_id=VANDELAY,
                view_all_tickets=True,
                other_companies=[{"company_id": WAYNE, "view_all_tickets": False}],
                job_title="Logistics Manager",
                external_id="CRM-VAN-0058",
            ),
            planted=True,
        ),
        # A phone-only requester: no email at all.
        ContactEntry(
            contact_record(
                43000045007,
                "Edith Abbott",
                None,
                created="2024-12-02T15:00:00Z",
                updated="2024-12-02T15:00:00Z",
                phone="+1-555-0199",
                active=False,
            ),
            planted=True,
        ),
        # Brian Cole's agent was deleted in August, which turns it back into a contact
        # with the same user ID.
        ContactEntry(
            contact_record(
                BRIAN,
                "Brian Cole",
                f"brian.cole@{ORG}",
                created="2019-05-13T14:00:00Z",
                updated="2026-08-21T10:12:00Z",
                job_title="Former VIP Accounts Supervisor",
            ),
            in_baseline=False,
            planted=True,
        ),
    ]


def crowd_contacts(taken: set[str]) -> list[ContactEntry]:
    """Customers of the five companies, individuals and Acme's own requesters."""
    rng = random.Random(20260930)  # noqa: S311 - fixture data, reproducible on purpose
    entries: list[ContactEntry] = []
    next_id = 43000045101
    start = datetime(2019, 5, 1, tzinfo=UTC)
    span_days = (parse_timestamp(AS_OF) - start).days - 3

    def stamp(created: datetime) -> tuple[str, str]:
        room = max(1, (parse_timestamp(AS_OF) - created).days - 1)
        updated = created + timedelta(days=rng.randrange(room), minutes=rng.randrange(600))
        return format_timestamp(created), format_timestamp(min(updated, parse_timestamp(AS_OF)))

    def fresh_name() -> tuple[str, str]:
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            slug = ascii_slug(name)
            if slug not in taken:
                taken.add(slug)
                return name, slug

    plan = [(GLOBEX, 62), (INITECH, 60), (UMBRELLA, 56), (VANDELAY, 44), (WAYNE, 38), (None, 70)]
    for company_id, count in plan:
        for index in range(count):
            name, slug = fresh_name()
            created_at = start + timedelta(
                days=rng.randrange(span_days), seconds=rng.randrange(86400)
            )
            created, updated = stamp(created_at)
            in_baseline = created_at <= parse_timestamp(BASELINE_AT)
            if company_id is None:
                record = contact_record(
                    next_id,
                    name,
                    f"{slug}@{rng.choice(INDIVIDUAL_DOMAINS)}",
                    created=created,
                    updated=updated,
                    other_emails=[f"{slug}.home@example.net"] if index % 11 == 0 else [],
                    active=index % 9 != 0,
                )
            else:
                domain = COMPANY_DOMAIN[company_id]
                lead = index % 15 == 0  # a few company leads see all their company's tickets
                record = contact_record(
                    next_id,
                    name,
                    f"{slug}@{domain}",
                    created=created,
                    updated=updated,
                    company_id=company_id,
                    view_all_tickets=lead,
                    job_title="IT Manager" if lead else rng.choice(CUSTOMER_TITLES),
                    external_id=f"CRM-{domain[:3].upper()}-{1000 + index:04d}",
                    active=index % 13 != 0,
                )
            entries.append(ContactEntry(record, in_baseline=in_baseline))
            next_id += 1
    for index, (name, department, title) in enumerate(INTERNAL_REQUESTERS):
        slug = ascii_slug(name)
        taken.add(slug)
        created_at = datetime(2020, 2, 3, tzinfo=UTC) + timedelta(days=97 * index)
        created, updated = stamp(created_at)
        entries.append(
            ContactEntry(
                contact_record(
                    next_id,
                    name,
                    f"{slug}@{ORG}",
                    created=created,
                    updated=updated,
                    job_title=f"{title} ({department})",
                )
            )
        )
        next_id += 1
    return entries


CUSTOMER_TITLES = (
    "Office Manager",
    "Procurement Specialist",
    "Operations Analyst",
    "Store Manager",
    "Accountant",
    "Warehouse Lead",
    "Clinic Administrator",
    "Developer",
    None,
)


def all_contacts() -> list[ContactEntry]:
    planted = planted_contacts()
    taken = {ascii_slug(p.name) for p in PEOPLE}
    taken |= {ascii_slug(e.record["name"].replace(",", "")) for e in planted}
    return planted + crowd_contacts(taken)


def collected_contacts(entries: list[ContactEntry]) -> list[dict[str, Any]]:
    """The contacts the partial collection got: the API lists alphabetically, and the
    listing broke after page 3, so the first 300 names (planted ones are among them)."""
    by_name = sorted(entries, key=lambda e: (e.record["name"].casefold(), e.record["id"]))
    kept = by_name[: CONTACT_PAGE * CONTACT_PAGES_COLLECTED]
    missing = [e.record["id"] for e in entries if e.planted and e not in kept]
    assert not missing, f"planted contacts beyond page {CONTACT_PAGES_COLLECTED}: {missing}"
    return [e.record for e in kept]


def baseline_contacts(entries: list[ContactEntry]) -> list[dict[str, Any]]:
    """Last quarter's complete listing, each record as it stood on the baseline date."""
    moment = parse_timestamp(BASELINE_AT)
    records = []
    for entry in entries:
        if not entry.in_baseline:
            continue
        record = dict(entry.record)
        if parse_timestamp(record["updated_at"]) > moment:
            earlier = moment - timedelta(days=record["id"] % 60 + 1, hours=record["id"] % 11)
            created = parse_timestamp(record["created_at"])
            record["updated_at"] = format_timestamp(max(earlier, created))
        records.append(record)
    return records
