"""The catalogue of names: getter fields read from source, the JSON round trip, and the shop's
committed catalogue and docs page kept current with the code."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nanostore.shop_catalogue import CATALOGUE_FILE, REGENERATE, fresh_catalogue_json, shop_catalogue
from nanostore.ui import Registry
from nanostore.ui.catalogue import Catalogue
from nanostore.ui.catalogue_pages import catalogue_markdown
from nanostore.ui.getter_fields import fields_in_source, getter_fields

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_PAGE = ROOT / "docs" / "catalogue.md"
REGENERATE_PAGE = "nanostore catalogue --markdown > docs/catalogue.md"

SAMPLE = '''
def _terms(shop):
    return {"min": shop.min, "max": shop.max, **_deeper()}

def _deeper():
    return {"too_deep": 1}

async def _loaded(user):
    return {"image": None, "text": None}

async def overview(dialog_manager, shop, **_):
    return {"balance": 1, **_terms(shop), **await _loaded(None), **elsewhere(), f"x{1}": 2}

async def branches(dialog_manager, **_):
    if dialog_manager.start_data:
        return {"product": None, "cart_count": 0}
    try:
        found = {"product": 1}
    except LookupError:
        return {"error": "missing"}
    return found if found else {"fallback": True}

async def nested(dialog_manager, **_):
    def row(item):
        return {"not_a_field": item}
    return {"rows": [row(i) for i in range(3)]}

async def computed(dialog_manager, **_):
    return dict(a=1)
'''


@pytest.mark.parametrize(("name", "fields"), [
    ("overview", ("balance", "min", "max", "image", "text")),   # spreads followed one level
    ("branches", ("product", "cart_count", "error", "fallback")),  # every return, both arms
    ("nested", ("rows",)),                                       # an inner function's dict is not it
    ("computed", ()),                                            # not a literal: unknown
    ("missing", ()),
])
def test_fields_are_read_from_the_returned_dict_literals(name, fields):
    assert fields_in_source(SAMPLE, name) == fields


def admin_only(function):
    @functools.wraps(function)
    async def guarded(*args, **kwargs):
        return await function(*args, **kwargs)
    return guarded


def _page(found) -> dict:
    return {"pages": found, "page": 0}


@admin_only
async def decorated(dialog_manager, **_) -> dict:
    return {"orders": [], **_page(1)}


def test_a_live_getter_is_read_through_its_decorators_and_module_helpers():
    assert getter_fields(decorated) == ("orders", "pages", "page")
    assert getter_fields(len) == ()  # no Python source


def sample_registry() -> Registry:
    registry = Registry()

    @registry.getter("shop.product")
    async def product(dialog_manager, **_) -> dict:
        """One product with its price.

        More detail that stays out of the summary."""
        return {"product": None, "price": 0}

    @registry.condition("shop.is_open")
    def is_open(data, manager) -> bool:
        """Is the shop taking orders
        right now?"""
        return True

    @registry.filter("upper")
    def upper(value):
        return str(value).upper()
    return registry


def test_a_catalogue_answers_as_the_registry_and_survives_json():
    registry = sample_registry()
    assert registry.getter_fields("shop.product") == ("product", "price")
    assert registry.doc("getter", "shop.product") == "One product with its price."
    assert registry.doc("condition", "shop.is_open") == "Is the shop taking orders right now?"
    catalogue = Catalogue.from_json(Catalogue.from_registry(registry).to_json())
    for kind in ("getter", "action", "condition", "input_type", "filter"):
        assert catalogue.names(kind) == registry.names(kind)
        for name in registry.names(kind):
            assert catalogue.doc(kind, name) == registry.doc(kind, name)
    assert catalogue.has("getter", "shop.product") and not catalogue.has("getter", "shop.products")
    assert catalogue.getter_fields("shop.product") == ("product", "price")


def test_filters_known_by_name_render_unchanged_until_given_their_function():
    catalogue = Catalogue.from_json(Catalogue.from_registry(sample_registry()).to_json())
    assert catalogue.filters()["upper"]("abc") == "abc"
    catalogue.filter("upper")(lambda value: value.upper())
    assert catalogue.filters()["upper"]("abc") == "ABC"


def test_the_committed_catalogue_is_current():
    assert CATALOGUE_FILE.read_text(encoding="utf-8") == fresh_catalogue_json(), (
        f"a getter, action, condition, input type or filter changed: run `{REGENERATE}`")


def test_the_shop_catalogue_has_the_real_filters_and_builtin_input_types():
    catalogue = shop_catalogue()
    assert catalogue.filters()["money"](1250, "$") == "$12.50"
    assert {"str", "int", "positive_int", "money"} <= set(catalogue.names("input_type"))
    assert catalogue.getter_fields("cart.view")[:3] == ("lines", "buttons", "subtotal")


def test_the_catalogue_page_is_current():
    expected = catalogue_markdown(shop_catalogue(), REGENERATE_PAGE)
    assert CATALOGUE_PAGE.read_text(encoding="utf-8") == expected, f"run `{REGENERATE_PAGE}`"


def imported_modules(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}


def frameworks(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in ("aiogram", "aiogram_dialog", "tortoise")}


def test_the_catalogue_and_the_filters_load_without_aiogram_or_tortoise():
    assert frameworks(imported_modules("import nanostore.shop_catalogue; "
                                       "nanostore.shop_catalogue.shop_catalogue()")) == set()


def test_nanostore_check_loads_neither_aiogram_nor_tortoise():
    code = "from nanostore.cli import main; main(['check'])"
    assert frameworks(imported_modules(code)) == set()
