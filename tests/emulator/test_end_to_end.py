"""The whole path through the real aiogram stack, once by polling and once by webhook."""

from __future__ import annotations


async def test_start_tap_edit_photo_and_stars_payment(emulator, bare_bot):
    ann = emulator.person(1001, "Ann", username="ann")

    await ann.command("start", payload="ref123")
    assert ann.screen.text == "Welcome (ref ref123)"
    assert ann.screen.buttons == [["Catalog"], ["Alert me"]]
    welcome_id = ann.screen.message_id

    await ann.tap("Catalog")
    assert ann.screen.message_id == welcome_id  # edited in place
    assert ann.screen.text == "Catalog: one item"
    assert ann.screen.message.edit_date is not None

    await ann.send_photo(b"\xff\xd8 fake jpeg \xff\xd9")
    assert ann.screen.media_kind == "photo"
    assert ann.screen.text == "Got 15 bytes"

    await ann.command("buy")
    payment = await ann.pay_invoice()
    assert bare_bot.dispatcher.paid_charges == [payment.charge_id]
    assert ann.screen.text == "Thanks, delivered"


async def test_alert_is_recorded(emulator, bare_bot):
    bob = emulator.person(1002, "Bob")
    await bob.command("start")
    alert = await bob.tap("Alert me")
    assert alert.text == "Heads up" and alert.show_alert
    assert [a.text for a in bob.alerts] == ["Heads up"]


async def test_echo_keeps_order_and_message_ids(emulator, bare_bot):
    cid = emulator.person(1003, "Cid")
    for word in ("one", "two", "three"):
        await cid.send(word)
    assert [m.text for m in cid.inbox] == ["one", "two", "three"]
    assert [m.message_id for m in cid.inbox] == [2, 4, 6]  # ids shared with the user's messages
