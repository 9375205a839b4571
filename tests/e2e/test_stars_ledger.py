"""Stars charges whose successful_payment update never reached the shop (a crash right after
polling acknowledged it, a failed handler) are found in Telegram's Stars ledger
(getStarTransactions) at start-up and by the periodic run, and applied exactly as the update
would have: the order paid and delivered, the top-up credited, an orphan kept and the admins
told, a duplicate refunded. A charge that arrives both ways is applied once."""

from __future__ import annotations

import asyncio
from datetime import UTC

import pytest

from nanostore.bot.recovery import finish_interrupted_work
from nanostore.bot.stars_ledger import PAGE, StarsLedger, ledger_length, payer_translator, recent_charges
from nanostore.db.models import Order, StarsPayment, User
from nanostore.db.models.enums import OrderStatus, PaymentStatus, StarsPaymentStatus
from nanostore.emulator.checkout import record_charge
from nanostore.emulator.harness import make_bot
from nanostore.emulator.state import InvoiceRecord, StarTransactionRecord
from nanostore.services import settings
from tests.e2e.shop import shop_bundle
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import pay_with_stars
from tests.fixtures.people import customer, open_dialog, received

DAY = 24 * 3600


def stars_ledger(shop) -> StarsLedger:
    """The ledger reconciler as `nanostore run` builds it."""
    return StarsLedger(shop.shop.bot, payer_translator(shop_bundle(), shop.settings.default_locale),
                       shop.shop.notifier)


async def a_lost_stars_purchase(shop, person, key: str = "LOST-KEY"):
    product = await a_product(price=1000, stars_price=30, stock=1, keys=[key])
    order = await pay_with_stars(shop, person, product)
    payment = await person.pay_invoice(deliver=False)  # charged; the update never arrives
    return order, payment


