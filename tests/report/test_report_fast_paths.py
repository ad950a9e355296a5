"""The report's fast paths give exactly what the plain computation gives, hostile text included.

report.html is built from shortcuts around slow general code (orjson for `json.dumps`,
`str.replace` for a regular expression, one reading of every agent's groups for a
graph query per agent, a count for the worksheet's rows). Each is checked here against
the plain computation it replaces, on text and accounts chosen to tell them apart.
"""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.analysis import Analysis
from auditor.control_text import without_controls
from auditor.report.access_review import review_rows
from auditor.report.html_environment import html_environment
from auditor.report.identity_picture import _only_agents, layout
from auditor.report.sections.detail_clauses import clauses_of, clauses_of_each, detail_indexes
from auditor.report.sections.findings_data import _compact_json, _script_safe
from auditor.report.sections.findings_list import finding_items
from auditor.report.sections.privileged_rows import Holder, holder_rows
from auditor.report.sections.signoff import review_item_count
from auditor.report.tables import finding_rows
from auditor.report.visible_text import holds_control, html_column, visible, visible_column
from tests.builders import ADMIN, agent, analyze_account, group
from tests.report.conftest import GROUP_NAME, HOSTILE_NAMES, ROLE_NAME

# Text that a fast path could get wrong: markup, the script end tag, line and paragraph
# separators, every kind of control character, quotes, backslashes, non-ASCII.
HOSTILE_TEXT = (
    *HOSTILE_NAMES,
    ROLE_NAME,
    GROUP_NAME,
    "</script><!-- &amp; \u2028 \u2029 -->",
    "".join(chr(code) for code in range(0xA0)),
    'quote " backslash \\ solidus / \\u003c',
    "\ufeff\u200b\u00ad\U0001f600 \ufffd",
)
ANY_TEXT = st.text(st.characters(codec="utf-8")) | st.sampled_from(HOSTILE_TEXT)

_UNSAFE_PATTERN = re.compile("[<>&\u2028\u2029]")


def _plain_script_safe(text: str) -> str:
    """What the page did before: one regular-expression substitution per unsafe character."""
    escapes = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
    escapes |= {"\u2028": "\\u2028", "\u2029": "\\u2029"}
    return _UNSAFE_PATTERN.sub(lambda m: escapes[m.group()], text)


def _plain_json(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


@given(st.lists(st.one_of(ANY_TEXT, st.integers(-(2**63), 2**64 - 1), st.lists(ANY_TEXT))))
def test_orjson_writes_the_findings_json_as_json_dumps_did(payload: list[object]) -> None:
    assert _compact_json({"findings": payload, "clauses": ["a"]}) == _plain_json(
        {"findings": payload, "clauses": ["a"]}
    )


@pytest.mark.parametrize("refused", ["unpaired \ud800 surrogate", 2**70, -(2**70)])
def test_what_orjson_refuses_is_written_by_json_dumps(refused: object) -> None:
    assert _compact_json(["x", refused]) == _plain_json(["x", refused])


@given(ANY_TEXT)
def test_the_script_escaping_matches_the_regular_expression(text: str) -> None:
    json_text = _plain_json([text])
    assert _script_safe(json_text) == _plain_script_safe(json_text)


@given(st.lists(st.sampled_from(("; ", ", ", ": ", ". ", ";", " ", ".", "\x00", "a"))) | ANY_TEXT)
def test_details_split_into_clauses_where_the_regular_expression_split_them(
    pieces: list[str] | str,
) -> None:
    detail = visible("".join(pieces))
    plain = [clause for clause in re.split(r"(?<=[;,:.] )", detail) if clause]
    assert clauses_of(detail) == plain
    assert "".join(clauses_of(detail)) == detail


@given(ANY_TEXT)
def test_the_visible_shortcut_removes_what_without_controls_removes(text: str) -> None:
    assert visible(text) == without_controls(text)


# Any code point, lone surrogates included (a broken name the snapshot kept as sent).
_ANY_CODE_POINTS = st.text(st.characters() | st.characters(categories=["Cs"])) | st.sampled_from(
    HOSTILE_TEXT
)


@given(_ANY_CODE_POINTS)
def test_the_control_check_finds_what_without_controls_replaces(text: str) -> None:
    assert holds_control(text) == (without_controls(text) != text)


@given(st.lists(ANY_TEXT))
def test_a_column_made_visible_at_once_is_each_text_made_visible(texts: list[str]) -> None:
    assert visible_column(texts) == [without_controls(text) for text in texts]


# Details as the rules write them, and pieces that could fool a split of many at once:
# separators at either end, empty details, the same detail twice.
_DETAIL_PIECES = st.sampled_from(("; ", ", ", ": ", ". ", ";", " ", ".", "a", "Global scope"))
_DETAILS = st.lists(st.lists(_DETAIL_PIECES).map("".join) | ANY_TEXT.map(visible))


@given(_DETAILS)
def test_details_cut_together_are_cut_as_each_alone(details: list[str]) -> None:
    assert clauses_of_each(details) == [clauses_of(detail) for detail in details]


@given(_DETAILS, st.lists(st.sampled_from(("; ", "a", "Global scope; "))))
def test_each_detail_becomes_the_indexes_of_its_clauses_in_order_of_appearance(
    details: list[str], known: list[str]
) -> None:
    clauses = {clause: i for i, clause in enumerate(dict.fromkeys(known))}
    expected = dict(clauses)
    plain: list[int | list[int]] = []
    for detail in details:
        parts = [expected.setdefault(c, len(expected)) for c in clauses_of(detail)]
        plain.append(parts[0] if len(parts) == 1 else parts)
    assert detail_indexes(details, clauses) == plain
    assert clauses == expected


_VALUE_TEMPLATE = html_environment().from_string("{{ text }}")


@given(st.lists(ANY_TEXT))
def test_a_column_escaped_at_once_is_each_text_escaped_as_the_template_does(
    texts: list[str],
) -> None:
    assert html_column(texts) == [_VALUE_TEMPLATE.render(text=text) for text in texts]


# The privileged table's row as the template wrote it, before its rows were built in Python.
_HOLDER_ROW_TEMPLATE = """\
{% for h in data %}
<tr>
<td class="subject"><span class="name">{{ h.name }}</span><br><span class="email">{{ h.email }}</span><br><span class="muted">agent {{ h.agent_id }}</span></td>
<td><span class="state state-{{ h.state }}">{{ h.state }}</span></td>
<td><span class="tier tier-{{ h.tier }}">{{ h.tier }}</span></td>
<td><ul class="plain">{% for grant in h.grants %}<li>{{ grant }}</li>{% endfor %}</ul></td>
<td class="muted">{{ h.access }}</td>
<td>{{ h.last_login }}</td><td>{{ h.last_active }}</td>
<td>{% for rule_id, finding_id in h.findings %}<a href="#{{ finding_id }}">{{ rule_id }}</a>{% if not loop.last %}, {% endif %}{% else %}<span class="muted">none</span>{% endfor %}</td>
</tr>
{% endfor %}
"""  # noqa: E501 - the template's lines as they were

_HOLDER_ROWS = html_environment().from_string(_HOLDER_ROW_TEMPLATE)
_HOLDERS = st.lists(
    st.builds(
        Holder,
        agent_id=st.integers(0, 10**12),
        name=ANY_TEXT,
        email=ANY_TEXT,
        state=st.sampled_from(("active", "deactivated", "<pending>")),
        tier=ANY_TEXT,
        grants=st.lists(ANY_TEXT, max_size=3),
        access=ANY_TEXT,
        last_login=ANY_TEXT,
        last_active=ANY_TEXT,
        findings=st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=3),
    ),
    max_size=4,
)


