"""Paying with crypto (Crypto Pay) end to end: the shop on the Bot API emulator, the loopback
Crypto Pay fake making invoices and posting signed webhooks to the shop's webhook server.
An order and a top-up, a webhook sent twice or lost (the reconciliation pays), forged
signatures, an expired invoice, a payment that does not match, Crypto Pay down."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from aiohttp import web

from nanostore.bot.runner import crypto_webhook_routes
from nanostore.bot.webhook import build_webhook_app
from nanostore.db.models import CryptoInvoice, LedgerEntry, Order, User
from nanostore.db.models.enums import CryptoInvoiceStatus, OrderStatus, PaymentStatus
from nanostore.services import order_cancel, settings
from tests.e2e.shop import running_shop
from tests.fixtures.crypto_pay import (
    CHECK,
    OPEN,
    PAY_WITH_CRYPTO,
    crypto_shop,
    order_in_crypto,
    pay_link,
    reconciler,
)
from tests.fixtures.people import customer, labels, open_dialog, received, window_text


@pytest.fixture
async def shop(db, emulator, crypto_pay):
    async with crypto_shop(emulator, db, crypto_pay) as running:
        yield running


@pytest.fixture(params=["polling", "webhook"])
async def shop_any_mode(request, db, emulator, crypto_pay):
    async with crypto_shop(emulator, db, crypto_pay, request.param) as running:
        yield running


async def test_pay_an_order_in_crypto_and_receive_the_key(shop_any_mode, crypto_pay):
    shop = shop_any_mode
    ann = await customer(shop)
    order = await order_in_crypto(shop, ann)
    (invoice,) = crypto_pay.invoices()
    (asked,) = [params for method, params in crypto_pay.calls if method == "createInvoice"]
    assert (asked["currency_type"], asked["fiat"], asked["amount"]) == ("fiat", "USD", "12.50")
    assert (invoice["fiat"], Decimal(invoice["amount"]), invoice["payload"]) == (
        "USD", Decimal("12.50"), f"order:{order.id}")
    assert invoice["accepted_assets"] == ["USDT", "TON", "BTC"]
    text = window_text(ann)
    assert f"🪙 Pay $12.50 in crypto for order #{order.id}" in text
    assert "choose a coin (USDT, TON, BTC)" in text and "valid for 59 more min" in text
    assert labels(ann)[:2] == [OPEN, CHECK] and pay_link(ann) == invoice["bot_invoice_url"]

    await crypto_pay.pay(invoice["invoice_id"], "TON")
    assert crypto_pay.webhook_log[-1][0] == 200
    await shop.flush()
    paid = await Order.get(id=order.id)
    assert (paid.payment_status, paid.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)
    assert received(ann).count("COIN-KEY-1") == 1
    assert f"Payment for order #{order.id} confirmed ($12.50)" in received(ann)
    await ann.tap(CHECK)  # back from Crypto Bot: the screen says how it was paid
    assert f"Order #{order.id} is paid in crypto (2.5 TON)" in window_text(ann)


@pytest.mark.one_backend
async def test_top_up_the_wallet_in_crypto_with_the_webhook_lost(shop, crypto_pay):
    ann = await customer(shop)
    await open_dialog(shop, ann, "wallet")
    await ann.tap("➕ Top up")
    await ann.tap("$10.00")
    await ann.tap(PAY_WITH_CRYPTO)
    assert "🪙 Pay $10.00 in crypto" in window_text(ann)
    (invoice,) = crypto_pay.invoices()
    assert (Decimal(invoice["amount"]), invoice["payload"]) == (Decimal(10), "topup:1000")
    await ann.tap(CHECK)
    assert "has not received this payment yet" in window_text(ann)

    await crypto_pay.pay(invoice["invoice_id"], webhook="lose")
    await ann.tap(CHECK)  # asks Crypto Pay at once: no need to wait for the reconciliation
    await shop.flush()
    assert "✅ $10.00 credited to your wallet." in window_text(ann)
    assert (await User.get(id=ann.id)).balance == 1000
    assert "top-up of $10.00 has been credited (paid in crypto)" in received(ann)
    assert await reconciler(shop).reconcile() == 0  # nothing left for it
    assert await LedgerEntry.filter(user_id=ann.id).count() == 1


async def test_a_webhook_sent_twice_and_the_reconciliation_pay_once(shop, crypto_pay):
    ann = await customer(shop)
    order = await order_in_crypto(shop, ann, keys=("ONCE-KEY",))
    (invoice,) = crypto_pay.invoices()
    await crypto_pay.pay(invoice["invoice_id"], webhook="twice")
    assert [status for status, _ in crypto_pay.webhook_log] == [200, 200]
    assert await crypto_pay.send_webhook(invoice["invoice_id"]) == 200  # Crypto Pay retrying later
    assert await reconciler(shop).reconcile() == 0
    await shop.flush()
    assert received(ann).count("ONCE-KEY") == 1
    assert (await CryptoInvoice.get(order_id=order.id)).status is CryptoInvoiceStatus.APPLIED
    assert received(ann).count(f"Payment for order #{order.id} confirmed") == 1


@pytest.mark.one_backend
async def test_a_lost_webhook_is_paid_by_the_reconciliation(shop, crypto_pay):
    ann = await customer(shop)
    order = await order_in_crypto(shop, ann, keys=("LATE-KEY",))
    (invoice,) = crypto_pay.invoices()
    await crypto_pay.pay(invoice["invoice_id"], webhook="lose")
    await shop.flush()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
    assert await reconciler(shop).reconcile() == 1
    await shop.flush()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID
    assert received(ann).count("LATE-KEY") == 1
    assert await crypto_pay.send_webhook(invoice["invoice_id"]) == 200  # the webhook after all
    await shop.flush()
    assert received(ann).count("LATE-KEY") == 1


@pytest.mark.one_backend
async def test_forged_and_unsigned_webhooks_are_refused_and_change_nothing(shop, crypto_pay):
    ann = await customer(shop)
    order = await order_in_crypto(shop, ann)
    (invoice,) = crypto_pay.invoices()
    invoice_id = invoice["invoice_id"]
    await crypto_pay.pay(invoice_id, webhook="lose")
    assert await crypto_pay.send_webhook(invoice_id, signature="forged") == 401
    assert await crypto_pay.send_webhook(invoice_id, signature=None) == 401
    signed_elsewhere = b'{"update_type": "invoice_paid", "payload": {}}'
    assert await crypto_pay.send_webhook(invoice_id, signature="forged", body=signed_elsewhere) == 401
    assert await crypto_pay.send_webhook(invoice_id, body=b"{" + b" " * 70_000 + b"}") == 413
    await shop.flush()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
    assert (await CryptoInvoice.get(order_id=order.id)).status is CryptoInvoiceStatus.ACTIVE
    assert await crypto_pay.send_webhook(invoice_id) == 200  # the genuine one still pays
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID


@pytest.mark.one_backend
async def test_an_expired_invoice_shows_expired_and_a_new_one_can_be_made(shop, crypto_pay):
    ann = await customer(shop)
    order = await order_in_crypto(shop, ann)
    first_link = pay_link(ann)
    (invoice,) = crypto_pay.invoices()
    crypto_pay.expire(invoice["invoice_id"])
    await ann.tap(CHECK)
    assert "This invoice has expired unpaid" in window_text(ann)
    assert OPEN not in labels(ann) and CHECK not in labels(ann)
    await ann.tap("🆕 New invoice")
    assert "valid for 59 more min" in window_text(ann)
    assert pay_link(ann) != first_link and len(crypto_pay.invoices()) == 2
    newest = max(crypto_pay.invoices(), key=lambda item: item["invoice_id"])
    await crypto_pay.pay(newest["invoice_id"])
    await shop.flush()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID


@pytest.mark.one_backend
async def test_tapping_pay_again_shows_the_same_invoice(shop, crypto_pay):
    ann = await customer(shop)
    await order_in_crypto(shop, ann)
    await ann.tap("⬅️ Another method")
    await ann.tap(PAY_WITH_CRYPTO)
    assert len(crypto_pay.invoices()) == 1 and [m for m, _ in crypto_pay.calls].count("createInvoice") == 1


@pytest.mark.one_backend
async def test_a_payment_that_does_not_match_is_not_accepted_and_admins_are_told(shop, crypto_pay):
    ann = await customer(shop)
    await shop.admin.command("start")
    order = await order_in_crypto(shop, ann)
    (invoice,) = crypto_pay.invoices()
    await crypto_pay.pay(invoice["invoice_id"], amount="1.00")
    await shop.flush()
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
    assert (await CryptoInvoice.get(order_id=order.id)).status is CryptoInvoiceStatus.MISMATCH
    assert "we asked 12.50 USD, Crypto Pay reports 1.00 USD" in received(shop.admin)
    await ann.tap(CHECK)
    assert "could not be applied to this order. The shop has been told" in window_text(ann)


@pytest.mark.one_backend
async def test_paid_after_the_order_was_cancelled_is_recorded_and_admins_told(shop, crypto_pay):
    ann = await customer(shop)
    await shop.admin.command("start")
    order = await order_in_crypto(shop, ann, keys=("GONE-KEY",))
    (invoice,) = crypto_pay.invoices()
    await order_cancel.cancel(order.id, user_id=ann.id)
    await crypto_pay.pay(invoice["invoice_id"])  # paid in Crypto Bot from the screen still open
    await shop.flush()
    cancelled = await Order.get(id=order.id)
    assert (cancelled.status, cancelled.payment_status) == (OrderStatus.CANCELLED, PaymentStatus.UNPAID)
    assert (await CryptoInvoice.get(order_id=order.id)).status is CryptoInvoiceStatus.DUPLICATE
    assert "was not payable any more" in received(shop.admin) and "GONE-KEY" not in received(ann)


@pytest.mark.one_backend
async def test_the_reconciliation_withdraws_the_invoice_of_a_cancelled_order(shop, crypto_pay):
    ann = await customer(shop)
    order = await order_in_crypto(shop, ann)
    (invoice,) = crypto_pay.invoices()
    await order_cancel.cancel(order.id, user_id=ann.id)
    await reconciler(shop).reconcile()
    assert ("deleteInvoice", {"invoice_id": invoice["invoice_id"]}) in crypto_pay.calls
    assert (await CryptoInvoice.get(order_id=order.id)).status is CryptoInvoiceStatus.CANCELLED
    await ann.tap(CHECK)  # the old screen
    assert "This invoice was withdrawn" in window_text(ann)


@pytest.mark.one_backend
async def test_a_blip_at_crypto_pay_passes_quietly(shop, crypto_pay):
    ann = await customer(shop)
    crypto_pay.fail_next("createInvoice", 502)
    crypto_pay.fail_next("getInvoices", 429)
    order = await order_in_crypto(shop, ann)
    assert f"🪙 Pay $12.50 in crypto for order #{order.id}" in window_text(ann)
    assert "did not answer" not in received(ann)
    await ann.tap(CHECK)
    assert "has not received this payment yet" in window_text(ann)


@pytest.mark.one_backend
async def test_crypto_pay_down_gets_a_short_answer_and_no_invoice(shop, crypto_pay):
    ann = await customer(shop)
    crypto_pay.down = True
    order = await order_in_crypto(shop, ann)
    assert "Crypto Bot did not answer in time. Please try again in a minute." in received(ann)
    assert await CryptoInvoice.filter(order_id=order.id).count() == 0
    crypto_pay.down = False
    await ann.tap(PAY_WITH_CRYPTO)
    assert f"🪙 Pay $12.50 in crypto for order #{order.id}" in window_text(ann)
    assert await reconciler(shop).reconcile() == 0


async def test_the_webhook_and_the_reconciliation_at_the_same_moment_pay_once(shop, crypto_pay):
    ann = await customer(shop)
    order = await order_in_crypto(shop, ann, keys=("RACE-KEY",))
    (invoice,) = crypto_pay.invoices()
    await crypto_pay.pay(invoice["invoice_id"], webhook="lose")
    statuses = await asyncio.gather(
        crypto_pay.send_webhook(invoice["invoice_id"]), reconciler(shop).reconcile(),
        crypto_pay.send_webhook(invoice["invoice_id"]), reconciler(shop).reconcile())
    assert statuses[0] == statuses[2] == 200
    await shop.flush()
    assert received(ann).count("RACE-KEY") == 1
    assert received(ann).count(f"Payment for order #{order.id} confirmed") == 1
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID


@pytest.mark.one_backend
async def test_in_webhook_mode_crypto_pay_posts_to_the_same_server_as_telegram(db, emulator, crypto_pay):
    async with running_shop(emulator, db, CRYPTO_PAY_TOKEN=crypto_pay.token,
                            CRYPTO_PAY_API_URL=crypto_pay.base_url) as shop:
        await settings.update("crypto_enabled", True)
        app = build_webhook_app(shop.shop.dispatcher, shop.shop.bot, "/telegram", None,
                                crypto_webhook_routes(shop.shop, shop.settings))
        server = web.AppRunner(app)
        await server.setup()
        await web.TCPSite(server, "127.0.0.1", 0).start()
        host, port = server.addresses[0][:2]
        crypto_pay.webhook_url = f"http://{host}:{port}/crypto-pay"
        try:
            ann = await customer(shop)
            order = await order_in_crypto(shop, ann, keys=("HOOK-KEY",))
            (invoice,) = crypto_pay.invoices()
            await crypto_pay.pay(invoice["invoice_id"], webhook="lose")
            assert await crypto_pay.send_webhook(invoice["invoice_id"], signature=None) == 401
            assert await crypto_pay.send_webhook(invoice["invoice_id"]) == 200
            await shop.flush()
            assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID
            assert received(ann).count("HOOK-KEY") == 1
        finally:
            await server.cleanup()
