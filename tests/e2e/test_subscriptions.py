"""Stars subscriptions end to end: subscribe from the product card and join the private channel
by the one-person link; renewals extend once (a replayed update too); a key subscription gets a
fresh key each period; stop and resume renewals from My subscriptions; a lapse removes access and
says so; a renewal nobody can match, or one after cancelling, is recorded, told and refunded."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest

from nanostore.bot.stars_ledger import StarsLedger, payer_translator
from nanostore.bot.subscription_keeper import SubscriptionKeeper
from nanostore.db.models import Product, StarsPayment, Subscription
from nanostore.db.models.enums import StarsPaymentStatus, SubscriptionStatus
from nanostore.emulator.subscriptions import SubscriptionCanceled
from nanostore.services import settings, subscription_views
from tests.e2e.shop import shop_bundle
from tests.fixtures.admin_catalog import open_product
from tests.fixtures.catalog import a_product
from tests.fixtures.people import customer, labels, open_dialog, received, window_text

# The journeys read the same on either database; the races are in tests/services.
pytestmark = pytest.mark.one_backend

CLUB = -1001234


def stars_ledger(shop) -> StarsLedger:
    return StarsLedger(shop.shop.bot, payer_translator(shop_bundle(), shop.settings.default_locale),
                       shop.shop.notifier)


async def subscribe(shop, person, product):
    """From the card: Subscribe, then pay the invoice link its button opens."""
    await open_dialog(shop, person, "catalog", {"product_id": product.id})
    await person.tap(f"⭐ Subscribe for ⭐{product.stars_price}/month")
    [link] = [b["url"] for row in person.inbox[-1].reply_markup["inline_keyboard"] for b in row if "url" in b]
    payment = await person.pay_invoice(link=link)
    await shop.flush()
    return payment


async def channel_product(shop):
    shop.emulator.channel(CLUB, title="VIP club")
    product = await a_product("VIP club", stars_price=40)
    await subscription_views.set_plan(product.id, "channel", CLUB)
    return product


async def test_subscribe_join_renew_once_stop_resume_and_lapse(shop):
    emu = shop.emulator
    ann = await customer(shop)
    product = await channel_product(shop)
    await open_dialog(shop, ann, "catalog", {"product_id": product.id})
    assert "⭐ Subscribe for ⭐40/month" in labels(ann) and "🛒 Add to cart" not in labels(ann)
    assert "Monthly subscription: ⭐40 a month" in window_text(ann) and "Price" not in window_text(ann)
    first = await subscribe(shop, ann, product)
    assert len(emu.calls_of("createInvoiceLink")) == 1
    assert emu.calls_of("createInvoiceLink")[0].params["subscription_period"] in (2592000, "2592000")
    link = re.search(r"https://t\.me/\+\S+", received(ann)).group(0)
    assert "VIP club: you are subscribed until" in received(ann)
    eve = emu.person(2002, "Eve")
    await eve.join_by_link(link)  # the link passed on: Eve's request is declined
    await ann.join_by_link(link)
    assert emu.state.chats[CLUB].members[ann.id] == "member"
    assert emu.state.chats[CLUB].members.get(eve.id, "left") == "left"

    renewal = await emu.renew_subscription(first.charge_id)
    await ann.deliver_payment(renewal)  # Telegram repeats the update: applied once
    await shop.flush()
    sub = await Subscription.get(user_id=ann.id)
    assert sub.periods == 2 and sub.expires_at.timestamp() == renewal.subscription_expiration_date

    await open_dialog(shop, ann, "subscriptions")
    assert "VIP club" in window_text(ann) and "⭐40/month · renews" in window_text(ann)
    await ann.tap("✋ Stop renewing VIP club")
    assert "Renewal stopped" in received(ann) and "not renewing: access until" in window_text(ann)
    with pytest.raises(SubscriptionCanceled):
        await emu.renew_subscription(first.charge_id)
    await ann.tap("▶️ Resume VIP club")
    assert "renews" in window_text(ann)
    await emu.renew_subscription(first.charge_id)
    assert (await Subscription.get(id=sub.id)).periods == 3

    # Telegram could not renew (say the customer's Stars ran out): the period ends, access goes.
    await Subscription.filter(id=sub.id).update(expires_at=sub.expires_at.replace(year=2020))
    assert await SubscriptionKeeper(shop.shop.bot).run_once() == (1, 0)
    await shop.flush()
    assert emu.state.chats[CLUB].members[ann.id] == "left"  # removed, free to come back
    assert "VIP club: your subscription has ended" in received(ann)
    assert (await Subscription.get(id=sub.id)).status is SubscriptionStatus.LAPSED


async def test_a_key_subscription_sends_a_fresh_key_each_month(shop):
    emu = shop.emulator
    ann = await customer(shop)
    product = await a_product("Key club", stars_price=15, keys=["KEY-ONE", "KEY-TWO"])
    await subscription_views.set_plan(product.id, "key")
    first = await subscribe(shop, ann, product)
    assert "KEY-ONE" in received(ann) and "KEY-TWO" not in received(ann)
    await emu.renew_subscription(first.charge_id)
    await shop.flush()
    assert "KEY-TWO" in received(ann)
    await emu.renew_subscription(first.charge_id)  # the pool is empty: the key is owed, said so
    await shop.flush()
    assert "this month's key is not ready yet" in received(ann)


async def test_renewals_nobody_can_match_or_after_cancelling_are_recorded_told_refunded(shop):
    emu, boss = shop.emulator, shop.admin
    ann = await customer(shop)
    product = await channel_product(shop)
    first = await subscribe(shop, ann, product)
    sub = await Subscription.get(user_id=ann.id)
    # The shop stopped it, but Telegram's renewal crossed the cancel: the charge goes back.
    await Subscription.filter(id=sub.id).update(status=SubscriptionStatus.CANCELED)
    late = await emu.renew_subscription(first.charge_id)
    await shop.flush()
    assert "this charge has been refunded" in received(ann)
    assert "Subscription charge refunded" in received(boss)
    assert emu.state.charges[late.charge_id].refunded
    assert (await Subscription.get(id=sub.id)).periods == 1
    # A renewal whose subscription the shop has no record of (a restored backup, say).
    await Subscription.filter(id=sub.id).update(payload="sub:gone")
    await Subscription.filter(id=sub.id).update(status=SubscriptionStatus.ACTIVE)
    stray = await emu.renew_subscription(first.charge_id)
    await shop.flush()
    assert await StarsPayment.filter(charge_id=stray.charge_id, status=StarsPaymentStatus.ORPHAN).exists()
    assert "Subscription payment we cannot match" in received(boss)


async def test_admin_sets_the_plan_and_sees_subscribers_and_revenue(shop):
    emu = shop.emulator
    emu.channel(CLUB, title="VIP club")
    emu.channel(-1005555, title="Not ours", bot_is_admin=False)
    admin, product = await open_product(shop, name="VIP club", stars_price=40)
    await admin.tap("⭐ Subscription")
    assert "Not a subscription: sold through the cart." in window_text(admin)
    await admin.send("hello there")
    assert "Send the chat's id" in received(admin)
    await admin.send("-1005555")
    assert "needs to be an admin of Not ours" in received(admin)
    await admin.send(str(CLUB))
    assert f"membership of the chat {CLUB}" in window_text(admin)
    ann = await customer(shop)
    first = await subscribe(shop, ann, await Product.get(id=product.id))
    await emu.renew_subscription(first.charge_id)
    await admin.tap("⬅️ Back")
    await admin.tap("⭐ Subscription")
    assert "Subscribers: 1 renewing, 0 not renewing, 0 ended" in window_text(admin)
    assert "Revenue: ⭐80 from 2 paid months" in window_text(admin)
    await admin.tap("🛒 Not a subscription")
    assert "Not a subscription" in window_text(admin)


async def test_a_renewal_whose_update_was_lost_is_found_in_the_stars_ledger_once(shop):
    emu = shop.emulator
    ann = await customer(shop)
    product = await a_product("Key club", stars_price=15, keys=["KEY-ONE", "KEY-TWO", "KEY-3"])
    await subscription_views.set_plan(product.id, "key")
    first = await subscribe(shop, ann, product)
    lost = await emu.renew_subscription(first.charge_id, deliver=False)
    assert await stars_ledger(shop).reconcile() == [lost.charge_id]
    await ann.deliver_payment(lost)  # the update turns up after all: nothing more happens
    await shop.flush()
    sub = await Subscription.get(user_id=ann.id)
    assert sub.periods == 2 and "KEY-TWO" in received(ann) and "KEY-3" not in received(ann)
    assert await stars_ledger(shop).reconcile() == []


async def test_double_tap_one_link_a_second_subscription_refused_and_a_refused_resume(shop):
    emu = shop.emulator
    ann = await customer(shop)
    product = await channel_product(shop)
    await open_dialog(shop, ann, "catalog", {"product_id": product.id})
    await asyncio.gather(*(ann.tap("⭐ Subscribe for ⭐40/month") for _ in range(2)))
    assert len(emu.calls_of("createInvoiceLink")) == 1 and "⭐ Pay ⭐40 — first month" in labels(ann)
    await subscribe(shop, ann, product)
    await open_dialog(shop, ann, "catalog", {"product_id": product.id})
    await ann.tap("⭐ Subscribe for ⭐40/month")
    assert "You are subscribed to this already" in received(ann)
    # The shop's record says stopped, Telegram's does not (stopped and resumed by hand, say):
    # Telegram refuses to resume what the bot did not stop, and the customer is told where to look.
    await Subscription.filter(user_id=ann.id).update(status=SubscriptionStatus.CANCELED)
    await open_dialog(shop, ann, "subscriptions")
    await ann.tap("▶️ Resume VIP club")
    assert "Telegram didn't accept that" in received(ann)
    assert (await Subscription.get(user_id=ann.id)).status is SubscriptionStatus.CANCELED


async def test_the_access_job_runs_on_one_instance_at_a_time(shop):
    one, two = (SubscriptionKeeper(shop.shop.bot, holder=name) for name in ("one", "two"))
    assert await one.run_once() == (0, 0)
    assert await two.run_once() is None


async def test_a_lapse_the_bot_cannot_enforce_is_told_to_admins(shop):
    emu, boss = shop.emulator, shop.admin
    ann = await customer(shop)
    product = await channel_product(shop)
    first = await subscribe(shop, ann, product)
    await ann.join_by_link(re.search(r"https://t\.me/\+\S+", received(ann)).group(0))
    emu.state.chats[CLUB].bot_is_admin = False  # someone took the bot's rights away
    ann.cancel_subscription(first.charge_id)
    await Subscription.filter(user_id=ann.id).update(expires_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert await SubscriptionKeeper(shop.shop.bot).run_once() == (1, 0)
    await shop.flush()
    assert "Subscriber not removed" in received(boss) and "your subscription has ended" in received(ann)


async def test_a_subscriber_joins_even_while_the_shop_is_in_maintenance(shop):
    ann = await customer(shop)
    product = await channel_product(shop)
    await subscribe(shop, ann, product)
    link = re.search(r"https://t\.me/\+\S+", received(ann)).group(0)
    await settings.update("maintenance", True)
    await ann.join_by_link(link)  # the join request passes the gates: the access was paid for
    assert shop.emulator.state.chats[CLUB].members[ann.id] == "member"
    eve = shop.emulator.person(2002, "Eve")
    await eve.join_by_link(link)
    assert shop.emulator.state.chats[CLUB].members.get(eve.id, "left") == "left"
