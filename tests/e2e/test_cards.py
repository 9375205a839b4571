"""Paying by card (Telegram Payments) end to end through the emulator: an order and a wallet
top-up, the same payment reported twice, a second charge for a paid order, refused
pre-checkouts, the switch in Admin → Settings, and a crash between payment and delivery."""

from __future__ import annotations

import pytest
from aiogram.types import LabeledPrice

from nanostore.bot.recovery import finish_interrupted_work
from nanostore.db.models import CardPayment, Order, User
from nanostore.db.models.enums import CardPaymentStatus, OrderStatus, PaymentStatus
from nanostore.emulator.checkout import PaymentDeclined, record_charge
from nanostore.services import orders, settings
from tests.e2e.shop import running_shop
from tests.fixtures.admin import open_admin_section
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import checkout_with
from tests.fixtures.people import customer, labels, open_dialog, received, window_text

TOKEN = "284685063:TEST:emulated-provider"
PAY_BY_CARD = "💳 Pay by card"


@pytest.fixture
async def shop(db, emulator):
    """The shop with a provider token in its environment and cards switched on."""
    async with running_shop(emulator, db, PAYMENT_PROVIDER_TOKEN=TOKEN) as running:
        await settings.update("cards_enabled", True)
        yield running


@pytest.fixture(params=["polling", "webhook"])
async def shop_any_mode(request, db, emulator):
    async with running_shop(emulator, db, request.param, PAYMENT_PROVIDER_TOKEN=TOKEN) as running:
        await settings.update("cards_enabled", True)
        yield running


async def order_to_pay(shop, person, keys=("CARD-KEY-1",), price=1250) -> Order:
    """Cart → Confirm: the payment window of a new order (not paid yet)."""
    product = await a_product(price=price, stock=len(keys), keys=list(keys))
    await checkout_with(shop, person, (product, 1))
    await person.tap("✅ Confirm order")
    return await Order.filter(user_id=person.id).order_by("-id").first()


