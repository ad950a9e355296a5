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
from typing import TYPE_CHECKING, Any, NoReturn

import click

from auditor import __version__
from auditor.cli_exit import keep_until_exit, run_then_exit
from auditor.cli_help import WorkflowGroup
from auditor.errors import AuditorError
from auditor.redaction import redact
from auditor.terminal import printable
from auditor.timestamps import parse_timestamp

if TYPE_CHECKING:
    from auditor.analysis import Analysis
    from auditor.analysis_inputs import AnalysisInputs
    from auditor.freshdesk.collector import CollectOptions
    from auditor.rules.base import Finding
    from auditor.signing.ssh_keys import SigningKey

EXIT_ERROR = 2
EXIT_FINDINGS = 1
# What a shell reports for a process ended by SIGINT (128 + 2); SPEC: Ctrl-C exits 130.
EXIT_INTERRUPTED = 130
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


def format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--format text|json`: json prints one JSON document on stdout, for scripts."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="json: print one JSON document on stdout (see the README) instead of text.",
    )(command)


def quiet_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--quiet`: no progress and no summary; errors and the --fail-on verdict still show."""
    return click.option(
        "--quiet",
        "-q",
        is_flag=True,
        help="Print nothing but errors (and the --fail-on verdict); the exit code tells.",
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
        from auditor.analysis_inputs import AnalysisInputs

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
            help="Last quarter's filled-in access_review.xlsx or .csv: check its revocations were "
            "carried out and carry its decisions forward for unchanged entitlements.",
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


def sign_key_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--sign-key FILE`, shared by the commands that seal a folder (collect, analyze, audit)."""
    return click.option(
        "--sign-key",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Sign the manifest with this SSH private key (manifest.json.sig, as `auditor sign`); "
        "an encrypted key's passphrase comes from FRESHDESK_AUDITOR_KEY_PASSPHRASE or a prompt.",
    )(command)


def load_sign_key(path: Path | None) -> "SigningKey | None":
    """The `--sign-key`, loaded before any work, so a wrong passphrase costs nothing."""
    if path is None:
        return None
    from auditor.signing.ssh_keys import load_signing_key

    return load_signing_key(path)


def sign_folder(folder: Path, key: "SigningKey | None", *, quiet: bool = False) -> None:
    if key is None:
        return
    from auditor.integrity.names import MANIFEST_SIGNATURE
    from auditor.signing.seal import sign_manifest

    described = sign_manifest(folder, key)
    if not quiet:
        click.echo(
            f"Signed {folder / 'manifest.json'} with {described}: {folder / MANIFEST_SIGNATURE}"
        )


