"""report.html's templates compiled by a forked copy give the same page, and any failure of
the copy (dead, stuck) or a template changed since it was compiled gives it too."""

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from auditor.analysis import Analysis
from auditor.report import html_environment, precompiled_templates
from auditor.report.html import render_html
from auditor.report.html_environment import CompiledTemplates, template_names

IDLE_CORE = precompiled_templates._idle_core


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """No copy started or received before the test, and forking allowed even on one core
    (the copy is the test process's own fork; a thread at the fork would make it unsafe)."""
    if threading.active_count() > 1:
        pytest.skip("a thread is running: this process may not fork")
    monkeypatch.setattr(precompiled_templates, "_compiler", None)
    monkeypatch.setattr(precompiled_templates, "_received", None)
    monkeypatch.setattr(precompiled_templates, "cores_to_fork", lambda: 2)
    monkeypatch.setattr(precompiled_templates, "_idle_core", lambda cores: True)
    # The tests take the answer at once, not after this process's imports: time to compile.
    monkeypatch.setattr(precompiled_templates, "WAIT_SECONDS", 30.0)


def _forked_compiler() -> int:
    precompiled_templates.start()
    compiler = precompiled_templates._compiler
    assert compiler is not None, "no copy was started"
    return compiler.pid


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_page_from_templates_the_copy_compiled_is_the_same(
    hostile_analysis: Analysis,
) -> None:
    expected = render_html(hostile_analysis)
    pid = _forked_compiler()
    compiled = precompiled_templates.received()
    assert compiled is not None
    # Every template of the report, by the key jinja2 looks it up by.
    environment = html_environment.html_environment()
    assert environment.loader is not None
    assert set(compiled.codes) == {
        compiled.get_cache_key(name, environment.loader.get_source(environment, name)[1])
        for name in template_names(environment)
    }
    assert _reaped(pid)
    assert render_html(hostile_analysis) == expected
    # Received once: a second page uses the same code, and no second copy is started.
    precompiled_templates.start()
    assert precompiled_templates._compiler is None
    assert precompiled_templates.received() is compiled


def test_the_page_uses_the_copy_s_code(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forked_compiler()
    # Nothing compiles in this process from here on: every template comes from the copy.
    monkeypatch.setattr(
        "jinja2.Environment.compile", lambda *args, **kwargs: pytest.fail("compiled again")
    )
    assert "<html" in render_html(hostile_analysis)


def test_a_copy_that_fails_leaves_the_compiling_to_this_process(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = render_html(hostile_analysis)

    def broken(environment: object) -> list[str]:
        raise RuntimeError("the copy fails")

    monkeypatch.setattr(html_environment, "template_names", broken)
    pid = _forked_compiler()
    assert precompiled_templates.received() is None
    assert _reaped(pid)
    assert render_html(hostile_analysis) == expected


@pytest.mark.parametrize(
    ("loadavg", "started"),
    [
        ("0.52 0.61 0.70 1/106 2739\n", True),  # this process alone: the other core idles
        ("7.18 5.96 5.50 6/106 2739\n", False),  # six runnable tasks on two cores
        ("7.18 5.96 5.50 2/106 2739\n", False),  # one more than this process: no core idles
        (None, True),  # no such file (not Linux): assumed idle, as forking.py assumes
        ("garbage\n", True),
    ],
)
def test_the_copy_starts_only_when_a_core_is_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loadavg: str | None, started: bool
) -> None:
    # The real `_idle_core`, on made-up load figures.
    monkeypatch.setattr(precompiled_templates, "_idle_core", IDLE_CORE)
    figures = tmp_path / "loadavg"
    if loadavg is not None:
        figures.write_text(loadavg, encoding="ascii")
    monkeypatch.setattr(precompiled_templates, "LOADAVG", str(figures))
    precompiled_templates.start()
    assert (precompiled_templates._compiler is not None) is started
    precompiled_templates.received()  # the copy, if any, answered and reaped


def test_no_fork_no_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fork refused (a process limit, no memory) starts nothing and leaves no pipe open."""

    def refused() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    open_before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", refused)
    precompiled_templates.start()
    assert precompiled_templates._compiler is None
    assert precompiled_templates.received() is None
    assert len(os.listdir("/proc/self/fd")) == open_before


def test_a_stuck_copy_is_given_up_on_and_ended(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = render_html(hostile_analysis)

    def stuck(environment: object) -> list[str]:
        time.sleep(60)
        return []

    monkeypatch.setattr(html_environment, "template_names", stuck)
    monkeypatch.setattr(precompiled_templates, "WAIT_SECONDS", 0.5)
    pid = _forked_compiler()
    started = time.monotonic()
    assert precompiled_templates.received() is None
    assert time.monotonic() - started < 5
    # Killed, not left to sleep its minute (reaped here, if `received` did not yet).
    with contextlib.suppress(ChildProcessError):
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status)
        assert os.WTERMSIG(status) == signal.SIGKILL
    assert time.monotonic() - started < 5
    assert render_html(hostile_analysis) == expected


def test_code_compiled_from_another_source_is_not_used(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jinja2 takes a template's code only if it was compiled from the source it reads now:
    code of a changed template (same name, same file) is compiled again, not rendered."""
    expected = render_html(hostile_analysis)
    stale = CompiledTemplates()
    environment = html_environment.html_environment(stale)
    loader = environment.loader
    assert loader is not None
    real_source = loader.get_source

    def changed(env: object, name: str) -> tuple[str, str | None, object]:
        source, filename, uptodate = real_source(environment, name)
        return source.replace("<html", "<html data-stale"), filename, uptodate

    monkeypatch.setattr(loader, "get_source", changed)
    for name in template_names(environment):
        environment.get_template(name)
    assert stale.codes
    monkeypatch.setattr(precompiled_templates, "_received", stale)
    assert render_html(hostile_analysis) == expected