@given(_HOLDERS)
def test_the_privileged_rows_are_what_the_template_wrote(holders: list[Holder]) -> None:
    assert holder_rows(holders) == _HOLDER_ROWS.render(data=holders)


@pytest.fixture
def tangled(tmp_path: Path) -> Analysis:
    """Memberships seen from one side only, undefined roles and groups, repeated role IDs,
    a member only a group names, a group that does not list its members."""
    return analyze_account(
        tmp_path / "snapshot",
        agents=[
            agent(1, name="<b>Ann</b>", role_ids=[ADMIN, ADMIN, 77], group_ids=[12, 10, 99]),
            agent(2, name="Bob\u2028", group_ids=[11]),
            agent(3, name="Cy", scope=1, group_ids=[]),
            agent(4, name="Dee", role_ids=[], group_ids=[98, 12]),
        ],
        inactive_agents=[agent(5, name="Old", active=False, group_ids=[10])],
        groups=[
            group(10, GROUP_NAME, agent_ids=[2, 5, 404]),
            group(11, "Eleven", agent_ids=[2]),
            group(12, "No member list"),
        ],
    )


def _analyses(tangled: Analysis, hostile_analysis: Analysis) -> list[Analysis]:
    return [tangled, hostile_analysis]


def test_the_review_item_count_is_the_worksheets_row_count(
    tangled: Analysis, hostile_analysis: Analysis
) -> None:
    for analysis in _analyses(tangled, hostile_analysis):
        assert review_item_count(analysis) == len(review_rows(analysis))


def test_a_picture_cut_while_laid_out_is_the_whole_layout_cut(
    tangled: Analysis, hostile_analysis: Analysis
) -> None:
    for analysis in _analyses(tangled, hostile_analysis):
        agent_ids = sorted(analysis.account.agents)
        for only in (frozenset(agent_ids[:1]), frozenset(agent_ids[1::2]), frozenset()):
            whole = _only_agents(layout(analysis), {f"agent:{a}" for a in only})
            assert layout(analysis, only) == whole


# The printable list's item as the template wrote it, from the rows findings.csv is made of.
_FINDING_ITEMS = html_environment().from_string("""\
{% for f in data %}
<li id="{{ f.finding_id }}"><span class="sev sev-{{ f.severity }}">{{ f.severity }}</span> <a href="#rule-{{ f.rule_id }}">{{ f.rule_id }}</a> <span class="status status-{{ f.status }}">{{ f.status }}</span> <span class="subject"><span class="name">{{ f.subject_name }}</span> <span class="muted">{{ f.subject_type }} {{ f.subject_id }}</span>{% if f.subject_email %} <span class="email">{{ f.subject_email }}</span>{% endif %}</span> <span class="detail">{{ f.detail }}</span>{% if f.status == "exempted" %} <span class="exemption">Exempted until {{ f.exemption_expires }} by {{ f.exemption_approved_by }}: {{ f.exemption_reason }}</span>{% endif %}{% if f.exemption_note %} <span class="exemption expired">{{ f.exemption_note }}</span>{% endif %} <code class="id">{{ f.finding_id }}</code></li>
{% endfor %}
""")  # noqa: E501 - the template's line as it was


def test_the_printable_list_is_what_the_template_wrote(
    tangled: Analysis, hostile_analysis: Analysis
) -> None:
    for analysis in _analyses(tangled, hostile_analysis):
        expected = _FINDING_ITEMS.render(data=finding_rows(analysis))
        assert finding_items(analysis.findings) == expected
    # The hostile account holds every optional part: exempted, an expired exemption, emails.
    assert {f.status for f in hostile_analysis.findings} == {"open", "exempted"}
    assert any(f.exemption_note for f in hostile_analysis.findings)
