"""The jinja2 environment `report.html` is rendered in, and the package files it reads.

Apart from `report/html.py` (which needs the whole analysis) so that the templates'
compiled modules (`compiled_templates`) are written by this very environment from the
sources alone.
"""

import functools
from pathlib import Path

import jinja2
from markupsafe import Markup

from auditor.control_text import without_controls
from auditor.report.visible_text import holds_control, visible

# The templates, the stylesheet and the script, in the package.
TEMPLATES = Path(__file__).parent / "templates"


def _visible(value: object) -> object:
    """Every value the template prints, without control characters (which autoescape keeps)."""
    if isinstance(value, Markup):
        # Checked before it is copied: megabytes (the findings' JSON, the privileged rows)
        # that hold no control character, as their makers already made them visible.
        if not holds_control(value):
            return value
        return Markup(without_controls(value))  # noqa: S704 - already markup, only controls go
    if isinstance(value, str):
        return visible(value)
    return value


@functools.cache
def source_loader() -> jinja2.BaseLoader:
    """The templates' sources, which jinja2 compiles when it loads them."""
    return jinja2.PackageLoader("auditor", "report/templates")


def html_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """The environment; `loader` gives its templates: their sources by default, their
    compiled modules where those are fresh (`compiled_templates.compiled_loader`)."""
    environment = jinja2.Environment(
        loader=loader or source_loader(),
        autoescape=True,
        finalize=_visible,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # The matrix pairs each cell with its column; indexing a list per cell made each of
    # its tens of thousands of cells copy the column list.
    environment.globals["zip"] = zip
    return environment


def template_names() -> list[str]:
    """Every template of the report, by the name jinja2 loads it by (`sections/x.html.j2`)."""
    return sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.j2"))


def package_file(name: str) -> str:
    """A file of the templates' folder (a template's source, the stylesheet, the script):
    our own text, not the API's."""
    return (TEMPLATES / name).read_bytes().decode("utf-8")  # as jinja2's loader reads it