async def test_a_lost_payment_is_paid_and_delivered_at_start_up(shop):
    ann = await customer(shop)
    order, payment = await a_lost_stars_purchase(shop, ann)
    await shop.flush()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
    assert not await StarsPayment.exists()

    await finish_interrupted_work(stars_ledger(shop))  # what `nanostore run` does first
    await shop.flush()
    paid = await Order.get(id=order.id)
    assert (paid.payment_status, paid.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    recorded = await StarsPayment.get(charge_id=payment.charge_id)
    assert (recorded.status, recorded.order_id, recorded.amount) == (StarsPaymentStatus.APPLIED, order.id, 30)
    assert received(ann).count("LOST-KEY") == 1
    assert await stars_ledger(shop).reconcile() == []  # a second start-up finds nothing to do
    await shop.flush()
    assert received(ann).count("LOST-KEY") == 1


async def test_a_charge_recorded_by_its_update_is_not_applied_again(shop):
    ann = await customer(shop)
    product = await a_product(price=1000, stars_price=30, stock=2, keys=["K-1", "K-2"])
    order = await pay_with_stars(shop, ann, product)
    await ann.pay_invoice()
    await shop.flush()
    assert await stars_ledger(shop).reconcile() == []
    await shop.flush()
    assert await StarsPayment.filter(order_id=order.id).count() == 1
    assert not shop.emulator.calls_of("refundStarPayment")
    assert received(ann).count("K-1") == 1 and "K-2" not in received(ann)


async def test_the_update_and_the_ledger_racing_apply_the_charge_once(shop):
    ann = await customer(shop)
    order, payment = await a_lost_stars_purchase(shop, ann, key="RACE-KEY")
    # The update arrives late, while a periodic run is applying the same charge.
    await asyncio.gather(ann.deliver_payment(payment), stars_ledger(shop).reconcile())
    await shop.flush()
    assert await StarsPayment.filter(charge_id=payment.charge_id).count() == 1
    assert (await StarsPayment.get(charge_id=payment.charge_id)).status == StarsPaymentStatus.APPLIED
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED
    assert not shop.emulator.calls_of("refundStarPayment")
    assert received(ann).count("RACE-KEY") == 1


async def test_an_unknown_payload_is_kept_as_an_orphan_and_admins_told(shop):
    ann = await customer(shop)
    await shop.admin.command("start")
    invoice = InvoiceRecord(title="x", description="x", payload="order:999", currency="XTR",
                            total_amount=25)
    payment = record_charge(shop.emulator.core, ann.user, invoice)  # no update ever
    assert await stars_ledger(shop).reconcile() == [payment.charge_id]
    await shop.flush()
    orphan = await StarsPayment.get(charge_id=payment.charge_id)
    assert (orphan.status, orphan.order_id, orphan.amount) == (StarsPaymentStatus.ORPHAN, None, 25)
    assert payment.charge_id in received(shop.admin)
    assert "support" in received(ann).lower()


async def test_a_payer_the_shop_never_saw_is_registered_and_their_charge_kept(shop):
    stranger = shop.person(5005, "Zoe", username="zoe", language_code="ru")  # never wrote /start
    invoice = InvoiceRecord(title="x", description="x", payload="order:1", currency="XTR",
                            total_amount=7)
    payment = record_charge(shop.emulator.core, stranger.user, invoice)
    await stars_ledger(shop).reconcile()
    await shop.flush()
    payer = await User.get(id=5005)
    assert (payer.first_name, payer.username, payer.telegram_language) == ("Zoe", "zoe", "ru")
    assert (await StarsPayment.get(charge_id=payment.charge_id)).status == StarsPaymentStatus.ORPHAN
    assert "поддержк" in received(stranger)  # told in their own language


async def test_a_second_charge_found_in_the_ledger_is_refunded(shop):
    ann = await customer(shop)
    product = await a_product(price=1000, stars_price=30, stock=2, keys=["K-1", "K-2"])
    order = await pay_with_stars(shop, ann, product)
    first = await ann.pay_invoice()
    second = record_charge(shop.emulator.core, ann.user, first.invoice)  # its update was lost
    assert await stars_ledger(shop).reconcile() == [second.charge_id]
    await shop.flush()
    refunds = shop.emulator.calls_of("refundStarPayment")
    assert [call.params["telegram_payment_charge_id"] for call in refunds] == [second.charge_id]
    statuses = {p.charge_id: p.status for p in await StarsPayment.filter(order_id=order.id)}
    assert statuses == {first.charge_id: StarsPaymentStatus.APPLIED,
                        second.charge_id: StarsPaymentStatus.REFUNDED}
    assert "so your payment has been refunded" in received(ann)
    assert await stars_ledger(shop).reconcile() == []  # the refund line does not bring it back


async def test_a_lost_stars_topup_is_credited(shop):
    ann = await customer(shop)
    await settings.update("topup_stars_enabled", True)
    await settings.update("stars_per_unit", 2)
    await open_dialog(shop, ann, "wallet")
    await ann.tap("➕ Top up")
    await ann.tap("$5.00")
    await ann.tap("⭐ Pay with Stars (10 Stars)")
    payment = await ann.pay_invoice(deliver=False)
    assert await stars_ledger(shop).reconcile() == [payment.charge_id]
    await shop.flush()
    assert (await User.get(id=ann.id)).balance == 500
    assert "$5.00" in received(ann)
    await ann.deliver_payment(payment)  # the update turning up after all credits nothing
    await shop.flush()
    assert (await User.get(id=ann.id)).balance == 500


async def test_a_charge_refunded_at_telegram_is_not_applied(shop):
    ann = await customer(shop)
    order, payment = await a_lost_stars_purchase(shop, ann)
    await shop.shop.bot.refund_star_payment(ann.id, payment.charge_id)  # refunded by hand
    assert await stars_ledger(shop).reconcile() == []
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID


async def test_the_periodic_run_leaves_fresh_charges_to_their_update(shop):
    ann = await customer(shop)
    order, payment = await a_lost_stars_purchase(shop, ann)
    ledger = stars_ledger(shop)
    assert await ledger.reconcile(settle_seconds=60) == []
    shop.emulator.state.star_transactions[-1].date -= 61
    assert await ledger.reconcile(settle_seconds=60) == [payment.charge_id]


async def test_charges_older_than_the_look_back_are_left_alone(shop):
    ann = await customer(shop)
    order, payment = await a_lost_stars_purchase(shop, ann)
    shop.emulator.state.star_transactions[-1].date -= 2 * DAY  # nothing recorded since: a day
    assert await stars_ledger(shop).reconcile() == []
    assert not await StarsPayment.exists()


# Reading the ledger: it lists oldest first with no total, so the reader finds the end first.

def fill_ledger(emulator, count: int, start_date: int = 1_700_000_000) -> list[str]:
    ann = emulator.person(1, "Ann")
    ids = [f"stx{number:05d}" for number in range(count)]
    emulator.state.star_transactions.extend(
        StarTransactionRecord(id=charge_id, user_id=ann.id, amount=5, payload=f"order:{n}",
                              date=start_date + n, incoming=True)
        for n, charge_id in enumerate(ids))
    return ids


@pytest.fixture
async def api_bot(emulator):
    bot = make_bot(emulator)
    yield bot
    await bot.session.close()


@pytest.mark.parametrize("count", [0, 1, 99, 100, 101, 250, 1000, 1337])
async def test_ledger_length_is_found_without_reading_every_page(emulator, api_bot, count):
    fill_ledger(emulator, count)
    assert await ledger_length(api_bot) == count
    assert len(emulator.calls_of("getStarTransactions")) <= 2 * max(1, (count // PAGE).bit_length()) + 2


async def test_recent_charges_are_read_from_the_newest_end_and_stop_at_the_look_back(emulator, api_bot):
    from datetime import datetime

    ids = fill_ledger(emulator, 5000)
    since = datetime.fromtimestamp(1_700_000_000 + 4850, UTC)
    found = await recent_charges(api_bot, since)
    assert [charge.charge_id for charge in found] == ids[4850:]
    assert (found[0].payload, found[0].amount, found[0].user_id) == ("order:4850", 5, 1)
    # Reading from the start would take 50 pages; finding the end and two pages take far fewer.
    assert len(emulator.calls_of("getStarTransactions")) <= 20


async def test_a_charge_that_cannot_be_applied_does_not_hold_up_the_others(shop, monkeypatch):
    from nanostore.services import stars

    ann = await customer(shop)
    broken = InvoiceRecord(title="x", description="x", payload="order:broken", currency="XTR",
                           total_amount=9)
    bad = record_charge(shop.emulator.core, ann.user, broken)  # older: applied first, and fails
    order, payment = await a_lost_stars_purchase(shop, ann)
    real_apply = stars.apply_charge

    async def failing_for_one(charge_id, *args):
        if charge_id == bad.charge_id:
            raise RuntimeError("database blip")
        return await real_apply(charge_id, *args)

    monkeypatch.setattr(stars, "apply_charge", failing_for_one)
    assert await stars_ledger(shop).reconcile() == [payment.charge_id]
    monkeypatch.setattr(stars, "apply_charge", real_apply)
    assert await stars_ledger(shop).reconcile() == [bad.charge_id]  # the next run tries again


async def test_a_payment_after_a_restore_that_lost_the_invoice_record_pays_the_order(shop):
    """A backup taken after the order was placed but before its invoice was recorded, restored
    while the customer paid: the charge still pays and delivers that order (it was recorded as
    an orphan before)."""
    ann = await customer(shop)
    order, payment = await a_lost_stars_purchase(shop, ann, key="RESTORED-KEY")
    await Order.filter(id=order.id).update(stars_amount=None)  # what the restored backup holds

    await finish_interrupted_work(stars_ledger(shop))
    await shop.flush()
    paid = await Order.get(id=order.id)
    assert (paid.payment_status, paid.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    recorded = await StarsPayment.get(charge_id=payment.charge_id)
    assert (recorded.status, recorded.order_id) == (StarsPaymentStatus.APPLIED, order.id)
    assert received(ann).count("RESTORED-KEY") == 1
    assert not any("orphan" in text.lower() for text in received(ann))