async def test_pay_an_order_by_card_and_receive_the_key(shop_any_mode):
    shop = shop_any_mode
    ann = await customer(shop)
    order = await order_to_pay(shop, ann)
    await ann.tap(PAY_BY_CARD)
    invoice = shop.emulator.calls_of("sendInvoice")[-1].params
    assert (invoice["currency"], invoice["payload"]) == ("USD", f"card:order:{order.id}")
    assert invoice["provider_token"] == TOKEN and '"amount":1250' in invoice["prices"].replace(" ", "")
    assert "💳 The invoice is below" in window_text(ann)
    payment = await ann.pay_invoice()
    await shop.flush()
    paid = await Order.get(id=order.id)
    assert (paid.payment_status, paid.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    assert "CARD-KEY-1" in received(ann)
    assert "is paid by card (12.50 USD)" in window_text(ann)
    recorded = await CardPayment.get(order_id=order.id)
    reported = payment.successful_payment()
    assert (recorded.provider_charge_id, recorded.telegram_charge_id, recorded.status) == (
        reported["provider_payment_charge_id"], payment.charge_id, CardPaymentStatus.APPLIED)


async def test_top_up_the_wallet_by_card(shop):
    ann = await customer(shop, balance=100)
    await open_dialog(shop, ann, "wallet")
    await ann.tap("➕ Top up")
    await ann.tap("$10.00")
    await ann.tap(PAY_BY_CARD)
    invoice = shop.emulator.calls_of("sendInvoice")[-1].params
    assert (invoice["currency"], invoice["payload"]) == ("USD", "card:topup:1000")
    payment = await ann.pay_invoice()
    await ann.deliver_payment(payment)  # Telegram reporting the same charge twice
    await shop.flush()
    assert (await User.get(id=ann.id)).balance == 1100
    assert "top-up of $10.00 has been credited (paid by card)" in received(ann)
    assert await CardPayment.filter(status=CardPaymentStatus.APPLIED).count() == 1


async def test_the_same_payment_reported_twice_pays_once(shop):
    ann = await customer(shop)
    order = await order_to_pay(shop, ann, keys=("K-1", "K-2"))
    await ann.tap(PAY_BY_CARD)
    payment = await ann.pay_invoice()
    await ann.deliver_payment(payment)
    await shop.flush()
    assert await CardPayment.filter(order_id=order.id).count() == 1
    assert received(ann).count("K-1") == 1 and "K-2" not in received(ann)
    assert "already paid" not in received(ann)


async def test_a_second_charge_for_a_paid_order_is_recorded_and_admins_told(shop):
    # Both pre-checkouts were answered before the first payment landed (two taps on Pay).
    ann = await customer(shop)
    await shop.admin.command("start")
    order = await order_to_pay(shop, ann, keys=("K-1", "K-2"))
    await ann.tap(PAY_BY_CARD)
    first = await ann.pay_invoice()
    second = record_charge(shop.emulator.core, ann.user, first.invoice)
    await ann.deliver_payment(second)
    await shop.flush()
    statuses = {p.telegram_charge_id: p.status for p in await CardPayment.filter(order_id=order.id)}
    assert statuses == {first.charge_id: CardPaymentStatus.APPLIED,
                        second.charge_id: CardPaymentStatus.DUPLICATE}
    admin_text = received(shop.admin)
    assert "Second card payment" in admin_text and f"#{order.id}" in admin_text
    assert second.successful_payment()["provider_payment_charge_id"] in admin_text
    assert "already paid" in received(ann) and "refund" in received(ann)
    assert received(ann).count("K-1") == 1 and "K-2" not in received(ann)
    assert not shop.emulator.calls_of("refundStarPayment")  # a card is refunded at the provider
    assert (await User.get(id=ann.id)).balance == 0  # nothing credited instead


async def test_pre_checkout_refuses_a_cancelled_order_and_a_wrong_amount(shop):
    ann = await customer(shop)
    order = await order_to_pay(shop, ann)
    await ann.tap(PAY_BY_CARD)
    await shop.shop.bot.send_invoice(  # an invoice whose amount no longer matches the order
        ann.id, "Order", "Order", f"card:order:{order.id}", "USD",
        [LabeledPrice(label="Order", amount=999)], provider_token=TOKEN)
    with pytest.raises(PaymentDeclined) as wrong:
        await ann.pay_invoice()
    assert "does not match the order" in wrong.value.error_message
    await orders.cancel(order.id, user_id=ann.id)
    card_invoice = [m for m in ann.messages if m.extra.get("invoice")][-2]
    with pytest.raises(PaymentDeclined) as cancelled:
        await ann.pay_invoice(card_invoice)
    assert cancelled.value.error_message == "This order can't be paid any more."
    assert not await CardPayment.exists()


async def test_cards_off_hide_the_button_and_a_stale_tap_is_refused(shop):
    ann = await customer(shop)
    await order_to_pay(shop, ann)
    assert PAY_BY_CARD in labels(ann)
    await settings.update("cards_enabled", False)  # the admin switched cards off meanwhile
    await ann.tap(PAY_BY_CARD)  # the button still on the screen Ann is looking at
    assert "Payment by card is not available right now." in window_text(ann)
    assert PAY_BY_CARD not in labels(ann)
    assert not shop.emulator.calls_of("sendInvoice")
    order = await Order.get(user_id=ann.id)
    await open_dialog(shop, ann, "checkout", {"order_id": order.id})
    assert PAY_BY_CARD not in labels(ann)


@pytest.mark.parametrize("settled", ["paid", "cancelled"])
async def test_a_stale_button_for_a_settled_order_sends_no_invoice(shop, settled):
    ann = await customer(shop)
    order = await order_to_pay(shop, ann)
    if settled == "paid":  # meanwhile: an admin approved a bank transfer, say
        await orders.mark_paid(order.id, via="proof")
    else:  # meanwhile: cancelled from the orders screen
        await orders.cancel(order.id, user_id=ann.id)
    await ann.tap(PAY_BY_CARD)  # still on the screen Ann is looking at
    assert "This order can't be paid any more." in window_text(ann)
    assert not shop.emulator.calls_of("sendInvoice")


async def test_the_admin_switches_cards_without_a_restart(shop):
    admin = await open_admin_section(shop, "⚙️ Settings")
    assert "✅ Pay by card" in admin.screen.labels
    assert "PAYMENT_PROVIDER_TOKEN" not in admin.screen.text
    await admin.tap("✅ Pay by card")
    assert "⬜️ Pay by card" in admin.screen.labels
    ann = await customer(shop)
    await order_to_pay(shop, ann)
    assert PAY_BY_CARD not in labels(ann)
    await admin.tap("⬜️ Pay by card")
    order = await Order.get(user_id=ann.id)
    await open_dialog(shop, ann, "checkout", {"order_id": order.id})
    assert PAY_BY_CARD in labels(ann)


async def test_without_a_provider_token_cards_stay_off_and_say_why(db, emulator):
    async with running_shop(emulator, db) as shop:
        admin = await open_admin_section(shop, "⚙️ Settings")
        assert "PAYMENT_PROVIDER_TOKEN" in admin.screen.text
        await admin.tap("⬜️ Pay by card")
        assert "needs the provider token" in admin.screen.text
        assert "⬜️ Pay by card" in admin.screen.labels
        assert (await settings.load()).cards_enabled is False
        await settings.update("cards_enabled", True)  # even when switched on behind its back
        ann = await customer(shop)
        await order_to_pay(shop, ann)
        assert PAY_BY_CARD not in labels(ann)


async def test_a_crash_between_payment_and_delivery_is_finished_at_start_up(shop, monkeypatch):
    ann = await customer(shop)
    order = await order_to_pay(shop, ann, keys=("CRASH-KEY",))
    await ann.tap(PAY_BY_CARD)

    async def killed(*_args, **_kwargs):
        raise RuntimeError("the process died before the order was paid")

    monkeypatch.setattr(orders, "mark_paid", killed)
    payment = await ann.pay_invoice()
    await shop.flush()
    monkeypatch.undo()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
    assert (await CardPayment.get(order_id=None)).status == CardPaymentStatus.RECEIVED

    await finish_interrupted_work()  # what `nanostore run` does first
    await shop.flush()
    paid = await Order.get(id=order.id)
    assert (paid.payment_status, paid.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    assert received(ann).count("CRASH-KEY") == 1
    await ann.deliver_payment(payment)  # Telegram reporting it again after the restart
    await finish_interrupted_work()
    await shop.flush()
    assert received(ann).count("CRASH-KEY") == 1
    assert await CardPayment.filter(status=CardPaymentStatus.APPLIED).count() == 1
