"""Crypto payments (services/crypto) without Telegram: when crypto is offered, the amount Crypto
Pay is asked for, the webhook signature, and what a reported invoice does (applied once, an
unknown invoice or a mismatch reported to the admins, nothing credited)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from nanostore.db.models import CryptoInvoice, OutboxMessage, User
from nanostore.db.models.enums import CryptoInvoiceStatus
from nanostore.services import checkout, crypto, orders, settings
from nanostore.services.crypto_pay_api import CryptoPayApi, RemoteInvoice, signature_is_valid
from nanostore.services.errors import CryptoPayUnavailable, CryptoUnavailable, OrderNotPayable
from tests.fixtures.ledger import in_cart, person, product

TOKEN = "12345:AAfakeCryptoPayToken"

pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


def signed(body: bytes, token: str = TOKEN) -> str:
    return hmac.new(hashlib.sha256(token.encode()).digest(), body, hashlib.sha256).hexdigest()


def test_the_signature_is_the_body_keyed_with_the_tokens_digest():
    body = b'{"update_type":"invoice_paid"}'
    assert signature_is_valid(TOKEN, body, signed(body))
    assert signature_is_valid(TOKEN, body, signed(body).upper())  # hex is hex
    assert not signature_is_valid(TOKEN, body + b" ", signed(body))  # the body changed
    assert not signature_is_valid(TOKEN, body, signed(body, "12345:other"))
    raw_key = hmac.new(TOKEN.encode(), body, hashlib.sha256).hexdigest()
    assert not signature_is_valid(TOKEN, body, raw_key)  # keyed with the token itself: wrong
    assert not signature_is_valid(TOKEN, body, None) and not signature_is_valid(TOKEN, body, "")


def test_the_amount_is_the_shops_hundredths_as_a_decimal():
    assert [crypto.fiat_amount(n) for n in (1250, 5, 100, 123456)] == ["12.50", "0.05", "1.00", "1234.56"]


async def test_offered_only_when_on_with_a_token_and_a_currency_crypto_pay_prices(db):
    assert not crypto.offered(await settings.update("crypto_enabled", False), has_token=True)
    shop = await settings.update("crypto_enabled", True)
    assert crypto.offered(shop, has_token=True) and not crypto.offered(shop, has_token=False)
    assert not crypto.offered(await settings.update("currency_code", "JPY"), has_token=True)


async def test_no_invoice_while_crypto_is_off_or_for_an_order_already_paid(db, crypto_pay):
    await person(1)
    key = await product(price=1000)
    await in_cart(1, (key, 1))
    order = await checkout.place_order(1, "token")
    api = CryptoPayApi(crypto_pay.token, crypto_pay.base_url)
    try:
        with pytest.raises(CryptoUnavailable):
            await crypto.invoice_for_topup(api, 1, 1000, "Top-up")
        await settings.update("crypto_enabled", True)
        await orders.mark_paid(order.id, via="test")
        with pytest.raises(OrderNotPayable):
            await crypto.invoice_for_order(api, order.id, 1, "Order")
    finally:
        await api.close()
    assert not crypto_pay.invoices()


async def test_a_top_up_invoice_is_paid_once_and_reused_until_then(db, crypto_pay):
    await person(1)
    await settings.update("crypto_enabled", True)
    api = CryptoPayApi(crypto_pay.token, crypto_pay.base_url)
    try:
        first = await crypto.invoice_for_topup(api, 1, 1000, "Top-up")
        again = await crypto.invoice_for_topup(api, 1, 1000, "Top-up")
        assert first.id == again.id and len(crypto_pay.invoices()) == 1
        await crypto_pay.pay(first.invoice_id)
        remote = RemoteInvoice.from_api(crypto_pay.invoice(first.invoice_id))
        outcomes = [await crypto.apply_remote(remote) for _ in range(3)]
    finally:
        await api.close()
    assert [o.first_time for o in outcomes] == [True, False, False]
    assert (await User.get(id=1)).balance == 1000
    assert (await CryptoInvoice.get(id=first.id)).status is CryptoInvoiceStatus.APPLIED


async def test_an_unknown_paid_invoice_is_reported_and_credits_nothing(db):
    await settings.update("crypto_enabled", True)
    remote = RemoteInvoice(invoice_id=999, status="paid", currency_type="fiat", fiat="USD",
                           amount="10", payload="topup:1000", pay_url="", expiration_date=None,
                           paid_asset="USDT", paid_amount="10")
    outcome = await crypto.apply_remote(remote)
    assert outcome.status is None
    assert await OutboxMessage.filter(kind="crypto_unknown").count() == 1


async def test_crypto_pay_refusing_a_call_is_a_domain_error(db, crypto_pay):
    api = CryptoPayApi("12345:wrong-token", crypto_pay.base_url)
    try:
        with pytest.raises(CryptoPayUnavailable) as refused:
            await api.get_invoices([1])
    finally:
        await api.close()
    assert refused.value.params == {"method": "getInvoices", "reason": "UNAUTHORIZED"}
