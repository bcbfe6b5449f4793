"""The map of the code stays true: layers point one way and modules stay readable.

pages -> states -> services -> (domain, infra, models). `domain/` is rules as data and
pure functions (standard library and model constants only). Every import is read from the
source, lazy imports inside functions included, so a back arrow fails here by name.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from licensure_app.settings import PROJECT_ROOT

PACKAGE = "licensure_app"
SOURCE = PROJECT_ROOT / PACKAGE
APP_MODULE = f"{PACKAGE}.{PACKAGE}"

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # what it imports, dotted and absolute
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        if not is_package:
            parts.pop()
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    # `from pkg import name` may name a submodule: count both the package and pkg.name.
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def imports_of(path: Path) -> list[Import]:
    module = _module_name(path)
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        for target in _targets(node, module, path.name == "__init__.py"):
            found.append(Import(module, target, node.lineno))
    return found


def _modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def _all_imports() -> list[Import]:
    return [imp for path in _modules() for imp in imports_of(path)]


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _is_project(name: str) -> bool:
    return _under(name, PACKAGE)


def domain_violations(imports: list[Import]) -> list[str]:
    """`domain/` imports only the standard library, model constants and itself."""
    allowed = (f"{PACKAGE}.domain", f"{PACKAGE}.models")
    bad = []
    for imp in imports:
        if not _under(imp.module, f"{PACKAGE}.domain"):
            continue
        top = imp.target.split(".")[0]
        if top == "__future__" or top in sys.stdlib_module_names:
            continue
        if _is_project(imp.target) and any(_under(imp.target, a) for a in allowed):
            continue
        if imp.target == PACKAGE:
            continue  # `from licensure_app import x` is judged by its `licensure_app.x` entry
        bad.append(f"{imp.module}:{imp.line} imports {imp.target}")
    return bad


def layer_violations(imports: list[Import]) -> list[str]:
    """Lower layers never import higher ones; nothing but the app module imports the app."""
    higher = {
        f"{PACKAGE}.models": ("services", "states", "pages", "components", "domain", "infra"),
        f"{PACKAGE}.services": ("states", "pages", "components"),
        f"{PACKAGE}.infra": ("states", "pages", "components"),
        f"{PACKAGE}.states": ("pages", "components"),
    }
    bad = []
    for imp in imports:
        if imp.target == APP_MODULE or _under(imp.target, APP_MODULE):
            if imp.module != APP_MODULE:
                bad.append(f"{imp.module}:{imp.line} imports the app module")
            continue
        for layer, forbidden in higher.items():
            if not _under(imp.module, layer):
                continue
            for name in forbidden:
                if _under(imp.target, f"{PACKAGE}.{name}"):
                    bad.append(f"{imp.module}:{imp.line} imports {imp.target}")
    return bad


def test_domain_needs_no_database_session_and_no_reflex() -> None:
    assert domain_violations(_all_imports()) == []


def test_layers_point_one_way() -> None:
    assert layer_violations(_all_imports()) == []


def test_the_checks_catch_a_back_arrow() -> None:
    # What a service importing a state, a state importing the app and a domain module
    # importing SQLModel would look like: each is reported.
    back_arrows = [
        Import(f"{PACKAGE}.services.approvals.queue", f"{PACKAGE}.states.approvals", 3),
        Import(f"{PACKAGE}.states.live", APP_MODULE, 4),
        Import(f"{PACKAGE}.domain.renewal", "sqlmodel", 5),
        Import(f"{PACKAGE}.domain.renewal", f"{PACKAGE}.services.rules", 6),
    ]
    assert len(layer_violations(back_arrows)) == 2
    assert len(domain_violations(back_arrows)) == 2


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_modules_and_functions_stay_readable(path: Path) -> None:
    source = path.read_text()
    assert source.count("\n") <= MAX_MODULE_LINES, f"{path.name} is over {MAX_MODULE_LINES} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
