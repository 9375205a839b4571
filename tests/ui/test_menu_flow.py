"""Start, buttons, conditions, transitions, plurals and locales on the sample menu."""

from __future__ import annotations

import pytest


async def test_start_shows_menu_with_plural(shop):
    message = await shop.start()
    assert message.text.splitlines()[:2] == ["Hello, Ann!", "2 items in your cart"]
    assert "Cart" in shop.buttons()


@pytest.mark.parametrize(("count", "line"), [
    (1, "1 товар в корзине"), (3, "3 товара в корзине"), (5, "5 товаров в корзине"),
    (11, "11 товаров в корзине"), (21, "21 товар в корзине")])
async def test_russian_plurals(shop, count, line):
    shop.person.locale, shop.store.cart_count = "ru", count
    message = await shop.start()
    assert message.text.splitlines()[:2] == ["Привет, Ann!", line]


async def test_unknown_locale_falls_back_to_default(shop):
    shop.person.locale = "de"
    assert (await shop.start()).text.startswith("Hello, Ann!")


async def test_locale_switch_between_updates(shop):
    await shop.start()
    shop.person.locale = "ru"
    message = await shop.tap("Catalog")  # the next screen renders in the new language
    assert "Назад" in shop.buttons(message)


async def test_when_expression_hides_button(shop):
    shop.store.cart_count = 0
    await shop.start()
    assert "Cart" not in shop.buttons()


async def test_registry_condition_shows_button(shop):
    await shop.start()
    assert "Admin" not in shop.buttons()
    shop.person.is_admin = True
    await shop.start()
    assert (await shop.tap("Admin")).text == "Pick: -"  # the action returned SwitchTo
    assert shop.store.events == ["admin"]


async def test_url_and_web_app_buttons(shop):
    message = await shop.start()
    buttons = {b.text: b for row in message.reply_markup.inline_keyboard for b in row}
    assert buttons["Help"].url == "https://example.com/help?u=Ann"
    assert buttons["App"].web_app.url == "https://example.com/app"


async def test_next_back_and_native_switch_with_set(shop):
    await shop.start()
    about = await shop.tap("About")
    assert about.text == "<b>About us</b>\nWe sell keys, Ann."
    assert (await shop.tap("Back")).text.startswith("Hello")
    await shop.tap("About")
    assert (await shop.tap("Seen")).text.startswith("Hello")


async def test_domain_error_is_shown_and_window_stays(shop):
    await shop.start()
    message = await shop.tap("Buy")
    assert message.text.startswith("Only 2 left in stock.\n\nHello, Ann!")
    again = await shop.tap("Catalog")  # shown once, not on later screens
    assert "Only 2 left" not in again.text


async def test_domain_error_in_russian(shop):
    shop.person.locale = "ru"
    await shop.start()
    assert (await shop.tap("Купить")).text.startswith("Осталось только 2.")


async def test_radio_multiselect_counter(shop):
    await shop.start()
    message = await shop.tap("Options")
    assert message.text == "Pick: -"
    message = await shop.tap("Large")
    assert message.text == "Pick: l" and "* Large" in shop.buttons()
    await shop.tap("A")
    await shop.tap("B")
    await shop.tap("C")  # max_selected: 2
    assert [b for b in shop.buttons() if b.startswith("+ ")] == ["+ A", "+ B"]
    assert "1 pcs" in shop.buttons()
    await shop.tap(r"\+")
    assert "2 pcs" in shop.buttons()
