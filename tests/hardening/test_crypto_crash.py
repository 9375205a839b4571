"""Paid in crypto while the shop was dead: `nanostore run` (a real process, polling, with its
Crypto Pay webhook server) is killed with SIGKILL after the customer opened the invoice; the
customer pays in Crypto Bot, whose webhook finds nobody; at restart the reconciliation finds
the payment: paid once, delivered once, and the webhook Crypto Pay sends again later changes
nothing. SQLite file shared by the bot process and this test, as in test_crash_recovery."""

from __future__ import annotations

import asyncio
import socket

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from nanostore.db.connection import tortoise_config
from nanostore.db.models import CryptoInvoice, DeliveryItem, Order, OutboxMessage
from nanostore.db.models.enums import CryptoInvoiceStatus, OrderStatus, PaymentStatus
from nanostore.emulator import Emulator
from nanostore.emulator.core import Timing
from nanostore.services import settings as shop_settings
from tests.fixtures.bot_process import BotProcess, tap_starting, wait_for
from tests.fixtures.catalog import a_product
from tests.fixtures.people import received


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def open_the_crypto_invoice(person) -> None:
    await person.command("start")
    for prefix in ("🛍 Open the shop", "🛍 Shop", "Games", "Crypto key", "🛒 Add to cart", "🛒 Cart",
                   "✅ Checkout", "✅ Confirm order", "🪙 Pay with crypto"):
        await tap_starting(person, prefix)


async def test_paid_while_killed_is_applied_once_at_restart(tmp_path, crypto_pay):
    database_url = f"sqlite://{tmp_path / 'shop.db'}"
    port = free_port()
    timing = Timing(quiet_period=0.05, settle_timeout=3)
    async with Emulator(timing=timing) as emulator:
        bot = BotProcess(emulator, tmp_path, database_url, CRYPTO_PAY_TOKEN=crypto_pay.token,
                         CRYPTO_PAY_API_URL=crypto_pay.base_url, WEBHOOK_HOST="127.0.0.1",
                         WEBHOOK_PORT=str(port))
        crypto_pay.webhook_url = f"http://127.0.0.1:{port}/crypto-pay"
        await bot.start()  # migrates the file before this process opens it
        EXECUTOR_CACHE.clear()
        await Tortoise.init(config=tortoise_config(database_url))
        shop_settings.forget_cached()
        try:
            await shop_settings.update("crypto_enabled", True)
            # Another process sees a settings change once its settings cache (2 s) has lapsed:
            # the bot read them at start (its hold keeper's first run).
            await asyncio.sleep(shop_settings.CACHE_SECONDS)
            await a_product("Crypto key", price=1250, stock=5, keys=["SIGKILL-KEY", "K2", "K3", "K4", "K5"])
            ann = emulator.person(1001, "Ann", language_code="en")
            await open_the_crypto_invoice(ann)
            (invoice,) = crypto_pay.invoices()

            await bot.kill()
            await crypto_pay.pay(invoice["invoice_id"], "USDT")
            assert crypto_pay.webhook_log[-1][0] == 0  # nobody there to take it
            order = await Order.get(user_id=ann.id)
            assert order.payment_status == PaymentStatus.UNPAID

            await bot.start()  # start-up reconciliation, before polling begins
            await wait_for(lambda: _delivered(order.id), "the order paid and delivered", 0)
            await wait_for(lambda: _outbox_drained(), "the key sent", 0)
            assert await crypto_pay.send_webhook(invoice["invoice_id"]) == 200  # a late retry
            await wait_for(lambda: _outbox_drained(), "nothing more to send", 0)

            assert received(ann).count("SIGKILL-KEY") == 1
            assert await DeliveryItem.filter(order_line__order_id=order.id).count() == 1
            applied = await CryptoInvoice.get(invoice_id=invoice["invoice_id"])
            assert applied.status is CryptoInvoiceStatus.APPLIED
        finally:
            await bot.stop()
            await Tortoise.close_connections()


async def _delivered(order_id: int) -> bool:
    order = await Order.get(id=order_id)
    return (order.payment_status, order.status) == (PaymentStatus.PAID, OrderStatus.DELIVERED)


async def _outbox_drained() -> bool:
    return not await OutboxMessage.filter(sent_at=None).exists()
