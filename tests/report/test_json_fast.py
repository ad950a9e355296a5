"""orjson writes the bundle's long JSON files, byte for byte as `canonical_json` would."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.analysis import Analysis
from auditor.integrity.seal import canonical_json
from auditor.report.findings_json import findings_document, findings_json_bytes
from auditor.report.json_fast import canonical_json_fast
from auditor.report.ocsf import ocsf_json_bytes, ocsf_json_chunks

EVERY_LOW_CHARACTER = "".join(chr(code) for code in range(0xA0))
AWKWARD = [
    EVERY_LOW_CHARACTER,
    "Line\u2028Separator\u2029Paragraph",
    'quote " backslash \\ slash / <script>',
    "Zoë 李小龙 😀 \ufeff\ufffe",
    "",
]


def test_orjson_gives_the_canonical_bytes_for_awkward_text() -> None:
    document: dict[str, Any] = {
        "strings": AWKWARD,
        "keys": {text: index for index, text in enumerate(AWKWARD)},
        "empty": {"list": [], "dict": {}, "nested": [[], {}, [{}]]},
        "scalars": [True, False, None, 0, -1, 2**63 - 1, -(2**63)],
    }
    assert canonical_json_fast(document) == canonical_json(document)
    assert canonical_json_fast([]) == canonical_json([])


@pytest.mark.parametrize(
    "document",
    [
        {"surrogate": "Broken \ud800 Name"},
        {"big": 2**70},
        {1: "a key that is no string"},
    ],
    ids=["lone-surrogate", "past-64-bits", "integer-key"],
)
def test_what_orjson_refuses_goes_through_the_standard_library(document: Any) -> None:
    assert canonical_json_fast(document) == canonical_json(document)


def test_what_the_standard_library_refuses_is_still_refused() -> None:
    moment = {"at": datetime(2026, 1, 1, tzinfo=UTC)}
    with pytest.raises(TypeError):
        canonical_json(moment)
    with pytest.raises(TypeError):
        canonical_json_fast(moment)


FLOAT_FACTS = {"share": 1e-05, "unknown": float("nan"), "large": 1e16, "days": 3}


def _with_float_facts(analysis: Analysis) -> Analysis:
    first, *rest = analysis.findings
    return replace(analysis, findings=[replace(first, facts=FLOAT_FACTS), *rest])


def test_findings_with_float_facts_keep_pythons_spelling(hostile_analysis: Analysis) -> None:
    analysis = _with_float_facts(hostile_analysis)
    streamed = findings_json_bytes(analysis)
    assert streamed == canonical_json(findings_document(analysis))
    assert b'"share": 1e-05' in streamed
    assert b'"unknown": NaN' in streamed
    assert json.loads(streamed)["findings"][0]["facts"]["days"] == 3


def test_ocsf_events_with_float_facts_keep_pythons_spelling(hostile_analysis: Analysis) -> None:
    analysis = _with_float_facts(hostile_analysis)
    streamed = b"".join(ocsf_json_chunks(analysis))
    assert streamed == ocsf_json_bytes(analysis)
    assert b'"share": 1e-05' in streamed
    empty = replace(hostile_analysis, findings=[])
    assert b"".join(ocsf_json_chunks(empty)) == ocsf_json_bytes(empty) == b"[]\n"
