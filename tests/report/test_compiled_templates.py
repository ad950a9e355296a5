"""report.html's templates compiled into the package give the same page as their sources,
are used only while they are those sources' modules under this jinja2 and environment,
whole, and are not stale."""

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
from auditor.report.html_environment import html_environment, source_loader, template_names

REGENERATE = "python -m auditor.report.compiled_templates"
SHIPPED = json.loads((COMPILED / STAMP).read_bytes())
# The modules hold for the jinja2 that wrote them only; under another one (a newer
# release installed since) the page is compiled from the sources, correctly but not fast.
for_this_jinja2 = pytest.mark.skipif(
    SHIPPED["jinja2"] != jinja2.__version__,
    reason=f"compiled by jinja2 {SHIPPED['jinja2']}, {jinja2.__version__} is installed: "
    f"run {REGENERATE}",
)


def test_the_package_holds_the_modules_of_today_s_templates() -> None:
    """Edit a template without compiling it again and this fails: the page would be
    compiled from its source on every run, the 0.1 s the modules are there to save."""
    assert sorted(SHIPPED["sources"]) == template_names()
    assert SHIPPED["sources"] == compiled_templates._made_from()["sources"], (
        f"a template changed since the templates were compiled: run {REGENERATE}"
    )
    assert SHIPPED["environment"] == compiled_templates._made_from()["environment"], (
        f"report.html's environment changed since the templates were compiled: run {REGENERATE}"
    )


@for_this_jinja2
def test_compiling_again_writes_the_very_files_the_package_holds(tmp_path: Path) -> None:
    """The modules are what this jinja2 and this environment make of the sources."""
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


@for_this_jinja2
def test_the_page_from_the_compiled_modules_is_the_page_from_the_sources(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(compiled_loader(), jinja2.ModuleLoader)
    from_modules = render_html(hostile_analysis)
    monkeypatch.setattr("auditor.report.html.compiled_loader", source_loader)
    assert render_html(hostile_analysis) == from_modules


@for_this_jinja2
def test_a_page_rendered_from_the_modules_compiles_nothing(
    hostile_analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "jinja2.Environment.compile", lambda *args, **kwargs: pytest.fail("compiled a source")
    )
    assert "<html" in render_html(hostile_analysis)


def _module_of(name: str) -> str:
    return jinja2.ModuleLoader.get_module_filename(name)


def _cut_short(folder: Path) -> None:
    module = folder / _module_of("report.html.j2")
    module.write_bytes(module.read_bytes()[:-200])


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda folder, stamp: stamp | {"jinja2": "2.11.3"},
            id="another jinja2",
        ),
        pytest.param(
            lambda folder, stamp: (
                stamp | {"sources": stamp["sources"] | {"report.html.j2": "0" * 64}}
            ),
            id="a template edited since",
        ),
        pytest.param(
            lambda folder, stamp: (
                stamp | {"sources": stamp["sources"] | {"sections/gone.html.j2": "0" * 64}}
            ),
            id="a template removed since",
        ),
        pytest.param(
            lambda folder, stamp: (
                stamp | {"environment": stamp["environment"] | {"trim_blocks": False}}
            ),
            id="a setting changed since",
        ),
        pytest.param(
            lambda folder, stamp: (folder / _module_of("sections/changes.html.j2")).unlink(),
            id="a module missing",
        ),
        pytest.param(lambda folder, stamp: _cut_short(folder), id="a module cut short"),
        pytest.param(lambda folder, stamp: stamp | {"modules": {}}, id="a stamp naming no module"),
        pytest.param(lambda folder, stamp: (folder / STAMP).unlink(), id="no stamp"),
        pytest.param(lambda folder, stamp: "{", id="a stamp cut short"),
        pytest.param(lambda folder, stamp: [], id="a stamp of another shape"),
    ],
)
def test_modules_not_of_these_sources_are_not_used(
    tmp_path: Path, spoil: Callable[[Path, dict[str, Any]], Any]
) -> None:
    folder = tmp_path / "compiled"
    shutil.copytree(COMPILED, folder)
    if SHIPPED["jinja2"] == jinja2.__version__:
        assert isinstance(compiled_loader(folder), jinja2.ModuleLoader)
    # A spoiler gives the stamp to write instead, or spoils the folder itself (None).
    stamp = spoil(folder, json.loads((folder / STAMP).read_bytes()))
    if stamp is not None:
        (folder / STAMP).write_text(stamp if isinstance(stamp, str) else json.dumps(stamp))
    assert compiled_loader(folder) is source_loader()


def test_an_environment_changed_since_uses_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whitespace control is baked into the modules: with it changed they are not used."""

    def changed(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
        environment = html_environment(loader)
        environment.trim_blocks = False
        return environment

    monkeypatch.setattr(compiled_templates, "html_environment", changed)
    assert compiled_loader() is source_loader()
