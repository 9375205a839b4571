"""The loopback Crypto Pay fake, driven by aiosend (an independent Crypto Pay client) and by raw
HTTP, with a tiny webhook receiver that checks signatures the way DESIGN.md says: hex
HMAC-SHA-256 of the raw body, keyed with SHA-256 of the app token, compared in constant time."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
from datetime import timedelta
from decimal import Decimal

import aiohttp
import pytest
from aiohttp import web
from aiosend import CryptoPay
from aiosend.client import Network
from aiosend.exceptions import APIError
from aiosend.webhook.aiohttp_manager import AiohttpManager

from nanostore.emulator.crypto_pay import CryptoPayFake, InvoiceNotActive
from nanostore.emulator.crypto_pay_invoices import parse_iso
from tests.fixtures.crypto_pay import crypto_pay  # noqa: F401  (the fixture)

TOKEN = "12345:AAfakeCryptoPayToken"
# aiosend 3.0 builds its connector with an argument aiohttp deprecated; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ssl_context is deprecated:DeprecationWarning")


class Receiver:
    """The shop's webhook route: /own checks the signature itself, /aiosend lets aiosend do it."""

    def __init__(self) -> None:
        self.app = web.Application()
        self.url = ""  # http://127.0.0.1:PORT once started
        self.app.router.add_post("/own", self.own)
        self.seen: list[tuple[bool, dict]] = []  # (signature valid, update) at /own
        self.by_aiosend: list = []  # invoices aiosend's handler got at /aiosend

    async def own(self, request: web.Request) -> web.Response:
        body = await request.read()
        expected = hmac.new(hashlib.sha256(TOKEN.encode()).digest(), body, hashlib.sha256).hexdigest()
        given = request.headers.get("crypto-pay-api-signature")
        valid = given is not None and hmac.compare_digest(expected, given)
        self.seen.append((valid, json.loads(body)))
        return web.Response(status=200 if valid else 401)


@pytest.fixture
async def client(crypto_pay):  # noqa: F811
    # aiosend checks the token with a blocking getMe in its constructor: build it off the loop
    # the fake answers on.
    network = Network(name="LOOP", base=f"{crypto_pay.base_url}/api/{{method}}")
    return await asyncio.to_thread(CryptoPay, TOKEN, network)


