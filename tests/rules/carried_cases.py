"""Contacts and companies built to hit the odd cases of the rules that sift carried
contacts as columns (FD-BROAD-007, FD-HYG-003): addresses without `@` or in another
case, no company or one the snapshot lacks, other companies and emails, deleted ones."""

from hypothesis import strategies as st

from auditor.models import Company, CompanyId, Contact, OtherCompany
from tests.contact_strategies import contact_lists

EMAILS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "a@customer.example",
            " B@CUSTOMER.example ",
            "c@eu.customer.example",
            "d@reseller.example",
            "e@acme.example",
            "Jane+x@ACME.example",
            "no-at",
            "f@",
            "",
        ]
    ),
    st.text(alphabet="ab@.", max_size=6),
)
# 5 and 6 are companies of `COMPANIES`, 7 is not; 0 and None are no primary company.
COMPANY_IDS = st.sampled_from([None, 0, 5, 6, 7])
COMPANIES = {
    CompanyId(5): Company(id=CompanyId(5), name="Customer", domains=["Customer.example"]),
    CompanyId(6): Company(id=CompanyId(6), name="No domains"),
}


def carried() -> st.SearchStrategy[list[Contact]]:
    others = st.builds(
        OtherCompany, company_id=st.sampled_from([5, 6, 7]), view_all_tickets=st.booleans()
    )
    return contact_lists(
        emails=EMAILS,
        company_ids=COMPANY_IDS,
        other_companies=st.lists(st.one_of(others, st.sampled_from([5, 7])), max_size=2),
        other_emails=st.lists(EMAILS.filter(lambda e: e is not None), max_size=2),
        deleted=st.booleans(),
        max_count=10,
    )
