"""report.html's templates as the Python modules jinja2 compiles them to, in the package.

jinja2 compiles a template from its source in every process that renders it: for the
report's fifteen templates 0.09-0.11 s of every `auditor analyze`, however small the
account. `templates/compiled/` holds the modules its `compile_templates` writes for them,
which `jinja2.ModuleLoader` imports as any module is imported (from the bytecode Python
keeps beside it) in 2 ms. They are part of the package, written by

    python -m auditor.report.compiled_templates

whenever a template changes, beside `sources.json`, which records what they were made
from: the jinja2 version, the environment's settings that shape the code (autoescape,
whitespace control, delimiters, `finalize`), each template's SHA-256, and each module's
own. They are used only while all of it still holds (`compiled_loader`): after a template
or a setting is edited, under another jinja2, or with a module missing or damaged, the
page is compiled from its sources as before, the same page either way.
`tests/report/test_compiled_templates.py` fails while they are stale.
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
    jinja2 and this environment, whole; else the sources themselves."""
    try:
        stamp = json.loads((folder / STAMP).read_bytes())
        modules = stamp.pop("modules")
        fresh = stamp == _made_from() and modules == _module_hashes(folder, _module_names())
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        fresh = False  # not shipped, cut short or missing a module: compile the sources
    return jinja2.ModuleLoader(folder) if fresh else source_loader()


def write_compiled(folder: Path = COMPILED) -> None:
    """Compile every template into `folder`, replacing what it held, and stamp it."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("tmpl_*.py"), folder / STAMP]:
        old.unlink(missing_ok=True)
    html_environment().compile_templates(
        folder,
        zip=None,
        filter_func=lambda name: name.endswith(".j2"),
        ignore_errors=False,
        log_function=None,
    )
    stamp = _made_from() | {"modules": _module_hashes(folder, _module_names())}
    (folder / STAMP).write_text(json.dumps(stamp, indent=2, sort_keys=True) + "\n")


def _made_from() -> dict[str, object]:
    """What the compiled modules depend on: jinja2's version, the settings its code
    generator reads, and every template's source."""
    return {
        "jinja2": jinja2.__version__,
        "environment": _settings(html_environment()),
        "sources": {name: _sha256(package_file(name).encode()) for name in template_names()},
    }


def _settings(environment: jinja2.Environment) -> dict[str, object]:
    """The environment's settings that change the code jinja2 generates. `finalize` is
    known by its name: jinja2 folds a constant output through it while compiling."""
    named = {
        name: getattr(environment, name)
        for name in (
            "block_start_string",
            "block_end_string",
            "variable_start_string",
            "variable_end_string",
            "comment_start_string",
            "comment_end_string",
            "line_statement_prefix",
            "line_comment_prefix",
            "trim_blocks",
            "lstrip_blocks",
            "newline_sequence",
            "keep_trailing_newline",
            "optimized",
            "is_async",
        )
    }
    return named | {
        "autoescape": repr(environment.autoescape),
        "extensions": sorted(environment.extensions),
        "finalize": _qualified(environment.finalize),
        "undefined": _qualified(environment.undefined),
    }


def _qualified(value: object) -> str | None:
    if value is None:
        return None
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"


def _module_names() -> list[str]:
    """The module `ModuleLoader` imports for each template."""
    return [jinja2.ModuleLoader.get_module_filename(name) for name in template_names()]


def _module_hashes(folder: Path, names: list[str]) -> dict[str, str]:
    return {name: _sha256((folder / name).read_bytes()) for name in names}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


if __name__ == "__main__":
    write_compiled()
    print(f"compiled {len(template_names())} templates into {COMPILED}", file=sys.stderr)
