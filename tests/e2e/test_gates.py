"""Gates on every update: bans, maintenance, force-join; a successful payment always passes."""

import copy

import pytest
from aiogram.types import LabeledPrice

from nanostore.db.models import Order, OutboxMessage
from nanostore.db.models.enums import PaymentStatus
from nanostore.emulator.checkout import PaymentDeclined, ask_pre_checkout, record_charge
from nanostore.services import cart, categories, channels, checkout, products, settings, stars, users


async def enter_shop(person):
    await person.command("start")
    await person.tap("🛍 Open the shop")


def new_since(person, count_before: int) -> list:
    return person.messages[count_before:]


async def test_banned_person_gets_one_short_notice_and_nothing_else(shop):
    ann = shop.person(1001, "Ann")
    await enter_shop(ann)
    old_menu = copy.deepcopy(ann.screen.message)
    await users.ban(1001, 9000)
    await shop.flush()
    assert "restricted" in ann.messages[-1].text  # the account_banned notice
    seen = len(ann.messages)

    await ann.command("start")
    await ann.send("hello?")
    replies = new_since(ann, seen)
    assert len(replies) == 2
    assert all("restricted" in reply.text and not reply.reply_markup for reply in replies)

    await ann.tap("🎫 Support", message=old_menu)
    assert len(ann.messages) == seen + 2  # no screen opened, nothing edited
    assert ann.alerts[-1].show_alert and "restricted" in ann.alerts[-1].text
    assert "Choose a section" in ann.messages[seen - 2].text


async def test_unbanned_person_can_use_the_shop_again(shop):
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    await users.ban(1001, 9000)
    await users.unban(1001, 9000)
    await ann.command("start")
    assert "Welcome to NanoStore, Ann!" in ann.screen.text


async def test_maintenance_shows_the_admins_text_to_customers_only(shop):
    ann, admin = shop.person(1001, "Ann"), shop.admin
    await enter_shop(ann)
    menu = copy.deepcopy(ann.screen.message)
    await settings.update("maintenance", True)
    await settings.update("maintenance_text", "🛠 Back at 6 pm!")
    await ann.command("start")
    assert ann.screen.text == "🛠 Back at 6 pm!" and not ann.screen.buttons
    await ann.tap("🎫 Support", message=menu)
    assert ann.alerts[-1].text == "🛠 Back at 6 pm!"
    await admin.command("start")
    assert "Welcome to NanoStore, Admin!" in admin.screen.text
    await settings.update("maintenance_text", "")
    await ann.send("anyone?")
    assert "closed for maintenance" in ann.screen.text
    await settings.update("maintenance", False)
    await ann.command("start")
    assert "Welcome to NanoStore, Ann!" in ann.screen.text


async def test_force_join_asks_to_join_and_lets_in_after_joining(shop):
    shop.emulator.channel(-100123, "news", "News")
    await channels.add(-100123, username="news", title="News")
    ann, admin = shop.person(1001, "Ann"), shop.admin
    await ann.command("start")
    assert "join our channel" in ann.screen.text
    assert ann.screen.buttons == [["📢 Join News"], ["✅ I've joined"]]
    assert ann.screen.message.reply_markup["inline_keyboard"][0][0]["url"] == "https://t.me/news"

    await ann.tap("✅ I've joined")
    assert ann.alerts[-1].show_alert and "still need to join" in ann.alerts[-1].text
    assert "join our channel" in ann.screen.text

    ann.join(-100123)
    await ann.tap("✅ I've joined")
    assert "Welcome to NanoStore, Ann!" in ann.screen.text
    await ann.tap("🛍 Open the shop")
    assert "Choose a section" in ann.screen.text

    await admin.command("start")
    assert "Welcome to NanoStore, Admin!" in admin.screen.text


async def test_a_channel_the_bot_cannot_check_locks_nobody_out_and_warns_admins(shop):
    shop.emulator.channel(-100555, "secret", "Secret", bot_is_admin=False)
    await channels.add(-100555, username="secret", title="Secret")
    ann, admin = shop.person(1001, "Ann"), shop.admin
    await admin.command("start")
    await ann.command("start")
    assert "Welcome to NanoStore, Ann!" in ann.screen.text
    await ann.command("start")  # warned once, not on every update
    await shop.flush()
    assert len(shop.emulator.calls_of("getChatMember")) == 1  # nor asked again at once
    assert await OutboxMessage.filter(kind="force_join_unchecked").count() == 1
    assert "Can't check members of Secret" in admin.messages[-1].text


async def stars_invoice(shop, user_id: int):
    await settings.update("stars_per_unit", 10)
    category = await categories.create("Games")
    product = await products.create(category.id, "Game key", 1000)
    await cart.add(user_id, product.id, 1)
    order = await checkout.place_order(user_id, "gate-test")
    invoice = await stars.invoice_for(order.id, user_id)
    await shop.shop.bot.send_invoice(user_id, title=invoice.title, description="Game key",
                                     payload=invoice.payload, currency=invoice.currency,
                                     prices=[LabeledPrice(label="Game key", amount=invoice.amount)],
                                     provider_token="")
    await shop.emulator.settle()
    return order


async def test_a_payment_made_before_a_ban_is_still_recorded(shop):
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    order = await stars_invoice(shop, 1001)
    emulator = shop.emulator
    invoice = emulator.state.invoices[(1001, ann.messages[-1].message_id)]
    await ask_pre_checkout(emulator.core, ann.user, invoice)  # accepted: not banned yet
    await users.ban(1001, 9000)
    await ann.deliver_payment(record_charge(emulator.core, ann.user, invoice))
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID


async def test_a_banned_person_cannot_start_a_new_payment(shop):
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    order = await stars_invoice(shop, 1001)
    await users.ban(1001, 9000)
    with pytest.raises(PaymentDeclined, match="restricted"):
        await ann.pay_invoice()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
