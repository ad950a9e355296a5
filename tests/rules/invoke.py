"""Run the `auditor` console entry point in-process, as a user would from a shell."""

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from auditor.cli import main


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def run_auditor(*args: str) -> Outcome:
    """`auditor ARGS...` through `auditor.cli.main`: its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["auditor", *args]
    code: int = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.argv = saved
    return Outcome(code, out.getvalue(), err.getvalue())
