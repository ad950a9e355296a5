"""The fake server's modules import in one direction: the server uses the handler, never back."""

import ast
from pathlib import Path

import auditor.fake

FAKE = Path(auditor.fake.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside blocks such as TYPE_CHECKING."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def fake_imports() -> dict[str, set[str]]:
    return {
        f"auditor.fake.{path.stem}": {
            name for name in imported_modules(path) if name.startswith("auditor.fake.")
        }
        for path in FAKE.glob("*.py")
        if path.stem != "__init__"
    }


def test_no_module_of_the_fake_server_imports_itself_back() -> None:
    graph = fake_imports()

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            step == goal or (step not in seen and reaches(step, goal, seen | {step}))
            for step in graph.get(start, set())
        )

    assert [module for module in graph if reaches(module, module)] == []


def test_the_handler_talks_to_the_server_through_its_interface() -> None:
    handler = fake_imports()["auditor.fake.handler"]
    assert "auditor.fake.backend" in handler
    assert "auditor.fake.server" not in handler
