"""Who may import whom (docs: /work/shared/DESIGN.md section 1), read from the source with `ast`.

- Getters and actions are thin adapters over services: they import nothing from `nanostore.db`
  and nothing from `tortoise`. Every read and write goes through a service function named for
  what it answers (`audit.find_entry`, `orders.count_for_user`); a getter that wants a model's
  type for an annotation names it through its service (`products.Product`).

  One module of `nanostore.db` is allowed, by decision: `nanostore.db.models.enums`. It holds
  plain `StrEnum`s (order, payment and ticket statuses, media and item kinds) and no ORM: they are
  the values services take and hand back (`orders.set_status(..., OrderStatus.DELIVERED)`), so a
  getter comparing a status or an action turning a button's value into a kind uses the services'
  own vocabulary, not the database. Routing each enum through a service module would only rename
  the same values.

- Services know nothing of Telegram: they import nothing from `aiogram` or `aiogram_dialog`, nor
  from the layers built on them (`nanostore.bot`, `nanostore.ui`, `nanostore.getters`,
  `nanostore.actions`), which would bring aiogram in with them.

Every import counts: at module level, inside a function, under `TYPE_CHECKING`; relative imports
are resolved against the file's package. There is no list of exceptions: a file that breaks a
rule fails here, named with its line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Rule:
    name: str
    folders: tuple[str, ...]        # under ROOT, each a package of the layer
    forbidden: tuple[str, ...]      # module prefixes the layer may not import
    allowed: tuple[str, ...] = ()   # narrower prefixes inside `forbidden` that it may

    def breaks(self, module: str) -> bool:
        return within(module, self.forbidden) and not within(module, self.allowed)


ADAPTERS_USE_SERVICES = Rule(
    "getters and actions import nothing from the database or the ORM",
    folders=("nanostore/getters", "nanostore/actions"),
    forbidden=("nanostore.db", "tortoise"),
    allowed=("nanostore.db.models.enums",),
)
SERVICES_WITHOUT_TELEGRAM = Rule(
    "services import nothing from aiogram or the layers built on it",
    folders=("nanostore/services",),
    forbidden=("aiogram", "aiogram_dialog", "nanostore.bot", "nanostore.ui", "nanostore.getters",
               "nanostore.actions"),
)
GETTERS_ONLY_READ = Rule(
    "getters import nothing from actions (data is read, not done; shared readers live in getters)",
    folders=("nanostore/getters",),
    forbidden=("nanostore.actions",),
)
RULES = (ADAPTERS_USE_SERVICES, SERVICES_WITHOUT_TELEGRAM, GETTERS_ONLY_READ)


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything a module's source imports, anywhere in the file.

    `from a.b import c` gives `a.b.c`, whether `c` is a module or a name in `a.b`: that is what
    the rules compare, so `from nanostore import db` and `from nanostore.db.models import enums`
    are told apart from `from nanostore.db.models import User`."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            origin = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                yield node.lineno, f"{origin}.{alias.name}"


def layer_files(rule: Rule) -> list[Path]:
    return sorted(path for folder in rule.folders for path in (ROOT / folder).rglob("*.py"))


def violations(rule: Rule) -> list[str]:
    found = []
    for path in layer_files(rule):
        for line, name in imported(path.read_text(encoding="utf-8"), module_name(path),
                                   path.name == "__init__.py"):
            if rule.breaks(name):
                found.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
    return found


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_layer_rule_holds(rule: Rule):
    assert layer_files(rule), f"no files under {rule.folders}: the rule would check nothing"
    found = violations(rule)
    assert not found, f"{rule.name}:\n" + "\n".join(found)


def test_every_spelling_of_an_import_is_seen():
    source = """
from typing import TYPE_CHECKING
from nanostore.services import products
from nanostore.db.models.enums import OrderStatus
from nanostore.db.models import enums
from ..db.models import User
from nanostore import db
import nanostore.db.connection
from tortoise.timezone import now
from .formatting import money
if TYPE_CHECKING:
    from nanostore.db.models import Product

async def late():
    from nanostore.db.models import Order
"""
    names = list(imported(source, "nanostore.getters.example"))
    broken = [(line, name) for line, name in names if ADAPTERS_USE_SERVICES.breaks(name)]
    assert broken == [(6, "nanostore.db.models.User"), (7, "nanostore.db"),
                      (8, "nanostore.db.connection"), (9, "tortoise.timezone.now"),
                      (12, "nanostore.db.models.Product"), (15, "nanostore.db.models.Order")]
    assert (10, "nanostore.getters.formatting.money") in names
    assert list(imported("from . import audit", "nanostore.services", is_package=True)) == [
        (1, "nanostore.services.audit")]


def test_services_importing_telegram_are_caught():
    source = "from aiogram import Bot\nimport aiogram_dialog\nfrom ..bot import notifications\n"
    broken = [name for _, name in imported(source, "nanostore.services.example")
              if SERVICES_WITHOUT_TELEGRAM.breaks(name)]
    assert broken == ["aiogram.Bot", "aiogram_dialog", "nanostore.bot.notifications"]
