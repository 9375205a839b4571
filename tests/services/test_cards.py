"""Card payments (services/cards): invoices for an order and a top-up, the pre-checkout answer,
and charges applied once per provider charge id; a duplicate or an orphan is kept and the
admins are told (the bot cannot refund a card)."""

from __future__ import annotations

import asyncio

import pytest

from nanostore.db.models import CardPayment, OutboxMessage, User
from nanostore.db.models.enums import CardPaymentStatus, DeliveryType, OrderStatus, PaymentStatus
from nanostore.services import cards, checkout, delivery_pool, orders, settings
from nanostore.services.errors import AccessDenied, CardsUnavailable, OrderNotPayable
from tests.fixtures.ledger import in_cart, person, product

pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


@pytest.fixture
async def cards_on(db):
    await settings.update("cards_enabled", True)


async def placed(price=1000, user_id=1, token="tok", **kw):
    if not await User.exists(id=user_id):
        await person(user_id)
    key = await product(price=price, **kw)
    await in_cart(user_id, (key, 1))
    return await checkout.place_order(user_id, token), key


async def pay(charge: str, payload: str, user_id: int = 1, amount: int = 1000, currency="USD"):
    return await cards.apply_payment(charge, f"tg-{charge}", payload, user_id, amount, currency)


async def test_no_invoice_while_cards_are_off(db):
    order, _ = await placed()
    with pytest.raises(CardsUnavailable):
        await cards.invoice_for_order(order.id, 1)
    assert await cards.validate_pre_checkout(f"card:order:{order.id}", 1, 1000, "USD") == "cards_unavailable"


async def test_order_invoice_in_the_orders_currency_and_units(cards_on):
    order, _ = await placed(price=1250)
    invoice = await cards.invoice_for_order(order.id, 1)
    assert (invoice.payload, invoice.amount, invoice.currency) == (f"card:order:{order.id}", 1250, "USD")
    await person(2)
    with pytest.raises(AccessDenied):
        await cards.invoice_for_order(order.id, 2)
    await settings.update("currency_code", "JPY")  # the order keeps the currency it was placed in
    yen, _ = await placed(price=1250, token="t2")
    assert ((await cards.invoice_for_order(yen.id, 1)).amount, yen.currency) == (13, "JPY")


async def test_pre_checkout_answers(cards_on):
    order, _ = await placed()
    payload = f"card:order:{order.id}"
    assert await cards.validate_pre_checkout(payload, 1, 1000, "USD") is None
    assert await cards.validate_pre_checkout(payload, 1, 999, "USD") == "payment_mismatch"
    assert await cards.validate_pre_checkout(payload, 1, 1000, "EUR") == "payment_mismatch"
    assert await cards.validate_pre_checkout(payload, 2, 1000, "USD") == "access_denied"
    assert await cards.validate_pre_checkout("card:order:999", 1, 1000, "USD") == "not_found"
    assert await cards.validate_pre_checkout("card:nonsense", 1, 1000, "USD") == "payment_mismatch"
    assert await cards.validate_pre_checkout("card:topup:1000", 1, 1000, "USD") is None
    assert await cards.validate_pre_checkout("card:topup:5", 1, 5, "USD") == "amount_out_of_range"
    await orders.cancel(order.id, user_id=1)
    assert await cards.validate_pre_checkout(payload, 1, 1000, "USD") == "order_not_payable"
    with pytest.raises(OrderNotPayable):
        await cards.invoice_for_order(order.id, 1)


