"""Test modules share helpers through tests/fixtures/, never by importing each other.

Importing a test module from another one runs its module code a second time under a second name
(`shop_builders` and `tests.services.shop_builders` were two modules), ties unrelated tests
together and hides where a helper lives. The rule, checked on every file under tests/ with `ast`:

- nothing imports a test module (`test_*.py`): not `from tests.x.test_y import ...`, not
  `import tests.x.test_y`, not `from tests.x import test_y`, not a relative import, and not a
  bare-name import of a sibling (`from test_y import ...`, as pytest's rootdir-less directories
  allow);
- only a conftest.py imports from a conftest.py (to reuse another directory's pytest fixtures, as
  tests/hardening/conftest.py does with tests/e2e/conftest.py); helpers that tests import live in
  tests/fixtures/.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def is_test_module(path: Path) -> bool:
    return path.suffix == ".py" and (path.name.startswith("test_") or path.stem.endswith("_test"))


def module_file(dotted: str, base: Path) -> Path | None:
    """The .py file (or package __init__.py) `dotted` names, looked up from the directory base."""
    target = base.joinpath(*dotted.split(".")) if dotted else base
    for candidate in (target.with_suffix(".py"), target / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_files(path: Path, node: ast.Import | ast.ImportFrom) -> list[Path]:
    """The files under tests/ an import statement loads (modules it imports from, and submodules
    it imports by name); names it cannot place (the standard library, packages) are skipped."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
        bases = [ROOT, path.parent]  # `import tests.x.y`, or a sibling by its bare name
        found = []
        for name in names:
            file = next(filter(None, (module_file(name, base) for base in bases)), None)
            if file is not None:
                found.append(file)
        return found
    if node.level:
        package = path.parent
        for _ in range(node.level - 1):
            package = package.parent
        bases = [package]
    else:
        bases = [ROOT, path.parent]
    found = []
    for base in bases:
        module = module_file(node.module or "", base)
        if module is None:
            continue
        found.append(module)
        if module.name == "__init__.py":  # `from package import submodule`
            found += [sub for alias in node.names
                      if (sub := module_file(alias.name, module.parent)) is not None]
        break
    return found


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for target in imported_files(path, node):
            if target.resolve() == path.resolve() or TESTS not in target.resolve().parents:
                continue
            if is_test_module(target):
                why = "a test module"
            elif target.name == "conftest.py" and path.name != "conftest.py":
                why = "a conftest (helpers belong in tests/fixtures/)"
            else:
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports "
                         f"{target.relative_to(ROOT)}, {why}")
    return found


def test_no_module_imports_a_test_module_or_a_conftest():
    found = [offence for path in sorted(TESTS.rglob("*.py")) for offence in offences(path)]
    assert not found, "imports between test modules:\n" + "\n".join(found)
