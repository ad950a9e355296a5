"""The documents `--format json` prints on stdout for scripts: `rules` and `verify`.

(`diff --format json` prints `diff.json`'s own document.) Each is one JSON object with a
`kind`, so a script can tell them apart, and the tool's name and version.
"""

from collections.abc import Mapping
from typing import Any

from auditor import TOOL_NAME, __version__
from auditor.integrity.seal import canonical_json
from auditor.report.findings_json import rule_document
from auditor.rules.base import Rule
from auditor.rules.catalogue import catalogue_order
from auditor.rules.frameworks import requirements_of
from auditor.signing.verify import EXIT_ALTERED, Verification

TOOL = {"name": TOOL_NAME, "version": __version__}


def rules_document(registry: Mapping[str, Rule]) -> dict[str, Any]:
    return {
        "kind": "rules",
        "tool": TOOL,
        "rules": [
            {
                **rule_document(rule),
                "needs": sorted(rule.needs),
                "requirements": [
                    {"key": r.key, "framework": r.framework, "control": r.control, "title": r.title}
                    for r in requirements_of(rule.frameworks)
                ],
            }
            for rule in catalogue_order(registry.values())
        ],
    }


def verification_document(result: Verification) -> dict[str, Any]:
    return {
        "kind": "verification",
        "tool": TOOL,
        "directory": str(result.directory),
        "manifest_kind": result.kind,
        "intact": result.intact,
        "files_checked": result.files_checked,
        "discrepancies": [{"path": d.path, "problem": d.kind} for d in result.discrepancies],
        "notes": list(result.notes),
        "seals": [
            {"manifest": seal.manifest, "established": seal.established, "failures": seal.failures}
            for seal in result.seals
        ],
        "exit_code": 0 if result.intact else EXIT_ALTERED,
    }


def json_text(document: Mapping[str, Any]) -> str:
    return canonical_json(document).decode("utf-8")
