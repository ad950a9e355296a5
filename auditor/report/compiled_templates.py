"""report.html's templates as the Python modules jinja2 compiles them to, in the package.

jinja2 compiles a template from its source in every process that renders it: for the
report's fifteen templates 0.09-0.11 s of every `auditor analyze`, however small the
account. `templates/compiled/` holds the modules its `compile_templates` writes for them,
which `jinja2.ModuleLoader` imports as any module is imported (from the bytecode Python
keeps beside it) in 2 ms. They are part of the package, written by

    python -m auditor.report.compiled_templates

whenever a template changes, beside `sources.json`: the jinja2 version that wrote them and
each template's SHA-256. They are used only while both still hold (`compiled_loader`):
after a template is edited, or under another jinja2, the page is compiled from its
sources as before, the same page either way. `tests/report/test_compiled_templates.py`
fails while they are stale.
"""

import hashlib
import json
import sys
from pathlib import Path

import jinja2

from auditor.report.html_environment import (
    TEMPLATES,
    html_environment,
    package_file,
    source_loader,
    template_names,
)

COMPILED = TEMPLATES / "compiled"
STAMP = "sources.json"


def compiled_loader(folder: Path = COMPILED) -> jinja2.BaseLoader:
    """The compiled modules in `folder` while they are those of these sources under this
    jinja2, else the sources themselves."""
    try:
        stamp = json.loads((folder / STAMP).read_bytes())
    except (OSError, ValueError):
        return source_loader()  # not shipped, or cut short: compile the sources
    if stamp != _stamp():
        return source_loader()
    return jinja2.ModuleLoader(folder)


def write_compiled(folder: Path = COMPILED) -> None:
    """Compile every template into `folder`, replacing what it held, and stamp it."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("tmpl_*.py"), folder / STAMP]:
        old.unlink(missing_ok=True)
    environment = html_environment(source_loader())
    environment.compile_templates(
        folder,
        zip=None,
        filter_func=lambda name: name.endswith(".j2"),
        ignore_errors=False,
        log_function=None,
    )
    (folder / STAMP).write_text(json.dumps(_stamp(), indent=2, sort_keys=True) + "\n")


def _stamp() -> dict[str, object]:
    """What the compiled modules depend on: jinja2's version and every template's source."""
    sources = {
        name: hashlib.sha256(package_file(name).encode()).hexdigest() for name in template_names()
    }
    return {"jinja2": jinja2.__version__, "sha256": sources}


if __name__ == "__main__":
    write_compiled()
    print(f"compiled {len(template_names())} templates into {COMPILED}", file=sys.stderr)