async def test_a_charge_pays_and_delivers_once(cards_on):
    order, key = await placed(stock=None, delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(key.id, "CARD-KEY")
    first = await pay("ch_1", f"card:order:{order.id}")
    replay = await pay("ch_1", f"card:order:{order.id}")
    assert (first.status, first.order_id, first.first_time) == (CardPaymentStatus.APPLIED, order.id, True)
    assert (replay.status, replay.first_time) == (CardPaymentStatus.APPLIED, False)
    stored = await orders.get(order.id)
    assert (stored.payment_status, stored.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    row = await CardPayment.get(provider_charge_id="ch_1")
    assert (row.telegram_charge_id, row.amount, row.currency) == ("tg-ch_1", 1000, "USD")
    assert await OutboxMessage.filter(kind="order_delivered").count() == 1


async def test_the_same_charge_at_once_is_applied_once(cards_on):
    order, _ = await placed()
    results = await asyncio.gather(*(pay("ch_1", f"card:order:{order.id}") for _ in range(6)))
    assert [r.first_time for r in results].count(True) == 1
    assert await CardPayment.all().count() == 1
    assert await OutboxMessage.filter(kind="payment_approved").count() == 1


async def test_a_second_charge_for_a_paid_order_is_kept_and_admins_told(cards_on):
    order, _ = await placed()
    await pay("ch_1", f"card:order:{order.id}")
    second = await pay("ch_2", f"card:order:{order.id}")
    assert (second.status, second.order_id) == (CardPaymentStatus.DUPLICATE, order.id)
    notice = await OutboxMessage.get(kind="card_duplicate")
    assert notice.audience == "admins"
    assert (notice.payload["charge_id"], notice.payload["paid"]) == ("ch_2", "10.00 USD")
    assert await OutboxMessage.filter(kind="payment_approved").count() == 1


async def test_charges_matching_no_order_are_orphans(cards_on):
    order, _ = await placed()
    assert (await pay("ch_x", "card:order:424242")).status == CardPaymentStatus.ORPHAN
    assert (await pay("ch_a", f"card:order:{order.id}", amount=5)).status == CardPaymentStatus.ORPHAN
    assert (await pay("ch_c", f"card:order:{order.id}", currency="EUR")).status == CardPaymentStatus.ORPHAN
    await person(2)
    assert (await pay("ch_p", f"card:order:{order.id}", user_id=2)).status == CardPaymentStatus.ORPHAN
    assert (await orders.get(order.id)).payment_status == PaymentStatus.UNPAID
    assert await OutboxMessage.filter(kind="card_orphan").count() == 4


async def test_a_topup_is_credited_once_with_its_bonus(cards_on):
    await settings.update("topup_bonus_percent", 10)
    first = await pay("ch_t", "card:topup:1000", user_id=5)  # a payer the shop has not seen
    again = await pay("ch_t", "card:topup:1000", user_id=5)
    assert (first.status, first.first_time, again.first_time) == (CardPaymentStatus.APPLIED, True, False)
    assert (await User.get(id=5)).balance == 1100
    row = await CardPayment.get(provider_charge_id="ch_t")
    assert row.topup_id is not None and row.status == CardPaymentStatus.APPLIED
    assert await OutboxMessage.filter(kind="topup_approved").count() == 1
    wrong = await pay("ch_w", "card:topup:1000", user_id=5, amount=10)
    assert wrong.status == CardPaymentStatus.ORPHAN and (await User.get(id=5)).balance == 1100


async def test_a_charge_recorded_before_a_crash_is_applied_later_once(cards_on, monkeypatch):
    order, _ = await placed()

    async def crash(*_args, **_kwargs):
        raise RuntimeError("killed between recording and paying")

    monkeypatch.setattr(orders, "mark_paid", crash)
    with pytest.raises(RuntimeError):
        await pay("ch_1", f"card:order:{order.id}")
    monkeypatch.undo()
    assert (await CardPayment.get(provider_charge_id="ch_1")).status == CardPaymentStatus.RECEIVED
    assert await cards.unsettled() == [(await CardPayment.get(provider_charge_id="ch_1")).id]
    outcomes = [await cards.settle(payment_id) for payment_id in await cards.unsettled()]
    assert [o.status for o in outcomes] == [CardPaymentStatus.APPLIED]
    assert await cards.unsettled() == []
    assert (await pay("ch_1", f"card:order:{order.id}")).first_time is False
    assert (await orders.get(order.id)).payment_status == PaymentStatus.PAID
