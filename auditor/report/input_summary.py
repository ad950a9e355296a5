"""One-line summaries of the quarterly inputs (baseline, roster, previous review) for the
terminal, plus every problem found in the previous review, so none goes unseen."""

from auditor.graph.changes import AccessChanges
from auditor.graph.scim_match import ScimCheck
from auditor.inputs.review import ReviewCheck
from auditor.inputs.roster import RosterCheck
from auditor.terminal import printable
from auditor.timestamps import format_timestamp


def changes_line(changes: AccessChanges) -> str:
    n = changes.counts()
    return (
        f"Since the baseline of {format_timestamp(changes.baseline.collected_at)}: "
        f"{n.agents_added} agents added, {n.agents_removed} removed, "
        f"{n.agents_reactivated} reactivated, {n.agents_deactivated} deactivated; "
        f"{n.privileged_gained} privileged entitlements gained."
    )


def roster_lines(check: RosterCheck) -> list[str]:
    n = check.counts()
    roster = check.roster
    lines = [
        f"Roster ({roster.format} export, {len(roster.people)} people): active agents "
        f"{n['matched']} matched, {n['absent']} absent, {n['terminated']} terminated, "
        f"{n['unknown_status']} with a status the auditor does not know."
    ]
    unknown = roster.unknown_statuses()
    if unknown:
        values = ", ".join(f"'{printable(v)}' ({c} rows)" for v, c in unknown.items())
        lines.append(f"  Unrecognised {roster.status_column} values (not guessed): {values}")
    if roster.lines_without_email:
        lines.append(
            f"  {len(roster.lines_without_email)} roster rows have no email address "
            f"(lines {', '.join(map(str, roster.lines_without_email[:10]))}"
            f"{', ...' if len(roster.lines_without_email) > 10 else ''})."
        )
    return lines


def review_lines(check: ReviewCheck) -> list[str]:
    n = check.counts()
    lines = [
        f"Previous review ({n['rows']} rows: {n['kept']} keep, {n['revoked']} revoke, "
        f"{n['undecided']} undecided, {n['unrecognised']} unrecognised): "
        f"{n['revocations_confirmed']} revocations confirmed, "
        f"{n['revocations_still_held']} still held, {n['revocations_unverifiable']} "
        f"unverifiable; {n['problems']} problems."
    ]
    lines += [f"  line {p.line}: {printable(p.problem)}" for p in check.problems]
    return lines


def scim_line(check: ScimCheck) -> str:
    """The SCIM matching (`--scim-token-file`), when SCIM served users."""
    n = check.counts()
    record = check.directory.record
    judged = "" if check.complete and check.in_use else " (not judged)"
    return (
        f"SCIM ({record.users} users, {record.status}): active agents {n['matched']} matched, "
        f"{n['deprovisioned']} deactivated in the identity provider, "
        f"{n['not_provisioned']} without a SCIM user{judged}, {n['unknown_active']} with an "
        f"unknown 'active'; {len(check.orphans)} SCIM users with no agent."
    )


def input_summary(
    changes: AccessChanges | None, roster: RosterCheck | None, review: ReviewCheck | None
) -> list[str]:
    """The lines for whichever inputs were given, in the order of the options."""
    lines = [changes_line(changes)] if changes else []
    lines += roster_lines(roster) if roster else []
    lines += review_lines(review) if review else []
    return lines
