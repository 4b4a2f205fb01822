"""The shape rules of DESIGN §3 that a reader should not have to police: no module imports a
private name (`_x`) from another module, tests do not reach into views, and selectors (reads)
never import services (writes)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("pst", "queueing", "consultations", "complaints")


def _modules(*folders: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        if (ROOT / folder).is_dir()
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    )


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports(path: Path) -> list[tuple[str, str, int]]:
    """(module, name, line) of each `from module import name` in `path`, relative imports
    resolved against the module's package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found += [(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "", node.lineno) for alias in node.names]
    return found


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@pytest.mark.parametrize("path", _modules(*APPS), ids=_module_name)
def test_no_module_imports_a_private_name_from_another_module(path):
    private = [
        f"{_module_name(path)}:{line} imports {name} from {module}"
        for module, name, line in _imports(path)
        if module != "__future__"
        and (_is_private(name) or any(_is_private(part) for part in module.split(".")))
    ]
    assert private == []


@pytest.mark.parametrize("path", _modules("tests"), ids=_module_name)
def test_tests_do_not_import_view_internals(path):
    internals = [
        f"{_module_name(path)}:{line} imports {name} from {module}"
        for module, name, line in _imports(path)
        if "views" in module.split(".")[-1] and _is_private(name)
    ]
    assert internals == []


@pytest.mark.parametrize(
    "path", [p for p in _modules(*APPS) if p.name == "selectors.py"], ids=_module_name
)
def test_selectors_do_not_import_services(path):
    services = [
        f"{_module_name(path)}:{line} imports {name or module}"
        for module, name, line in _imports(path)
        if module.split(".")[-1] == "services" or name == "services"
    ]
    assert services == []
