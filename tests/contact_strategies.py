"""A Hypothesis strategy for lists of typed contacts, for the tests that hold the carried
contacts' columns (and the rules that sift them) to a per-contact reading: each test
gives the values its odd cases need."""

from hypothesis import strategies as st

from auditor.models import Contact, ContactId

_NOT_DELETED = st.just(False)


def contact_lists(
    *,
    emails: st.SearchStrategy[str | None],
    company_ids: st.SearchStrategy[int | None],
    other_companies: st.SearchStrategy[list[object]],
    other_emails: st.SearchStrategy[list[str]],
    deleted: st.SearchStrategy[bool] = _NOT_DELETED,
    max_count: int,
) -> st.SearchStrategy[list[Contact]]:
    """Up to `max_count` contacts with IDs 100, 101, ..., each field drawn from its strategy
    (`view_all_tickets` from None, True and False)."""

    @st.composite
    def draw_contacts(draw: st.DrawFn) -> list[Contact]:
        count = draw(st.integers(min_value=0, max_value=max_count))
        return [
            Contact(
                id=ContactId(100 + n),
                name=f"contact {n}",
                email=draw(emails),
                company_id=draw(company_ids),
                view_all_tickets=draw(st.sampled_from([None, True, False])),
                other_companies=draw(other_companies),
                other_emails=draw(other_emails),
                deleted=draw(deleted),
            )
            for n in range(count)
        ]

    return draw_contacts()
