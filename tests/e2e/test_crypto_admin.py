"""Crypto payments as the admin sees them: the switch in Settings (no restart; a stale Pay
button is refused once it is off), the coins an invoice accepts, and why crypto stays off
without a Crypto Pay token."""

from __future__ import annotations

import pytest

from nanostore.db.models import Order
from nanostore.services import settings
from tests.e2e.shop import running_shop
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import checkout_with
from tests.fixtures.crypto_pay import PAY_WITH_CRYPTO, crypto_shop, order_in_crypto
from tests.fixtures.people import customer, labels, open_dialog, received, window_text


@pytest.fixture
async def shop(db, emulator, crypto_pay):
    async with crypto_shop(emulator, db, crypto_pay) as running:
        yield running


@pytest.mark.one_backend
async def test_the_admin_switches_crypto_off_and_a_stale_tap_is_refused(shop, crypto_pay):
    ann = await customer(shop)
    product = await a_product(price=500, stock=1, keys=["K"])
    await checkout_with(shop, ann, (product, 1))
    await ann.tap("✅ Confirm order")
    assert PAY_WITH_CRYPTO in labels(ann)
    admin = shop.admin
    await open_dialog(shop, admin, "admin_settings")
    assert "✅ Pay with crypto" in labels(admin)
    await admin.tap("✅ Pay with crypto")
    assert "⬜️ Pay with crypto" in labels(admin)
    assert (await settings.load()).crypto_enabled is False
    await ann.tap(PAY_WITH_CRYPTO)  # the button on the screen drawn before
    assert "Payment in crypto is not available right now." in received(ann)
    assert not crypto_pay.invoices()
    await admin.tap("⬜️ Pay with crypto")
    await open_dialog(shop, ann, "checkout", {"order_id": (await Order.get(user_id=ann.id)).id})
    assert PAY_WITH_CRYPTO in labels(ann)


@pytest.mark.one_backend
async def test_the_admin_picks_the_assets(shop, crypto_pay):
    admin = shop.admin
    await open_dialog(shop, admin, "admin_settings")
    assert "• Crypto assets: USDT, TON, BTC" in window_text(admin)
    await admin.tap("✏️ Crypto assets")
    await admin.send("DOGE")
    assert window_text(admin).startswith("❌ Crypto assets: use Crypto Pay's asset codes.")
    await admin.send("usdt ton")
    assert (await settings.load()).crypto_assets == ["USDT", "TON"]
    ann = await customer(shop)
    await order_in_crypto(shop, ann)
    assert crypto_pay.invoices()[0]["accepted_assets"] == ["USDT", "TON"]


@pytest.mark.one_backend
async def test_without_a_token_crypto_stays_off_and_the_admin_is_told_why(db, emulator):
    async with running_shop(emulator, db) as shop:
        await settings.update("crypto_enabled", True)  # switched on in an earlier life
        ann = await customer(shop)
        product = await a_product(price=500, stock=1, keys=["K"])
        await checkout_with(shop, ann, (product, 1))
        await ann.tap("✅ Confirm order")
        assert PAY_WITH_CRYPTO not in labels(ann)
        admin = shop.admin
        await open_dialog(shop, admin, "admin_settings")
        assert "Crypto stays off until CRYPTO_PAY_TOKEN is set in .env." in window_text(admin)
        await admin.tap("⬜️ Pay with crypto")
        assert "put its token in CRYPTO_PAY_TOKEN in the shop's .env" in window_text(admin)
