"""What a person reads when a button is out of date or Telegram keeps failing, in English and
Russian: the note on the tap, then a screen (never a spinning button); "try again" when a
call outlived its retries, with one WARNING line in the log and no traceback."""

from __future__ import annotations

import logging

import pytest

from tests.fixtures.people import customer

NOTES = {"en": ("That button is out of date, so here is the main menu.",
                "That did not go through in time. Please try again."),
         "ru": ("Эта кнопка устарела, вот главное меню.",
                "Не получилось вовремя. Попробуйте ещё раз.")}


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_a_stranger_tapping_an_old_button_reads_a_note_and_gets_the_menu(shop, language):
    stranger = shop.person(4242, "Someone", language_code=language)
    alert = await stranger.send_callback("", 77)  # an old message the bot cannot see
    assert stranger.unanswered_callbacks == []
    assert alert is not None and alert.text == NOTES[language][0]
    newcomer = await customer(shop, 4243, "Newcomer", language_code=language)
    # The main menu, as /start shows it to anyone in that language (their name and id aside).
    as_newcomer = stranger.screen.text.replace("Someone", "Newcomer").replace("4242", "4243")
    assert (as_newcomer, stranger.screen.buttons) == (newcomer.screen.text, newcomer.screen.buttons)


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_a_tap_telegram_keeps_failing_reads_try_again(shop, caplog, language, monkeypatch):
    from nanostore.bot import telegram_retry

    monkeypatch.setattr(telegram_retry, "BACKOFF", (0.0,) * 4)
    caplog.set_level(logging.INFO)
    ann = await customer(shop, 1001, "Ann", language_code=language)
    label = ann.screen.buttons[0][0]
    # Every edit of the screen fails with a 502, beyond the five attempts; the answer goes through.
    shop.emulator.faults.server_error(502, method="editMessageText", times=5)
    alert = await ann.tap(label)
    assert alert is not None and alert.text == NOTES[language][1]
    gave_up = [r for r in caplog.records if "failed after retries" in r.getMessage()]
    assert [r.levelno for r in gave_up] == [logging.WARNING]
    assert "editMessageText" in gave_up[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
