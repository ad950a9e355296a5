"""`report.html`: one self-contained page (inline CSS, script and SVG), safe with hostile names.

Every value from the API reaches the page through jinja2's autoescape, or through the
same escape a column at a time (`visible_text.html_column`) in the two long lists built
in Python, the privileged table's rows and the printable list of findings; the only
other unescaped insertions are the package's own stylesheet and script, the SVG
pictures, whose text ElementTree escaped, and the findings' JSON block, which holds no
`<`, `>` or `&` (sections/findings_data.py). A Content-Security-Policy allows nothing to
load and no script to run except the page's own, identified by its SHA-256, as a second
line of defence should a name ever slip through as markup.
"""

import base64
import hashlib
from importlib.resources import files

import jinja2
from markupsafe import Markup

from auditor.analysis import Analysis
from auditor.control_text import without_controls
from auditor.report.run_info import run_info
from auditor.report.sections import SECTIONS
from auditor.report.visible_text import holds_control, visible

_TEMPLATES = "report/templates"


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


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor", _TEMPLATES),
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


def _asset(name: str) -> str:
    """A static file of the package (stylesheet, script): our own text, not the API's."""
    return files("auditor").joinpath(_TEMPLATES, name).read_text(encoding="utf-8")


def script_source_hash(script: str) -> str:
    """The CSP source expression that lets exactly this inline script run."""
    digest = hashlib.sha256(script.encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def render_html(analysis: Analysis) -> str:
    sections = [
        (section, data) for section in SECTIONS if (data := section.build(analysis)) is not None
    ]
    script = _asset("report.js")
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            run=run_info(analysis),
            sections=sections,
            stylesheet=Markup(_asset("report.css")),  # noqa: S704 - the package's own file
            script=Markup(script),  # noqa: S704 - the package's own file
            script_hash=script_source_hash(script),
        )
    )
