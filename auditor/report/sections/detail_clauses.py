"""Findings' details cut into clauses, and each detail as the indexes of its clauses.

Details repeat clauses ("Global scope; ", "member of 3 of 250 groups: ") across thousands
of agents, so the page's findings data holds each clause once, in a table, and each
detail as a list of indexes into it. The cutting runs over the column of distinct
details at once: the marks go in with one `str.replace` per separator over all of them,
C loops where a call per detail cost more than the cutting itself.
"""

from itertools import chain

# A detail splits after each "; ", ", ", ": " or ". ", keeping the separator with its clause.
CLAUSE_SEPARATORS = ("; ", ", ", ": ", ". ")
# Mark a clause's end and a detail's end while splitting: NUL and SOH, control characters
# that `visible` has already replaced, so every mark in the text is one of ours.
_CLAUSE_MARK = "\x00"
_DETAIL_MARK = "\x01"


def clauses_of(detail: str) -> list[str]:
    """`detail` (without control characters) cut after each separator, empty pieces left out."""
    return clauses_of_each([detail])[0]


def clauses_of_each(details: list[str]) -> list[list[str]]:
    """`[clauses_of(detail) for detail in details]`, the marks put in over all of them at once.

    A mark after each separator and one split: C loops over the text, several times
    faster than a regular expression's look-behind at each of its characters.
    """
    if not details:
        return []  # joined, no detail would read as one empty detail
    text = _DETAIL_MARK.join(details)
    for separator in CLAUSE_SEPARATORS:
        text = text.replace(separator, separator + _CLAUSE_MARK)
    return [
        [clause for clause in detail.split(_CLAUSE_MARK) if clause]
        for detail in text.split(_DETAIL_MARK)
    ]


def detail_indexes(details: list[str], clauses: dict[str, int]) -> list[int | list[int]]:
    """Each detail (without control characters) as the indexes of its clauses in
    `clauses`, a lone index unlisted; a clause not seen before is added, in the order of
    first appearance. A detail that repeats is cut once."""
    distinct = list(dict.fromkeys(details))
    cut = clauses_of_each(distinct)
    for clause in dict.fromkeys(chain.from_iterable(cut)):
        clauses.setdefault(clause, len(clauses))
    index = clauses.__getitem__
    parts_of: dict[str, int | list[int]] = {}
    for detail, pieces in zip(distinct, cut, strict=True):
        indexes = list(map(index, pieces))
        parts_of[detail] = indexes[0] if len(indexes) == 1 else indexes
    return list(map(parts_of.__getitem__, details))
