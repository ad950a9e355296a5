"""report.html's templates compiled into the package give the same page as their sources,
are used only while they are those sources' modules under this jinja2, and are not stale."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from auditor.analysis import Analysis
from auditor.report import compiled_templates
from auditor.report.compiled_templates import COMPILED, STAMP, compiled_loader, write_compiled
from auditor.report.html import render_html
from auditor.report.html_environment import source_loader, template_names

REGENERATE = "python -m auditor.report.compiled_templates"


def test_the_package_holds_the_modules_of_today_s_templates() -> None:
    """Edit a template without compiling it again and this fails: the page would be
    compiled from its source on every run, the 0.1 s the modules are there to save."""
    stamp = json.loads((COMPILED / STAMP).read_bytes())
    assert sorted(stamp["sha256"]) == template_names()
    assert stamp["sha256"] == compiled_templates._stamp()["sha256"], (
        f"a template changed since the templates were compiled: run {REGENERATE}"
    )


def test_compiling_again_writes_the_very_files_the_package_holds(tmp_path: Path) -> None:
    """The modules are what this jinja2 and this environment (autoescape, whitespace
    control, finalize) make of the sources: a setting changed since shows here."""
    shipped = json.loads((COMPILED / STAMP).read_bytes())
    if shipped["jinja2"] != jinja2.__version__:
        pytest.skip(f"compiled by jinja2 {shipped['jinja2']}; {jinja2.__version__} is installed")
    write_compiled(tmp_path)
    written = {path.name: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()}
    held = {
        path.name: path.read_bytes()
        for path in COMPILED.iterdir()
        if path.is_file() and (path.name.startswith("tmpl_") or path.name == STAMP)
    }
    assert written.keys() == held.keys(), f"run {REGENERATE}"
    for name, content in written.items():
        assert held[name] == content, f"{name} is stale: run {REGENERATE}"


def test_the_page_from_the_compiled_modules_is_the_page_from_the_sources(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(compiled_loader(), jinja2.ModuleLoader)
    from_modules = render_html(hostile_analysis)
    monkeypatch.setattr("auditor.report.html.compiled_loader", source_loader)
    assert render_html(hostile_analysis) == from_modules


def test_a_page_rendered_from_the_modules_compiles_nothing(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "jinja2.Environment.compile", lambda *args, **kwargs: pytest.fail("compiled a source")
    )
    assert "<html" in render_html(hostile_analysis)


@pytest.mark.parametrize(
    "stale",
    [
        pytest.param(lambda stamp: stamp | {"jinja2": "2.11.3"}, id="another jinja2"),
        pytest.param(
            lambda stamp: stamp | {"sha256": stamp["sha256"] | {"report.html.j2": "0" * 64}},
            id="a template edited since",
        ),
        pytest.param(
            lambda stamp: stamp | {"sha256": {**stamp["sha256"], "sections/new.html.j2": "0"}},
            id="a template removed since",
        ),
        pytest.param(lambda stamp: None, id="no stamp"),
        pytest.param(lambda stamp: "{", id="a stamp cut short"),
    ],
)
def test_modules_not_of_these_sources_are_not_used(
    tmp_path: Path, stale: Callable[[dict[str, Any]], Any]
) -> None:
    folder = tmp_path / "compiled"
    shutil.copytree(COMPILED, folder)
    assert isinstance(compiled_loader(folder), jinja2.ModuleLoader)
    stamp = stale(json.loads((folder / STAMP).read_bytes()))
    if stamp is None:
        (folder / STAMP).unlink()
    else:
        (folder / STAMP).write_text(stamp if isinstance(stamp, str) else json.dumps(stamp))
    assert compiled_loader(folder) is source_loader()
