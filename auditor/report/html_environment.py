"""The jinja2 environment `report.html` is rendered in, and the package files it reads.

Apart from `report/html.py` (which needs the whole analysis) so that a process that only
compiles the templates (`precompiled_templates`) imports jinja2 and nothing else.
`CompiledTemplates` is the compiled code such a process hands over.
"""

import jinja2
from jinja2.bccache import Bucket
from markupsafe import Markup

from auditor.control_text import without_controls
from auditor.report.visible_text import holds_control, visible

TEMPLATES = "report/templates"


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


def html_environment(bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The environment; with `bytecode_cache`, templates compiled before are taken from it
    (jinja2 checks each against its template's source) and compiled ones are given to it."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor", TEMPLATES),
        autoescape=True,
        finalize=_visible,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )
    # The matrix pairs each cell with its column; indexing a list per cell made each of
    # its tens of thousands of cells copy the column list.
    environment.globals["zip"] = zip
    return environment


class CompiledTemplates(jinja2.BytecodeCache):
    """The compiled templates, by jinja2's cache key: given to an environment, it serves
    them (jinja2 rejects any whose source changed) and keeps those compiled anew."""

    def __init__(self, codes: dict[str, bytes] | None = None) -> None:
        self.codes = dict(codes or {})

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


def template_names(environment: jinja2.Environment) -> list[str]:
    """Every template of the report (the folder also holds its stylesheet and script)."""
    return [name for name in environment.list_templates() if name.endswith(".j2")]


def asset(environment: jinja2.Environment, name: str) -> str:
    """A static file of the package (stylesheet, script): our own text, not the API's.
    Read by the templates' own loader, which finds the folder anyway (importlib.resources
    would be one more import, for the same two files)."""
    assert environment.loader is not None, "html_environment always sets one"
    return environment.loader.get_source(environment, name)[0]