@click.group(cls=WorkflowGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
@sign_key_option
@quiet_option
def analyze(
    snapshot: Path,
    out: Path | None,
    inputs: "AnalysisInputs",
    fail_on: str | None,
    sign_key: Path | None,
    quiet: bool,
) -> None:
    """Build the graph, run the rules and write the report bundle for SNAPSHOT."""
    # First: the second core reads the end of the contacts file while this one imports.
    from auditor.snapshot import contacts_prefetch

    prefetch = contacts_prefetch.start(snapshot)
    try:
        from auditor.report.bundle import default_bundle_folder, write_bundle

        key = load_sign_key(sign_key)
        analysis = inputs.run(snapshot, prefetch)
    finally:
        if prefetch is not None:
            prefetch.close()  # unused if the analysis failed before the contacts
    keep_until_exit(analysis)  # freed with the process, not object by object: cli_exit
    out = out or default_bundle_folder(analysis)
    write_bundle(analysis, out)
    sign_folder(out, key, quiet=quiet)
    if quiet:
        exit_on_findings(analysis.findings, fail_on)
        return
    _echo_input_summary(analysis)
    open_findings = sum(1 for f in analysis.findings if f.status == "open")
    click.echo(
        f"{len(analysis.findings)} findings ({open_findings} open); report: {out / 'report.html'}"
    )
    exit_on_findings(analysis.findings, fail_on)


def _echo_input_summary(analysis: "Analysis") -> None:
    """One line per quarterly input given (baseline, roster, previous review), and every
    problem of the previous review."""
    from auditor.report.input_summary import input_summary

    for line in input_summary(analysis.changes, analysis.roster, analysis.previous_review):
        click.echo(line)
    if analysis.scim is not None:
        from auditor.report.input_summary import scim_line

        click.echo(scim_line(analysis.scim))


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
@format_option
def diff(old: Path, new: Path, out: Path, policy_path: Path | None, output_format: str) -> None:
    """Show what changed in access from snapshot OLD to snapshot NEW, and write it to
    diff.csv and diff.json."""
    from auditor.analysis import policy_for_rules
    from auditor.graph.changes import check_comparable, compare
    from auditor.graph.identity import IdentityGraph
    from auditor.report.diff_output import diff_document, render_text, write_diff
    from auditor.snapshot import read_snapshot

    policy = policy_for_rules(policy_path)
    before, after = read_snapshot(old), read_snapshot(new)
    keep_until_exit((before, after))  # freed with the process, not object by object: cli_exit
    check_comparable(before, after)
    changes = compare(
        IdentityGraph(before, policy.role_tiers), IdentityGraph(after, policy.role_tiers)
    )
    written = write_diff(changes, out, (old, new))
    if output_format == "json":
        from auditor.report.command_json import json_text

        click.echo(json_text(diff_document(changes)), nl=False)
        return
    click.echo(render_text(changes), nl=False)
    click.echo(f"\nWritten: {', '.join(str(path) for path in written)}")


@cli.command()
@click.option(
    "--markdown", is_flag=True, help="Print the full catalogue as Markdown (docs/rules.md)."
)
@format_option
def rules(markdown: bool, output_format: str) -> None:
    """List the rule catalogue: ID, default severity, subject, title and frameworks."""
    from auditor.rules import REGISTRY
    from auditor.rules.catalogue import catalogue_markdown, catalogue_text

    if output_format == "json":
        from auditor.report.command_json import json_text, rules_document

        click.echo(json_text(rules_document(REGISTRY)), nl=False)
        return
    click.echo(catalogue_markdown(REGISTRY) if markdown else catalogue_text(REGISTRY), nl=False)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--allowed-signers",
    type=click.Path(path_type=Path, dir_okay=False),
    help="OpenSSH allowed_signers file: who may sign (checks manifest.json.sig).",
)
@click.option(
    "--tsa-ca",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CA certificate(s) of the time-stamping authority (checks manifest.json.tsr).",
)
@click.option(
    "--require-signature",
    is_flag=True,
    help="Fail (exit 1) when the manifest is not signed by an allowed signer.",
)
@format_option
def verify(
    directory: Path,
    allowed_signers: Path | None,
    tsa_ca: Path | None,
    require_signature: bool,
    output_format: str,
) -> None:
    """Re-hash a snapshot or report bundle DIRECTORY against its manifest.json, and check the
    manifest's signature and timestamp when present.

    Exit 0 when every file matches, 1 naming each altered, missing or extra file
    (for a bundle, its nested snapshot/ too) or each failed signature or timestamp check,
    2 when the manifest, signature or token is missing or damaged.
    """
    from auditor.signing.check import load_trust
    from auditor.signing.verify import EXIT_ALTERED, verify_sealed

    if require_signature and allowed_signers is None:
        raise click.UsageError("--require-signature needs --allowed-signers FILE.")
    result = verify_sealed(directory, load_trust(allowed_signers, tsa_ca, require_signature))
    if output_format == "json":
        from auditor.report.command_json import json_text, verification_document

        click.echo(json_text(verification_document(result)), nl=False)
        if not result.intact:
            raise click.exceptions.Exit(EXIT_ALTERED)
        return
    for note in result.notes:
        click.echo(note)
    for seal in result.seals:
        for line in seal.established:
            click.echo(line)
    if result.intact:
        click.echo(
            f"OK: {result.kind} {directory} matches its manifest "
            f"({result.files_checked} files verified)."
        )
        return
    if result.discrepancies:
        click.echo(f"ALTERED: {result.kind} {directory} does not match its manifest:")
    for discrepancy in result.discrepancies:
        click.echo(f"  {discrepancy.describe()}")
    failures = [failure for seal in result.seals for failure in seal.failures]
    if failures:
        click.echo(f"NOT TRUSTED: the seal of {result.kind} {directory} does not hold:")
    for failure in failures:
        click.echo(f"  {failure}")
    raise click.exceptions.Exit(EXIT_ALTERED)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="SSH private key (Ed25519, RSA or ECDSA); an encrypted key's passphrase comes from "
    "FRESHDESK_AUDITOR_KEY_PASSPHRASE or a prompt.",
)
def sign(directory: Path, key_path: Path) -> None:
    """Sign the manifest.json of a snapshot or report bundle DIRECTORY (manifest.json.sig).

    The folder is verified first: a signature vouches for what the manifest says, so a
    folder that no longer matches it is not signed. Check the result with
    `ssh-keygen -Y verify -n freshdesk-access-auditor` or `auditor verify --allowed-signers`.
    """
    key = load_sign_key(key_path)
    refuse_altered(directory, "signed")
    sign_folder(directory, key)


