"""The command line: parses options, runs a stage, and is the one place that prints errors.

Exit codes (SPEC): 0 success, 1 findings at or above `--fail-on`, 2 a usage, input,
network or API error, printed as one paragraph without a traceback (`--debug` shows it).
"""

import functools
import sys
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from auditor import __version__
from auditor.errors import AuditorError
from auditor.terminal import printable
from auditor.timestamps import parse_timestamp

if TYPE_CHECKING:
    from auditor.analysis import Analysis, AnalysisInputs
    from auditor.rules.base import Finding

EXIT_ERROR = 2
EXIT_FINDINGS = 1
# Severity names, highest first, spelled out so that `--help` needs no rule import
# (tests/rules/test_gate.py checks they match `Severity`).
SEVERITIES = ("critical", "high", "medium", "low", "info")


class Timestamp(click.ParamType):  # type: ignore[type-arg]
    """An ISO 8601 moment given on the command line (`--as-of`)."""

    name = "ISO8601"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_timestamp(str(value))
        except ValueError as error:
            self.fail(f"{value!r} {error}; use for example 2026-09-30T00:00:00Z", param, ctx)


def fail_on_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--fail-on SEVERITY`, shared by the commands that run the rules (analyze, audit)."""
    return click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES, case_sensitive=False),
        default=None,
        help="Exit 1 when an open (not exempted) finding is at or above this severity "
        "(default: never).",
    )(command)


def analysis_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The analysis inputs shared by `analyze` and `audit`, handed over as one `inputs`."""

    @functools.wraps(command)
    def with_inputs(
        *args: Any,
        policy_path: Path | None,
        as_of: datetime | None,
        baseline_path: Path | None,
        roster_path: Path | None,
        previous_review_path: Path | None,
        **kwargs: Any,
    ) -> Any:
        from auditor.analysis import AnalysisInputs

        inputs = AnalysisInputs(
            policy_path, as_of, baseline_path, roster_path, previous_review_path
        )
        return command(*args, inputs=inputs, **kwargs)

    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option(
            "--policy",
            "policy_path",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Policy file (TOML).",
        ),
        click.option(
            "--as-of",
            type=Timestamp(),
            help="Judge dormancy at this moment (default: the snapshot's collected_at).",
        ),
        click.option(
            "--baseline",
            "baseline_path",
            type=click.Path(path_type=Path, file_okay=False),
            help="Last quarter's snapshot: report access gained, new and reactivated agents.",
        ),
        click.option(
            "--roster",
            "roster_path",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Identity-provider or HR export (CSV: generic email,status, Okta or Entra ID): "
            "flag active agents with no active identity there.",
        ),
        click.option(
            "--previous-review",
            "previous_review_path",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Last quarter's filled-in access_review.csv: check its revocations were carried "
            "out and carry its decisions forward for unchanged entitlements.",
        ),
        fail_on_option,
    ]
    decorated: Callable[..., Any] = with_inputs
    for option in reversed(options):
        decorated = option(decorated)
    return decorated


def exit_on_findings(findings: "Iterable[Finding]", fail_on: str | None) -> None:
    """After the report is written: exit 1 when `--fail-on` is met, saying why on stderr."""
    if fail_on is None:
        return
    from auditor.rules.base import Severity
    from auditor.rules.gate import findings_at_or_above, gate_message

    threshold = Severity(fail_on.lower())
    blocking = findings_at_or_above(findings, threshold)
    if blocking:
        click.echo(gate_message(blocking, threshold), err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Audit who can do what in a Freshdesk helpdesk, as evidence for an access review."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("snapshot", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the report bundle (default: reports/DOMAIN-YYYY-MM-DD, from the "
    "account and the as-of date).",
)
@analysis_options
def analyze(
    snapshot: Path, out: Path | None, inputs: "AnalysisInputs", fail_on: str | None
) -> None:
    """Build the graph, run the rules and write the report bundle for SNAPSHOT."""
    from auditor.report.bundle import default_bundle_folder, write_bundle

    analysis = inputs.run(snapshot)
    out = out or default_bundle_folder(analysis)
    write_bundle(analysis, out)
    _echo_input_summary(analysis)
    open_findings = sum(1 for f in analysis.findings if f.status == "open")
    click.echo(
        f"{len(analysis.findings)} findings ({open_findings} open); report: {out / 'report.html'}"
    )
    exit_on_findings(analysis.findings, fail_on)


def _echo_input_summary(analysis: "Analysis") -> None:
    """One line per quarterly input given (baseline, roster, previous review), and every
    problem of the previous review."""
    from auditor.drift.summary import input_summary

    for line in input_summary(analysis.changes, analysis.roster, analysis.previous_review):
        click.echo(line)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path, file_okay=False))
@click.argument("new", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports/diff"),
    show_default=True,
    help="Folder for diff.csv and diff.json.",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Policy file (TOML), for the tiers of custom roles.",
)
def diff(old: Path, new: Path, out: Path, policy_path: Path | None) -> None:
    """Show what changed in access from snapshot OLD to snapshot NEW, and write it to
    diff.csv and diff.json."""
    from auditor.analysis import policy_for_rules
    from auditor.drift.changes import check_comparable, compare
    from auditor.drift.diff_output import render_text, write_diff
    from auditor.graph import IdentityGraph
    from auditor.snapshot import read_snapshot

    policy = policy_for_rules(policy_path)
    before, after = read_snapshot(old), read_snapshot(new)
    check_comparable(before, after)
    changes = compare(
        IdentityGraph(before, policy.role_tiers), IdentityGraph(after, policy.role_tiers)
    )
    written = write_diff(changes, out, (old, new))
    click.echo(render_text(changes), nl=False)
    click.echo(f"\nWritten: {', '.join(str(path) for path in written)}")


@cli.command()
@click.option(
    "--markdown", is_flag=True, help="Print the full catalogue as Markdown (docs/rules.md)."
)
def rules(markdown: bool) -> None:
    """List the rule catalogue: ID, default severity, subject, title and frameworks."""
    from auditor.rules import REGISTRY
    from auditor.rules.catalogue import catalogue_markdown, catalogue_text

    click.echo(catalogue_markdown(REGISTRY) if markdown else catalogue_text(REGISTRY), nl=False)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
def verify(directory: Path) -> None:
    """Re-hash a snapshot or report bundle DIRECTORY against its manifest.json.

    Exit 0 when every file matches, 1 naming each altered, missing or extra file
    (for a bundle, its nested snapshot/ too), 2 when the manifest is missing or damaged.
    """
    from auditor.report.verify import EXIT_ALTERED, verify_directory

    result = verify_directory(directory)
    for note in result.notes:
        click.echo(note)
    if result.intact:
        click.echo(
            f"OK: {result.kind} {directory} matches its manifest "
            f"({result.files_checked} files verified)."
        )
        return
    click.echo(f"ALTERED: {result.kind} {directory} does not match its manifest:")
    for discrepancy in result.discrepancies:
        click.echo(f"  {discrepancy.describe()}")
    raise click.exceptions.Exit(EXIT_ALTERED)


def collect_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of `collect`, shared by `audit`."""
    options = [
        click.option("--domain", required=True, help="The account: NAME of NAME.freshdesk.com."),
        click.option(
            "--base-url",
            help="Use this URL instead of https://NAME.freshdesk.com (http:// only for loopback).",
        ),
        click.option(
            "--api-key-file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Read the API key from this file (default: the FRESHDESK_API_KEY variable).",
        ),
        click.option(
            "--resume", is_flag=True, help="Continue an interrupted collection in the same --out."
        ),
        click.option(
            "--allow-partial",
            is_flag=True,
            help="Record a refused (403) or failing collection as denied/partial and go on.",
        ),
        click.option(
            "--max-rpm",
            type=click.IntRange(min=1),
            help="Never exceed this many requests per minute (default: the announced budget).",
        ),
        click.option(
            "--budget-share",
            type=click.FloatRange(0, 1, min_open=True),
            default=1.0,
            show_default=True,
            help="Use at most this share of the budget, leaving the rest to other integrations.",
        ),
        click.option(
            "--per-page",
            type=click.IntRange(1, 100),
            default=100,
            show_default=True,
            help="Records per page (Freshdesk allows at most 100).",
        ),
        click.option(
            "--per-agent-memberships",
            is_flag=True,
            help="When listings lack role_ids/group_ids, read them from /agents/{id} for every "
            "agent (one request each) instead of the cheaper group side: only an agent's own "
            "record shows memberships of groups that were deleted (FD-HYG-001).",
        ),
        click.option(
            "--max-pages",
            type=click.IntRange(min=1),
            help="Pages per listing before its end counts as unproven and the listing partial "
            "(default: enough for 2,000,000 records, 20,000 pages at --per-page 100).",
        ),
        # The length of the API's rate window; only the fake server's tests change it.
        click.option("--rate-window", type=click.FloatRange(min=0.1), default=60.0, hidden=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@collect_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="New or empty folder for the snapshot (with --resume: the interrupted one).",
)
def collect(out: Path, **options: Any) -> None:
    """Pull the account into a snapshot directory: every agent, role, group, contact, company."""
    from auditor.freshdesk.collector import collect as run_collect
    from auditor.freshdesk.options import collect_options as build_options

    summary = run_collect(build_options(out=out, **options))
    click.echo(summary.line())


@cli.command()
@collect_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for the report bundle; the snapshot is kept in its snapshot/ subfolder.",
)
@analysis_options
def audit(out: Path, inputs: "AnalysisInputs", fail_on: str | None, **options: Any) -> None:
    """Collect the account into OUT/snapshot, then analyze it into a report bundle in OUT."""
    from auditor.audit import run_audit
    from auditor.freshdesk.options import collect_options as build_options

    result = run_audit(build_options(out=out, **options), out, inputs)
    click.echo(result.collected.line())
    _echo_input_summary(result.analysis)
    click.echo(result.line())
    exit_on_findings(result.analysis.findings, fail_on)


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports/demo"),
    show_default=True,
    help="Folder for the demo's report bundle.",
)
def demo(out: Path) -> None:
    """Audit the sample account served by the built-in fake Freshdesk, over real HTTP."""
    from auditor.demo import run_demo

    result = run_demo(out)
    click.echo(f"Demo: {result.collected.line()}")
    _echo_input_summary(result.analysis)
    click.echo(result.line())


@cli.command("fake-freshdesk")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Snapshot directory to serve (default: the sample account, sample_data/snapshot).",
)
@click.option(
    "--api-key-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The key the server accepts (default: the FRESHDESK_API_KEY variable).",
)
@click.option(
    "--shape",
    type=click.Choice(["stored", "real", "seed"]),
    default="stored",
    show_default=True,
    help="Agent record shape.",
)
@click.option(
    "--listing-memberships",
    type=click.Choice(["stored", "with", "without"]),
    default="stored",
    show_default=True,
    help="role_ids/group_ids in /agents listings (real accounts: without).",
)
@click.option(
    "--group-agent-ids",
    type=click.Choice(["stored", "with", "without"]),
    default="stored",
    show_default=True,
    help="agent_ids in the /groups list (older accounts: without).",
)
@click.option("--no-admin-groups", is_flag=True, help="Answer 404 to /admin/groups (old account).")
@click.option("--no-link-header", is_flag=True, help="No link header; a short page ends a list.")
@click.option("--no-retry-after", is_flag=True, help="429 answers without Retry-After.")
@click.option(
    "--repeat-page",
    type=click.IntRange(min=2),
    help="Answer page N of every listing with the records of page N-1 (a broken proxy).",
)
@click.option("--ignore-page", is_flag=True, help="Answer page 1 whatever `page` asks, linking on.")
@click.option(
    "--ignore-per-page",
    is_flag=True,
    help="Serve 30 records a page whatever `per_page` asks (add --no-link-header for a server "
    "whose only end signal is then unreliable).",
)
@click.option(
    "--endless", is_flag=True, help="Link every page on; past the end, serve made-up records."
)
@click.option(
    "--rate-limit",
    type=click.IntRange(min=0),
    default=700,
    show_default=True,
    help="Requests per window (0: unlimited and unannounced).",
)
@click.option("--rate-window", type=click.FloatRange(min=0.1), default=60.0, show_default=True)
@click.option("--latency", type=click.FloatRange(min=0), default=0.0, help="Seconds per answer.")
@click.option(
    "--fault",
    "faults",
    multiple=True,
    help="Fail chosen requests, e.g. 'status=503,path=/contacts,page=2' or 'drop,request=5' "
    "(kinds: status=NNN, drop, truncate, malformed; keys: path, page, request, times).",
)
@click.option(
    "--no-replay-manifest",
    is_flag=True,
    help="Serve denied/partial collections of the snapshot as if complete.",
)
def fake_freshdesk(
    port: int,
    data: Path | None,
    api_key_file: Path | None,
    shape: str,
    listing_memberships: str,
    group_agent_ids: str,
    no_admin_groups: bool,
    no_link_header: bool,
    no_retry_after: bool,
    repeat_page: int | None,
    ignore_page: bool,
    ignore_per_page: bool,
    endless: bool,
    rate_limit: int,
    rate_window: float,
    latency: float,
    faults: tuple[str, ...],
    no_replay_manifest: bool,
) -> None:
    """Run the fake Freshdesk API on 127.0.0.1 for dry runs, until Ctrl-C."""
    from auditor.fake.command import serve
    from auditor.fake.quirks import PagingFaults

    serve(
        port=port,
        data=data,
        api_key_file=api_key_file,
        shape=shape,
        listing_memberships=listing_memberships,
        group_agent_ids=group_agent_ids,
        admin_groups=not no_admin_groups,
        link_header=not no_link_header,
        retry_after=not no_retry_after,
        paging=PagingFaults(
            repeat_page=repeat_page,
            ignore_page=ignore_page,
            own_page_size=30 if ignore_per_page else None,
            endless=endless,
        ),
        rate_limit=rate_limit or None,
        rate_window=rate_window,
        latency=latency,
        faults=faults,
        replay_manifest=not no_replay_manifest,
    )


def main() -> None:
    """Console entry point: run the command and turn `AuditorError` into exit code 2."""
    debug = "--debug" in sys.argv[1:]
    try:
        result = cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_ERROR)
    except AuditorError as error:
        if debug:
            traceback.print_exc()
        click.echo(f"Error: {printable(str(error))}", err=True)
        sys.exit(error.exit_code)
    except OSError as error:
        if debug:
            traceback.print_exc()
        where = f" ({error.filename})" if error.filename else ""
        click.echo(
            f"Error: {error.strerror or error}{where}. Check the path and permissions.", err=True
        )
        sys.exit(EXIT_ERROR)
    sys.exit(result if isinstance(result, int) else 0)
