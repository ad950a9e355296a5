"""The sections of `report.html`, in reading order.

Each section pairs a builder (analysis -> the data it shows, or None to leave the
section out) with a partial in `templates/sections/`. A new section is one builder,
one partial and one line here; the page's contents list follows automatically.
"""

from auditor.report.sections.base import Section
from auditor.report.sections.coverage import build_coverage
from auditor.report.sections.drift import build_changes, build_review, build_roster
from auditor.report.sections.exemptions import build_exemptions
from auditor.report.sections.findings import build_findings
from auditor.report.sections.identity import build_identity
from auditor.report.sections.matrix import build_matrix
from auditor.report.sections.methodology import build_methodology
from auditor.report.sections.privileged import build_privileged
from auditor.report.sections.rules import build_rules
from auditor.report.sections.scim import build_scim
from auditor.report.sections.signoff import build_signoff
from auditor.report.sections.summary import build_summary

SECTIONS: tuple[Section, ...] = (
    Section("summary", "Summary", "sections/summary.html.j2", build_summary, new_page=False),
    Section("findings", "Findings", "sections/findings.html.j2", build_findings),
    # Quarter over quarter; each only when its input (--baseline, --roster, --previous-review)
    # was given.
    Section("changes", "Changes since the baseline", "sections/changes.html.j2", build_changes),
    Section("roster", "Identity-provider roster", "sections/roster.html.j2", build_roster),
    Section("previous-review", "Previous review", "sections/previous_review.html.j2", build_review),
    Section("scim", "SCIM reconciliation", "sections/scim.html.j2", build_scim),
    Section("privileged", "Privileged access", "sections/privileged.html.j2", build_privileged),
    Section("matrix", "Access matrix", "sections/matrix.html.j2", build_matrix, landscape=True),
    Section("identity", "Identity graph", "sections/identity.html.j2", build_identity),
    Section("rules", "Rules", "sections/rules.html.j2", build_rules),
    Section("coverage", "Framework coverage", "sections/coverage.html.j2", build_coverage),
    Section("exemptions", "Exemptions", "sections/exemptions.html.j2", build_exemptions),
    Section(
        "methodology",
        "Methodology and completeness",
        "sections/methodology.html.j2",
        build_methodology,
    ),
    Section("signoff", "Sign-off", "sections/signoff.html.j2", build_signoff),
)

__all__ = ["SECTIONS", "Section"]