def refuse_altered(directory: Path, action: str) -> None:
    """Before sealing: a signature or timestamp would vouch for evidence that was altered."""
    from auditor.errors import SigningError
    from auditor.signing.verify import verify_directory

    if not verify_directory(directory).intact:
        raise SigningError(
            f"{directory} does not match its manifest (run `auditor verify {directory}`), so it "
            f"was not {action}: that would vouch for altered evidence."
        )


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--tsa", "tsa_url", required=True, help="The time-stamping authority's RFC 3161 URL.")
@click.option(
    "--tsa-ca",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The TSA's CA certificate(s): check the token before keeping it.",
)
@click.option(
    "--proxy",
    metavar="URL",
    help="Reach the TSA through this HTTP proxy (default: HTTPS_PROXY/HTTP_PROXY, minus "
    "NO_PROXY hosts).",
)
@click.option(
    "--ca-bundle",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CA certificates for an https:// TSA (default: SSL_CERT_FILE, else the public roots).",
)
def timestamp(
    directory: Path,
    tsa_url: str,
    tsa_ca: Path | None,
    proxy: str | None,
    ca_bundle: Path | None,
) -> None:
    """Obtain an RFC 3161 timestamp over DIRECTORY's manifest.json (manifest.json.tsr).

    Only the manifest's SHA-256 is sent. Check the result with `openssl ts -verify -data
    manifest.json -in manifest.json.tsr -CAfile CA` or `auditor verify --tsa-ca CA`.
    """
    from auditor.freshdesk.network import network_settings_from
    from auditor.integrity.names import MANIFEST_TIMESTAMP
    from auditor.signing.seal import timestamp_manifest
    from auditor.signing.timestamp_check import read_ca_certificates

    roots = read_ca_certificates(tsa_ca) if tsa_ca else None
    network = network_settings_from(proxy=proxy, ca_bundle=ca_bundle)
    refuse_altered(directory, "timestamped")
    facts = timestamp_manifest(directory, tsa_url, roots, network)
    checked = "checked against --tsa-ca" if roots else "not checked: no --tsa-ca given"
    click.echo(
        f"Timestamped {directory / 'manifest.json'} at {facts.time.isoformat()} by "
        f"{printable(facts.authority)} ({checked}): {directory / MANIFEST_TIMESTAMP}"
    )


