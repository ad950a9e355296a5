"""The process's exit after a command: without freeing, one by one, what the command built.

An analysis of a large account is millions of small objects. When a normal exit tears the
interpreter down, it frees them one at a time, close to half a second at full size, for
memory the operating system takes back at once anyway. So the real entry point (the
`auditor` script, `python -m auditor`) ends the process with `os._exit` once the command
is done and everything a normal exit would still do has been done: the `atexit` handlers
run (logging's shutdown among them, and multiprocessing's, and `weakref.finalize`'s), and
stdout and stderr are flushed. Every file a command writes is closed before it returns.

That is safe only in a process the auditor owns, so `run_then_exit` is called by the
entry point alone: tests (click's `CliRunner`, or `cli.main` called in-process) and
programs that import the auditor never reach it, and exit, or go on, as they always did.
It exits normally instead whenever a thread other than the main one may still be working
(a normal exit would wait for it), or the exit code is not a plain number.

What the command built must still be referenced when `os._exit` runs, or it is freed
when the command's function returns: a command hands it to `keep_until_exit`, which holds
it only while `run_then_exit` runs (elsewhere it keeps nothing).
"""

import atexit
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn

# What commands handed over, or None when the entry point is not running (tests, library
# use): only `run_then_exit` sets it.
_kept: list[object] | None = None


def keep_until_exit(value: object) -> None:
    """Keep `value` referenced until the process ends, so that the fast exit frees it with
    the rest of the process instead of the command's return freeing it object by object."""
    if _kept is not None:
        _kept.append(value)


def run_then_exit(run: Callable[[], object]) -> NoReturn:
    """Run the command line (`run` ends with `SystemExit`, as `cli.main` does), then end
    the process with its exit code, fast where that is safe."""
    global _kept
    _kept = []
    try:
        run()
        code: str | int | None = 0
    except SystemExit as done:
        code = done.code
    if code is None:
        code = 0
    if not isinstance(code, int) or _other_threads_running():
        sys.exit(code)  # a message to print, or a thread to wait for: the normal exit
    atexit._run_exitfuncs()  # what the normal exit would run; they are cleared once run
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        # A closed or broken stream (a pipe whose reader left): the normal exit reports it
        # as it always did, and still gets the exit code right.
        sys.exit(code)
    os._exit(code)


def _other_threads_running() -> bool:
    """Whether a normal exit would wait for a thread: one that is not daemonic, or this
    call is not on the main thread."""
    main = threading.main_thread()
    if threading.current_thread() is not main:
        return True
    return any(t is not main and t.is_alive() and not t.daemon for t in threading.enumerate())