@pytest.fixture
async def receiver(crypto_pay, client):  # noqa: F811
    shop = Receiver()
    AiohttpManager(shop.app, "/aiosend").register_handler(client.feed_update)

    @client.invoice_paid()
    async def paid(invoice) -> None:
        shop.by_aiosend.append(invoice)

    runner = web.AppRunner(shop.app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    shop.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    crypto_pay.webhook_url = f"{shop.url}/own"
    yield shop
    await runner.cleanup()


async def raw(fake: CryptoPayFake, method: str, token: str | None = TOKEN, **params) -> tuple[int, dict]:
    headers = {"Crypto-Pay-API-Token": token} if token else {}
    async with aiohttp.ClientSession() as session, \
            session.post(f"{fake.base_url}/api/{method}", json=params, headers=headers) as response:
        return response.status, await response.json()


async def test_aiosend_creates_lists_and_deletes_invoices(crypto_pay, client):  # noqa: F811
    me = await client.get_me()
    assert (me.app_id, me.payment_processing_bot_username) == (12345, "CryptoBot")
    fiat = await client.create_invoice(10.5, currency_type="fiat", fiat="EUR",
                                       accepted_assets=["USDT", "TON"], description="2 × Song",
                                       payload="order:7", expires_in=600)
    assert crypto_pay.calls[-1] == ("createInvoice", {
        "currency_type": "fiat", "fiat": "EUR", "accepted_assets": "USDT,TON", "amount": 10.5,
        "description": "2 × Song", "payload": "order:7", "expires_in": 600})
    stored = crypto_pay.invoice(fiat.invoice_id)
    assert (stored["invoice_id"], stored["amount"], stored["status"]) == (1, "10.5", "active")
    assert stored["accepted_assets"] == ["USDT", "TON"] and "asset" not in stored
    assert stored["bot_invoice_url"] == f"https://t.me/CryptoBot?start={stored['hash']}"
    assert parse_iso(stored["expiration_date"]) - parse_iso(stored["created_at"]) == timedelta(seconds=600)
    assert (fiat.payload, fiat.fiat, fiat.amount) == ("order:7", "EUR", 10.5)

    ton = await client.create_invoice(2, "TON")
    assert [i.invoice_id for i in await client.get_invoices(status="active")] == [2, 1]
    assert [i.invoice_id for i in await client.get_invoices(invoice_ids=[1])] == [1]
    assert [i.invoice_id for i in await client.get_invoices(asset="TON")] == [2]
    await crypto_pay.pay(fiat.invoice_id)
    assert [i.invoice_id for i in await client.get_invoices(status="paid")] == [1]
    assert await client.delete_invoice(ton.invoice_id) is True
    assert [i.invoice_id for i in await client.get_invoices()] == [1]
    with pytest.raises(APIError) as refused:
        await client.delete_invoice(ton.invoice_id)
    assert (refused.value.error.code, refused.value.error.name) == (400, "INVOICE_NOT_FOUND")


async def test_token_methods_and_params_checked_like_the_real_api(crypto_pay):  # noqa: F811
    unauthorized = (401, {"ok": False, "error": {"code": 401, "name": "UNAUTHORIZED"}})
    assert await raw(crypto_pay, "getMe", token="12345:wrong") == unauthorized
    assert await raw(crypto_pay, "getMe", token=None) == unauthorized
    assert (await raw(crypto_pay, "getBananas"))[1]["error"]["name"] == "METHOD_NOT_FOUND"
    for params, name in (({"asset": "TON", "amount": "abc"}, "AMOUNT_INVALID"),
                         ({"asset": "TON", "amount": "-1"}, "AMOUNT_INVALID"),
                         ({"asset": "DOGE", "amount": "1"}, "ASSET_INVALID"),
                         ({"currency_type": "fiat", "fiat": "XXX", "amount": "1"}, "FIAT_INVALID"),
                         ({"asset": "TON", "amount": "1", "expires_in": 0}, "EXPIRES_IN_INVALID"),
                         ({"asset": "TON", "amount": "1", "payload": "x" * 4097}, "PAYLOAD_TOO_LONG")):
        assert await raw(crypto_pay, "createInvoice", **params) == (
            400, {"ok": False, "error": {"code": 400, "name": name}}), params
    assert crypto_pay.invoices() == []
    # Params in the query string of a GET work as well as a JSON body.
    async with aiohttp.ClientSession(headers={"Crypto-Pay-API-Token": TOKEN}) as session:
        url = f"{crypto_pay.base_url}/api/createInvoice?asset=TON&amount=1.50&allow_comments=false"
        async with session.get(url) as response:
            answer = await response.json()
    assert answer["ok"] is True
    assert (answer["result"]["amount"], answer["result"]["allow_comments"]) == ("1.5", False)


async def test_payment_sends_one_signed_webhook(crypto_pay, receiver):  # noqa: F811
    _, created = await raw(crypto_pay, "createInvoice", currency_type="fiat", fiat="EUR", amount="10")
    paid = await crypto_pay.pay(created["result"]["invoice_id"], "TON")
    # 10 EUR × 1.1 USD/EUR ÷ 5 USD/TON; Crypto Pay keeps 3%.
    assert (paid["paid_asset"], paid["paid_amount"], paid["paid_usd_rate"]) == ("TON", "2.2", "5")
    assert (paid["fee_asset"], paid["fee_amount"]) == ("TON", "0.066")
    assert Decimal(paid["paid_fiat_rate"]) == Decimal("4.54545455")
    [(valid, update)] = receiver.seen
    assert valid and update["update_type"] == "invoice_paid" and update["payload"] == paid
    assert crypto_pay.webhook_log == [(200, json.dumps(update, separators=(",", ":"), ensure_ascii=False))]
    _, listed = await raw(crypto_pay, "getInvoices", status="paid")
    assert listed["result"]["items"] == [paid] == [crypto_pay.invoice(paid["invoice_id"])]
    with pytest.raises(InvoiceNotActive):
        await crypto_pay.pay(paid["invoice_id"])


async def test_aiosend_accepts_the_signature_and_refuses_a_forged_one(crypto_pay, client, receiver):  # noqa: F811
    crypto_pay.webhook_url = f"{receiver.url}/aiosend"
    invoice = await client.create_invoice(3, "USDT")
    await crypto_pay.pay(invoice.invoice_id)
    assert [(i.invoice_id, i.status, i.paid_amount) for i in receiver.by_aiosend] == [(1, "paid", None)]
    assert await crypto_pay.send_webhook(invoice.invoice_id, signature="forged") == 500
    assert await crypto_pay.send_webhook(invoice.invoice_id, signature=None) == 500
    assert [status for status, _ in crypto_pay.webhook_log] == [200, 500, 500]
    assert len(receiver.by_aiosend) == 1


async def test_lost_webhook_shows_only_in_get_invoices(crypto_pay, client, receiver):  # noqa: F811
    invoice = await client.create_invoice(3, "USDT")
    await crypto_pay.pay(invoice.invoice_id, webhook="lose")
    assert receiver.seen == [] and crypto_pay.webhook_log == []
    [found] = await client.get_invoices(invoice_ids=[invoice.invoice_id])
    assert (found.status, found.fee_amount) == ("paid", 0.09)


async def test_webhook_twice_is_the_same_update(crypto_pay, client, receiver):  # noqa: F811
    invoice = await client.create_invoice(3, "USDT")
    await crypto_pay.pay(invoice.invoice_id, webhook="twice")
    assert len(receiver.seen) == 2 and receiver.seen[0] == receiver.seen[1]
    assert receiver.seen[0][1]["update_id"] == 1
    assert crypto_pay.webhook_log[0] == crypto_pay.webhook_log[1]


async def test_redelivery_with_forged_absent_or_replaced_signature(crypto_pay, client, receiver):  # noqa: F811
    invoice = await client.create_invoice(3, "USDT")
    await crypto_pay.pay(invoice.invoice_id, webhook="lose")
    assert await crypto_pay.send_webhook(invoice.invoice_id, signature="forged") == 401
    assert await crypto_pay.send_webhook(invoice.invoice_id, signature=None) == 401
    assert await crypto_pay.send_webhook(invoice.invoice_id) == 200
    tampered = crypto_pay.webhook_log[-1][1].replace('"amount":"3"', '"amount":"300"').encode()
    assert await crypto_pay.send_webhook(invoice.invoice_id, body=tampered) == 200
    assert [valid for valid, _ in receiver.seen] == [False, False, True, True]
    assert receiver.seen[-1][1]["payload"]["amount"] == "300"


async def test_override_changes_what_is_stored_and_sent(crypto_pay, client, receiver):  # noqa: F811
    invoice = await client.create_invoice(25, currency_type="fiat", fiat="RUB")
    paid = await crypto_pay.pay(invoice.invoice_id, amount="1.00", fiat="USD")
    assert (paid["amount"], paid["fiat"]) == ("1.00", "USD") == (
        crypto_pay.invoice(1)["amount"], receiver.seen[0][1]["payload"]["fiat"])
    with pytest.raises(ValueError):
        await crypto_pay.pay((await client.create_invoice(1, "TON")).invoice_id, "BTC")


async def test_expiry_by_hand_and_by_the_clock(crypto_pay, client):  # noqa: F811
    first = await client.create_invoice(1, "USDT")
    crypto_pay.expire(first.invoice_id)
    with pytest.raises(InvoiceNotActive):
        await crypto_pay.pay(first.invoice_id)
    second = await client.create_invoice(1, "USDT", expires_in=60)
    assert [i.invoice_id for i in await client.get_invoices(status="active")] == [2]
    start = crypto_pay.clock()
    crypto_pay.clock = lambda: start + timedelta(seconds=61)
    assert await client.get_invoices(status="active") == []
    assert [i.status for i in await client.get_invoices()] == ["expired", "expired"]
    with pytest.raises(InvoiceNotActive):
        await crypto_pay.pay(second.invoice_id)


async def test_fail_next_and_down(crypto_pay, client):  # noqa: F811
    crypto_pay.fail_next("getInvoices", 502, times=2)
    for _ in range(2):
        assert await raw(crypto_pay, "getInvoices") == (
            502, {"ok": False, "error": {"code": 502, "name": "BAD_GATEWAY"}})
    assert await raw(crypto_pay, "getInvoices") == (200, {"ok": True, "result": {"items": []}})
    crypto_pay.fail_next("createInvoice")
    with pytest.raises(APIError):
        await client.create_invoice(1, "USDT")
    assert crypto_pay.invoices() == []
    crypto_pay.down = True
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await raw(crypto_pay, "getMe")
    crypto_pay.down = False
    assert (await raw(crypto_pay, "getMe"))[0] == 200
    assert [method for method, _ in crypto_pay.calls[-6:]] == [
        "getInvoices", "getInvoices", "getInvoices", "createInvoice", "getMe", "getMe"]


async def test_webhook_to_a_dead_shop_is_status_zero(crypto_pay, client):  # noqa: F811
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    crypto_pay.webhook_url = f"http://127.0.0.1:{port}/own"
    invoice = await client.create_invoice(1, "USDT")
    await crypto_pay.pay(invoice.invoice_id)
    assert [status for status, _ in crypto_pay.webhook_log] == [0]
