"""The entry point's fast exit: nothing is lost, and it never happens in-process.

Each run is a fresh interpreter started as `python -m auditor` (the `auditor` script
calls the same `process_main`), with stdout and stderr on pipes, so that output a fast
exit failed to flush would be missing. An object that the interpreter's teardown frees
tells a fast exit (`os._exit`, no teardown) from a normal one.
"""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from auditor.sample import SAMPLE_DATA
from tests.cli import run_cli

SNAPSHOT = str(SAMPLE_DATA / "snapshot")
ROOT = Path(__file__).resolve().parents[1]

# Runs before the command line: an atexit handler, a weak reference to the analysis the
# command builds (alive at exit only if it was kept), and a word from the interpreter's
# teardown.
_WATCH = r"""
import atexit, os, sys, weakref
import auditor.analysis_inputs

analyses = []
run = auditor.analysis_inputs.AnalysisInputs.run


def watched_run(self, snapshot, prefetch=None):
    analysis = run(self, snapshot, prefetch)
    analyses.append(weakref.ref(analysis))
    return analysis


auditor.analysis_inputs.AnalysisInputs.run = watched_run


def at_exit():
    kept = bool(analyses) and analyses[0]() is not None
    # On stdout, which a pipe buffers: lost unless the exit flushes it after this.
    print(f"atexit ran; analysis {'kept' if kept else 'freed'}")


atexit.register(at_exit)


class TornDown:
    def __del__(self):
        os.write(2, b"torn down\n")  # sys.stderr may be gone by then


# Freed when the interpreter's teardown, which `os._exit` skips, empties sys.modules (even
# after `gc.freeze`, which keeps a module's globals from ever being collected).
sys.modules["teardown marker"] = TornDown()
"""

# `python -m auditor ARGS...`, after the lines above.
_ENTRY_POINT = """
import runpy
sys.argv = ["auditor", *sys.argv[1:]]
runpy.run_module("auditor", run_name="__main__", alter_sys=True)
"""


def test_the_auditor_script_and_python_dash_m_exit_through_process_main() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["auditor"] == "auditor.cli:process_main"


def run_process(before: str, *args: str) -> subprocess.CompletedProcess[str]:
    # Buffered, as a user's pipe is: output the exit failed to flush is then lost.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", _WATCH + before + _ENTRY_POINT, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_fast_exit_keeps_the_exit_code_the_output_and_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("analyze", SNAPSHOT, "--fail-on", "high", "--out")
    done = run_process("", *args, str(tmp_path / "fast"))
    in_process = run_cli(capsys, *args, str(tmp_path / "normal"))

    assert done.returncode == in_process.code == 1
    # The atexit handlers ran (their output flushed), while the analysis was still held;
    # then no teardown.
    ran = "atexit ran; analysis kept\n"
    assert done.stdout == in_process.out.replace("normal", "fast") + ran
    assert f"report: {tmp_path / 'fast' / 'report.html'}\n" in done.stdout
    assert done.stderr == in_process.err  # the --fail-on verdict
    assert "torn down" not in done.stderr
    written = sorted(path.name for path in (tmp_path / "normal").iterdir())
    for name in written:
        fast, normal = tmp_path / "fast" / name, tmp_path / "normal" / name
        assert fast.read_bytes() == normal.read_bytes(), name
    assert run_cli(capsys, "verify", str(tmp_path / "fast")).code == 0


def test_an_error_exits_fast_with_code_2_and_its_message(tmp_path: Path) -> None:
    done = run_process("", "analyze", str(tmp_path / "missing"))
    assert done.returncode == 2
    assert "does not exist" in done.stderr
    assert done.stdout == "atexit ran; analysis freed\n"  # no analysis: the error came first
    assert "torn down" not in done.stderr


def test_a_thread_still_running_gets_the_normal_exit(tmp_path: Path) -> None:
    # The thread outlives the command line by a second, whatever the command takes.
    thread = """
import threading, time
import auditor.cli

command_line_done = threading.Event()
command_line = auditor.cli.main


def main():
    try:
        command_line()
    finally:
        command_line_done.set()


auditor.cli.main = main


def work():
    command_line_done.wait()
    time.sleep(1)
    print("thread finished", file=sys.stderr)


threading.Thread(target=work).start()
"""
    done = run_process(thread, "analyze", SNAPSHOT, "--out", str(tmp_path / "out"), "-q")
    assert done.returncode == 0, done.stderr
    assert "thread finished" in done.stderr
    assert done.stdout == "atexit ran; analysis kept\n"
    assert "torn down" in done.stderr


def test_in_process_the_command_line_returns_and_keeps_nothing(tmp_path: Path) -> None:
    # In a child interpreter, so that a fast exit by mistake cannot end this test run.
    program = """
import sys
from click.testing import CliRunner
import auditor.cli_exit
from auditor.cli import cli, main

result = CliRunner().invoke(cli, ["analyze", sys.argv[1], "--out", sys.argv[2], "-q"])
print("CliRunner returned", result.exit_code)
sys.argv = ["auditor", "analyze", sys.argv[1], "--out", sys.argv[2], "-q"]
try:
    main()
except SystemExit as done:
    print("main raised SystemExit", done.code)
print("kept", auditor.cli_exit._kept)
"""
    done = subprocess.run(
        [sys.executable, "-c", _WATCH + program, SNAPSHOT, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "CliRunner returned 0",
        "main raised SystemExit 0",
        "kept None",
        # A normal exit: the analysis went when the command returned, the interpreter
        # was torn down.
        "atexit ran; analysis freed",
    ]
    assert "torn down" in done.stderr


def test_importing_the_main_module_does_not_end_the_process() -> None:
    """A documentation tool or a test collector imports every module: `__main__` runs
    the command line (and its fast exit) only when run."""
    done = subprocess.run(
        [sys.executable, "-c", "import auditor.__main__; print('still here')"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "still here\n"
