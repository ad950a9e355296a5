"""The package's layout is the pipeline: every import points down it, and none closes a circle.

The stages below are the order data flows in; a module may import from its own stage or
an earlier one, never a later one. Imports made only for type checking count too: they
tie the modules together for a reader just the same.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "auditor"

# Earliest first. A name is a module or a package; the longest name that a module falls
# under decides its stage.
STAGES: tuple[tuple[str, ...], ...] = (
    (
        "auditor",
        "auditor.errors",
        "auditor.records",
        "auditor.models",
        "auditor.timestamps",
        "auditor.emails",
        "auditor.terminal",
        "auditor.worksheet",
        "auditor.csv_cells",
        "auditor.control_text",
        "auditor.redaction",
    ),
    ("auditor.integrity",),
    ("auditor.snapshot",),
    ("auditor.freshdesk",),
    # Seals finished evidence and checks it: its TSA requests use the one HTTP client.
    ("auditor.signing",),
    ("auditor.fake",),
    ("auditor.graph",),
    ("auditor.inputs",),
    ("auditor.rules",),
    ("auditor.analysis", "auditor.analysis_inputs"),
    ("auditor.report",),
    ("auditor.audit",),
    ("auditor.demo",),
    ("auditor.cli", "auditor.cli_exit", "auditor.cli_help", "auditor.__main__"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(name: str) -> Iterator[str]:
    """The auditor modules `name` imports, wherever in the file the import stands."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from auditor.rules import broad` imports the module auditor.rules.broad.
            targets = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in MODULES
                else node.module
                for alias in node.names
            ]
        else:
            continue
        yield from (target for target in targets if target in MODULES)


IMPORTS = {name: set(imported(name)) for name in MODULES}


def stage_of(name: str) -> int:
    matches = [
        (len(prefix), index)
        for index, prefixes in enumerate(STAGES)
        for prefix in prefixes
        if name == prefix or name.startswith(prefix + ".")
    ]
    assert matches, f"{name} belongs to no stage; add it to STAGES"
    return max(matches)[1]


def backward_imports() -> set[tuple[str, str]]:
    return {
        (name, target)
        for name, targets in IMPORTS.items()
        for target in targets
        if stage_of(target) > stage_of(name)
    }


def circles() -> set[frozenset[str]]:
    """Every set of two or more modules that import each other in a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for target in IMPORTS[name]:
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = {stack.pop()}
            while name not in component:
                component.add(stack.pop())
            if len(component) > 1:
                found.add(frozenset(component))

    for name in sorted(MODULES):
        if name not in index:
            visit(name)
    return found


def test_every_module_belongs_to_a_stage() -> None:
    for name in MODULES:
        stage_of(name)


def test_no_module_imports_from_a_later_stage() -> None:
    assert backward_imports() == set()


def test_there_is_no_import_circle() -> None:
    assert circles() == set()


def test_the_checks_see_a_backward_import_and_a_circle() -> None:
    # What the checks above would report, shown on imports the package must never have.
    IMPORTS["auditor.graph.tiers"].add("auditor.report.bundle")
    IMPORTS["auditor.models"].add("auditor.graph.tiers")
    try:
        assert ("auditor.graph.tiers", "auditor.report.bundle") in backward_imports()
        assert any({"auditor.models", "auditor.graph.tiers"} <= c for c in circles())
    finally:
        IMPORTS["auditor.graph.tiers"].discard("auditor.report.bundle")
        IMPORTS["auditor.models"].discard("auditor.graph.tiers")
