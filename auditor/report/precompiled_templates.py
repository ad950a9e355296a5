"""report.html's templates compiled ahead, on the second core, while this process imports.

jinja2 compiles a template from its source in every process that renders it: for the
report's templates 60-100 ms of every `auditor analyze`, however small the account, on
the path to the last file of the bundle. The import of the analysis runs on one core
for longer than that, with the second one idle. So `analyze` starts a forked copy of
itself first (`start`): it imports jinja2, compiles every template and sends the code
back through a pipe, and `received()` hands it to the environment that renders the
page if it is there in time (else this process compiles the templates itself). Only
when a second core is idle: on a busy machine the copy's processor time comes out of
this process's (on an overloaded 2-core machine runs were up to 0.2 s slower). A forked
copy, not a new Python (`posix_spawn`), although the copy costs this process 10-20 ms of
copy-on-write while it lives: a new interpreter's start and imports made the compiling
take half as long again, and on a busy machine it was then late more often than not.
jinja2 takes a template's code from the cache only when its source is the one it was
compiled from (a checksum of the source, `jinja2.bccache.Bucket`), so the page is the
same byte for byte either way.

Nothing is written to disk: a cache that outlived the run would be code an evidence run
executes that is not the installed package's. Whatever fails (no fork here, the copy
dies, its answer is cut short or late) only means this process compiles the templates
itself, as it would without any of this.
"""

import contextlib
import marshal
import os
import select
import signal
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

from auditor.forking import cores_to_fork

if TYPE_CHECKING:
    from auditor.report.html_environment import CompiledTemplates

# How long `received` waits for the copy's answer: less than compiling here would take.
# On an idle second core the copy is done long before (it compiles in about 0.1 s, this
# process imports for 0.2-0.3 s); one that is not done by then (the machine got busy
# since) is given up on.
WAIT_SECONDS = 0.04
# The kernel's load figures: the fourth field counts the tasks runnable now.
LOADAVG = "/proc/loadavg"
# The pipe's capacity asked for: the answer, with room to grow (Linux's default limit
# for an unprivileged process is 1 MiB, /proc/sys/fs/pipe-max-size).
PIPE_SIZE = 1 << 20


class _Compiler:
    """The forked copy compiling the templates, and the read end of its answer."""

    def __init__(self, pid: int, answer: int) -> None:
        self.pid = pid
        self.answer = answer

    def result(self) -> "CompiledTemplates | None":
        """The copy's templates, or None if it gave none in time. Either way it is done."""
        late = False
        try:
            data = b"".join(_read_until_closed(self.answer, time.monotonic() + WAIT_SECONDS))
            # Only this process's own forked copy holds the other end of the pipe.
            codes = marshal.loads(data)  # noqa: S302
        except TimeoutError:
            late, codes = True, None
        except (OSError, EOFError, ValueError, TypeError):
            codes = None  # the copy died or was cut short: its answer is incomplete
        finally:
            os.close(self.answer)
        self._reap(late)
        if not isinstance(codes, dict) or not all(
            isinstance(key, str) and isinstance(code, bytes) for key, code in codes.items()
        ):
            return None
        from auditor.report.html_environment import CompiledTemplates

        return CompiledTemplates(codes)

    def _reap(self, late: bool) -> None:
        try:
            if late:
                # Not waited for: a copy starved of the processor may take as long to
                # end as to finish. The process's exit reaps it.
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, os.WNOHANG)
            else:
                os.waitpid(self.pid, 0)  # it has closed its end: it is ending, if not gone
        except (ChildProcessError, ProcessLookupError):
            pass  # reaped already, or the copy of another process of this run (a writer)


def _read_until_closed(descriptor: int, deadline: float) -> Iterator[bytes]:
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([descriptor], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(descriptor, 1 << 16)
        if not chunk:
            return
        yield chunk


_compiler: _Compiler | None = None
_received: "CompiledTemplates | None" = None


def start() -> None:
    """Start compiling the templates in a forked copy, where that is possible and safe
    (`forking.cores_to_fork`), a core is idle, and none was started or received before
    in this process."""
    global _compiler
    if _compiler is not None or _received is not None:
        return
    cores = cores_to_fork()
    if cores < 2 or not _idle_core(cores):
        return
    answer, question = os.pipe()
    _hold_whole_answer(question)
    try:
        pid = os.fork()
    except OSError:
        os.close(answer)
        os.close(question)
        return  # a process limit, or no memory: this process compiles them
    if pid == 0:
        _compile_and_send(question)  # never returns
    os.close(question)
    _compiler = _Compiler(pid, answer)


def _idle_core(cores: int) -> bool:
    """Whether a core is idle now besides this process's: fewer tasks are runnable, this
    one included, than there are cores (the kernel's count, /proc/loadavg's fourth field;
    where there is none, assumed). On a machine whose cores are all busy the copy would
    take its processor time from this process's own work, more than it saves it."""
    try:
        with open(LOADAVG, encoding="ascii") as loadavg:
            runnable = int(loadavg.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return runnable < cores


def _hold_whole_answer(pipe: int) -> None:
    """Make the pipe hold the whole answer (some 150 kB), where Linux allows it: the copy
    then writes it at once and ends, instead of waiting for this process to read each
    64 kB, which costs a handful of milliseconds of to and fro on a busy machine."""
    # Elsewhere, or above the system's limit, the answer comes in parts.
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_SIZE)


def _compile_and_send(question: int) -> NoReturn:
    """The forked copy: compile every template, send the code, and end at once (no exit
    handlers, no buffered output of the parent's flushed twice)."""
    code = 1
    try:
        # Imported here: jinja2 is imported by the copy, on the second core.
        from auditor.report.html_environment import (
            CompiledTemplates,
            html_environment,
            template_names,
        )

        compiled = CompiledTemplates()
        environment = html_environment(compiled)
        for name in template_names(environment):
            environment.get_template(name)
        data = memoryview(marshal.dumps(compiled.codes))
        while data:
            data = data[os.write(question, data) :]
        code = 0
    except BaseException:  # noqa: S110 - the parent compiles them itself
        pass
    finally:
        os._exit(code)


def received() -> "CompiledTemplates | None":
    """The templates the forked copy compiled (waiting for them if it has not finished),
    or None when none were started or they could not be had."""
    global _compiler, _received
    if _compiler is not None:
        _received = _compiler.result()
        _compiler = None
    return _received
