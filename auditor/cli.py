"""The command line: parses options, runs a stage, and is the one place that prints errors.

Exit codes (SPEC): 0 success, 1 findings at or above `--fail-on`, 2 a usage, input,
network or API error, printed as one paragraph without a traceback (`--debug` shows it).
"""

import sys
import traceback
from datetime import datetime
from pathlib import Path

import click

from auditor import __version__
from auditor.errors import AuditorError
from auditor.timestamps import parse_timestamp

EXIT_ERROR = 2


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
    default=Path("reports"),
    show_default=True,
    help="Folder for the report bundle.",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Policy file (TOML).",
)
@click.option(
    "--as-of",
    type=Timestamp(),
    help="Judge dormancy at this moment (default: the snapshot's collected_at).",
)
def analyze(snapshot: Path, out: Path, policy_path: Path | None, as_of: datetime | None) -> None:
    """Build the graph, run the rules and write the report bundle for SNAPSHOT."""
    from auditor.analysis import analyze as run_analysis
    from auditor.report.bundle import write_bundle

    analysis = run_analysis(snapshot, policy_path=policy_path, as_of=as_of)
    write_bundle(analysis, out)
    open_findings = sum(1 for f in analysis.findings if f.status == "open")
    click.echo(
        f"{len(analysis.findings)} findings ({open_findings} open); report: {out / 'report.html'}"
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
        click.echo(f"Error: {error}", err=True)
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
