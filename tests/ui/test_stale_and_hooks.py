"""Old buttons restart at the menu with a note; the action-error hook is replaceable;
pure transitions compile to aiogram-dialog's own widgets."""

from __future__ import annotations

import pytest
from aiogram_dialog import Dialog
from aiogram_dialog.widgets import kbd

from nanostore.ui import build_dialogs, show_error_as_popup, states_for
from tests.fixtures.ui_harness import make_harness


async def test_outdated_button_restarts_menu_with_note(shop):
    menu = await shop.start()
    await shop.tap("Catalog")
    shop.bot.answers.clear()
    restarted = await shop.tap("About", message=menu)  # a button of a window no longer on top
    assert [answer.text for answer in shop.bot.answers] == ["This button is outdated: here is the menu."]
    assert restarted.text.startswith("Hello, Ann!")


async def test_unknown_intent_note_in_persons_language(shop):
    menu = await shop.start()
    shop.person.locale = "ru"
    await shop.client.send("/start")  # resets the stack: the old message's intent is gone
    shop.bot.answers.clear()
    await shop.tap("About", message=menu)
    assert [answer.text for answer in shop.bot.answers] == ["Эта кнопка устарела: вот меню."]
    assert shop.last().text.startswith("Привет, Ann!")


async def test_popup_hook_answers_callback():
    shop = make_harness(on_action_error=show_error_as_popup)
    await shop.start()
    shop.bot.answers.clear()
    message = await shop.tap("Buy")
    assert shop.bot.answers[0].text == "Only 2 left in stock." and shop.bot.answers[0].show_alert
    assert message.text.startswith("Hello, Ann!")  # no note in the window this time


def test_pure_transitions_are_native_widgets(shop):
    dialogs = {d.states_group_name(): d for d in build_dialogs(shop.bundle)}
    menu: Dialog = dialogs["menu"]
    window = menu.windows[states_for("menu").about]
    assert isinstance(window.keyboard.find("back"), kbd.Back)
    assert isinstance(window.keyboard.find("seen"), kbd.SwitchTo)
    main = menu.windows[states_for("menu").main]
    assert isinstance(main.keyboard.find("catalog"), kbd.Start)
    assert isinstance(main.keyboard.find("about"), kbd.Next)
    catalog = dialogs["catalog"].windows[states_for("catalog").list]
    assert isinstance(catalog.keyboard.find("close"), kbd.Cancel)
    assert type(main.keyboard.find("buy")) is kbd.Button


def test_states_are_reused_across_builds(shop):
    first = build_dialogs(shop.bundle)[0].states_group()
    assert build_dialogs(shop.bundle)[0].states_group() is first
    assert states_for("menu").main.state == "menu:main"


async def test_aiogram_dialog_preview_renders_screens(shop):
    pytest.importorskip("diagrams")  # aiogram_dialog.tools needs it; not a project dependency
    from aiogram_dialog.tools.preview import render_preview_content
    html = await render_preview_content(shop.dp)
    assert "Hello, Ann!" in html and "Game key" in html
