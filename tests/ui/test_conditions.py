"""The shop's named conditions: what each answers, and the docs' `when: {condition: users.is_admin}`
working end to end — checked clean, compiled, and shown only to admins in the running shop."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

import tests.e2e.shop as e2e_shop
from nanostore.bot.screens import LOCALES_DIR, SCREENS_DIR, load_shop_bundle, shop_registry
from nanostore.emulator import Emulator, Timing
from nanostore.shop_catalogue import check_shop_screens
from tests.e2e.shop import running_shop

ADMIN_BUTTON = "- button: {id: admin, text: {t: menu.admin}, when: is_admin, on_click: {start: admin}}"
# The docs' example (docs/screens.md, Conditions), next to the hub's own admin button.
NAMED = ("- button: {id: admin, text: {t: menu.admin}, when: {condition: users.is_admin}, "
         "on_click: {start: admin}}\n"
         "      - button: {id: customer, text: Customer, when: {condition: users.is_customer}}")


def manager(**middleware_data):
    return SimpleNamespace(middleware_data=middleware_data)


def condition(name: str):
    return shop_registry().get("condition", name)


@pytest.mark.parametrize(("is_admin", "admin", "customer"), [(True, True, False), (False, False, True)])
def test_users_conditions_read_the_role_the_middleware_set(is_admin, admin, customer):
    assert condition("users.is_admin")({}, manager(is_admin=is_admin)) is admin
    assert condition("users.is_customer")({}, manager(is_admin=is_admin)) is customer


def test_without_a_role_nobody_is_an_admin():
    assert condition("users.is_admin")({}, manager()) is False


@pytest.mark.parametrize(("data", "expected"), [
    ({"is_empty": False, "count": 2}, True), ({"is_empty": True, "count": 0}, False),
    ({"cart_count": 3}, True), ({"cart_count": 0}, False), ({}, False)])
def test_cart_conditions_read_the_window_data(data, expected):
    assert condition("cart.not_empty")(data, manager()) is expected
    assert condition("cart.is_empty")(data, manager()) is (not expected)


def test_wallet_has_balance_prefers_the_window_data_over_the_middleware_row():
    rich = manager(shop_user=SimpleNamespace(balance=500))
    assert condition("wallet.has_balance")({"balance": 0}, rich) is False
    assert condition("wallet.has_balance")({}, rich) is True
    assert condition("wallet.has_balance")({}, manager(shop_user=SimpleNamespace(balance=0))) is False
    assert condition("wallet.has_balance")({}, manager()) is False


def test_every_condition_says_what_it_answers():
    registry = shop_registry()
    assert {"users.is_admin", "users.is_customer", "cart.not_empty", "wallet.has_balance"} <= set(
        registry.names("condition"))
    for name in registry.names("condition"):
        assert registry.doc("condition", name).endswith(("?", ")")), name


@pytest.fixture
def content_with_named_conditions(tmp_path):
    screens, locales = tmp_path / "screens", tmp_path / "locales"
    shutil.copytree(SCREENS_DIR, screens)
    shutil.copytree(LOCALES_DIR, locales)
    menu = screens / "menu.yaml"
    text = menu.read_text(encoding="utf-8")
    assert ADMIN_BUTTON in text
    menu.write_text(text.replace(ADMIN_BUTTON, NAMED), encoding="utf-8")
    return screens, locales


def test_the_docs_example_checks_clean(content_with_named_conditions):
    assert check_shop_screens(*content_with_named_conditions) == []


async def test_the_named_condition_shows_the_button_to_admins_only(content_with_named_conditions, db,
                                                                   monkeypatch):
    bundle = load_shop_bundle(*content_with_named_conditions, strict=True)
    monkeypatch.setattr(e2e_shop, "shop_bundle", lambda: bundle)
    emulator = Emulator(timing=Timing(quiet_period=0.03, settle_timeout=15.0))
    await emulator.start()
    try:
        async with running_shop(emulator, db) as shop:
            for person, admin_sees in ((shop.person(1001), False), (shop.admin, True)):
                await person.command("start")
                await person.tap("🛍 Open the shop")
                labels = person.screen.labels
                assert ("🔧 Admin Panel" in labels) is admin_sees
                assert ("Customer" in labels) is not admin_sees
    finally:
        await emulator.stop()