def collect_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of `collect`, shared by `audit`."""
    options = [
        click.option(
            "--domain",
            required=True,
            envvar="FRESHDESK_DOMAIN",
            show_envvar=True,
            help="The account: NAME of NAME.freshdesk.com.",
        ),
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
            "--proxy",
            metavar="URL",
            help="Reach Freshdesk through this HTTP proxy, http://[USER:PASSWORD@]HOST:PORT "
            "(default: HTTPS_PROXY, minus NO_PROXY hosts). The key travels inside the TLS "
            "tunnel, never to the proxy.",
        ),
        click.option(
            "--ca-bundle",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Trust the CA certificates in this PEM file instead of the public ones "
            "(default: SSL_CERT_FILE), e.g. a company CA that inspects TLS.",
        ),
        click.option(
            "--max-pages",
            type=click.IntRange(min=1),
            help="Pages per listing before its end counts as unproven and the listing partial "
            "(default: enough for 2,000,000 records, 20,000 pages at --per-page 100).",
        ),
        click.option(
            "--scim-token-file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Also read the identity provider's SCIM 2.0 users with the bearer token in "
            "this file (default: the FRESHDESK_SCIM_TOKEN variable; without one, no SCIM).",
        ),
        click.option(
            "--scim-base-url",
            metavar="URL",
            help="The SCIM 2.0 base URL (default: https://NAME.freshdesk.com/scim/v2, or the "
            "same origin as a loopback --base-url).",
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
@sign_key_option
@quiet_option
def collect(out: Path, sign_key: Path | None, quiet: bool, **options: Any) -> None:
    """Pull the account into a snapshot directory: every agent, role, group, contact, company."""
    from auditor.freshdesk.collector import collect as run_collect
    from auditor.freshdesk.options import collect_options as build_options

    key = load_sign_key(sign_key)
    summary = run_collect(_quieted(build_options(out=out, **options), quiet))
    if not quiet:
        click.echo(summary.line())
    sign_folder(out, key, quiet=quiet)


@cli.command()
@collect_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for the report bundle; the snapshot is kept in its snapshot/ subfolder.",
)
@analysis_options
@sign_key_option
@quiet_option
def audit(
    out: Path,
    inputs: "AnalysisInputs",
    fail_on: str | None,
    sign_key: Path | None,
    quiet: bool,
    **options: Any,
) -> None:
    """Collect the account into OUT/snapshot, then analyze it into a report bundle in OUT."""
    from auditor.audit import SNAPSHOT_SUBDIR, run_audit
    from auditor.freshdesk.options import collect_options as build_options

    key = load_sign_key(sign_key)
    result = run_audit(_quieted(build_options(out=out, **options), quiet), out, inputs)
    keep_until_exit(result)  # freed with the process, not object by object: cli_exit
    if not quiet:
        click.echo(result.collected.line())
    # The snapshot as well: its signature holds even when it is taken out of the bundle.
    sign_folder(out / SNAPSHOT_SUBDIR, key, quiet=quiet)
    sign_folder(out, key, quiet=quiet)
    if not quiet:
        _echo_input_summary(result.analysis)
        click.echo(result.line())
    exit_on_findings(result.analysis.findings, fail_on)


def _quieted(options: "CollectOptions", quiet: bool) -> "CollectOptions":
    """The collect options, with the live progress on stderr switched off for --quiet."""
    from dataclasses import replace

    return replace(options, show_progress=False) if quiet else options


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports/demo"),
    show_default=True,
    help="Folder for the demo's report bundle.",
)
@click.option(
    "--with-failures",
    is_flag=True,
    help="Replay the sample's failed contacts listing: a partial collection, FD-EVID-001 "
    "and the report's incomplete-evidence banner.",
)
def demo(out: Path, with_failures: bool) -> None:
    """Audit the sample account served by the built-in fake Freshdesk, over real HTTP."""
    from auditor.demo import run_demo

    result = run_demo(out, with_failures=with_failures)
    click.echo(f"Demo: {result.collected.line()}")
    _echo_input_summary(result.analysis)
    click.echo(result.line())


@cli.command("fake-freshdesk")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Snapshot directory to serve (default: the sample account shipped with the tool).",
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
@click.option(
    "--tls-cert",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Serve https:// with this PEM certificate (chain); needs --tls-key.",
)
@click.option(
    "--tls-key", type=click.Path(path_type=Path, dir_okay=False), help="--tls-cert's private key."
)
@click.option(
    "--variant",
    "variants",
    multiple=True,
    help="A real account's behaviour: contact-access=detail|listing, "
    "active-filter=honoured|rejected|ignored, invitations-in-default-listing, no-availability, "
    "account=served|forbidden|missing, account-counts-deactivated, account-count-offset=N, "
    "scim=served|unauthorized|forbidden|missing, no-scim-groups, "
    "contacts-sub-limit=N (contacts list calls per window), "
    "tier-type=Sprout|Blossom|Garden|Estate|Forest.",
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
    tls_cert: Path | None,
    tls_key: Path | None,
    variants: tuple[str, ...],
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
        tls_cert=tls_cert,
        tls_key=tls_key,
        variants=variants,
    )


def main() -> None:
    """Console entry point: run the command and turn every failure into exit code 2 and one
    paragraph (`AuditorError`s say what to do; anything else is a bug, said as such)."""
    debug = "--debug" in sys.argv[1:]
    try:
        result = cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.Abort as aborted:
        # click turns Ctrl-C into Abort; the shell convention for it is 130. A collection
        # interrupted mid-way says how to resume through its own InterruptedByUser.
        cause = aborted.__cause__ or aborted.__context__
        interrupted = isinstance(cause, KeyboardInterrupt)
        click.echo("Interrupted." if interrupted else "Aborted.", err=True)
        sys.exit(EXIT_INTERRUPTED if interrupted else EXIT_ERROR)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_ERROR)
    except AuditorError as error:
        _fail(debug, str(error), error.exit_code)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        _fail(debug, f"{error.strerror or error}{where}. Check the path and permissions.")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:  # the last line of defence: never exit 1
        # Exit 1 means "findings at or above --fail-on": a crash must never look like that,
        # and a script must never be shown a traceback it did not ask for.
        _fail(
            debug,
            f"an unexpected problem stopped the auditor ({type(error).__name__}: {error}). "
            "This is a bug in the auditor, not something in your input that it knows how to "
            "explain. Run the same command with --debug for the traceback, and report it.",
        )
    sys.exit(result if isinstance(result, int) else 0)


def process_main() -> NoReturn:
    """The process's entry point (the `auditor` script, `python -m auditor`): `main`, then
    an exit that does not free the analysis object by object (`cli_exit`). Tests and
    programs that run the command line in-process call `main`, which only raises
    `SystemExit`."""
    run_then_exit(main)


def _fail(debug: bool, message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one error paragraph (the traceback first with --debug) and exit."""
    if debug:
        traceback.print_exc()
    # Messages quote servers and files: no control character may reach the terminal, and
    # no secret an echoing proxy put into them may reach the screen or a CI log.
    click.echo(f"Error: {printable(redact(message))}", err=True)
    sys.exit(code)
