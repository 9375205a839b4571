"""A loopback Crypto Pay (@CryptoBot) API for end-to-end tests of paying by crypto.

A real HTTP server on 127.0.0.1 answering `{base}/api/{method}` the way pay.crypt.bot does:
the `Crypto-Pay-API-Token` header, `{"ok": true, "result": ...}` envelopes, the real error names,
params from a JSON body or the query string (GET or POST). Tests play the customer (`pay`), the
clock (`expire`, `clock`), the network (`down`, `fail_next`) and the webhook sender
(`send_webhook` with a valid, forged or missing signature).

    fake = CryptoPayFake()
    base = await fake.start()          # the shop calls f"{base}/api/createInvoice"
    fake.webhook_url = shop_webhook_url
    await fake.pay(invoice_id)         # one signed invoice_paid webhook; fake.webhook_log has the answer
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus

from aiohttp import web

from nanostore.emulator.crypto_pay_invoices import (
    ApiError,
    bad,
    expired_by_clock,
    iso,
    new_invoice,
    select,
    whole,
)
from nanostore.emulator.crypto_pay_money import merged_rates, paid_fields
from nanostore.emulator.crypto_pay_webhook import deliver, headers_for, update_body

TOKEN_HEADER = "Crypto-Pay-API-Token"
WEBHOOK_MODES = {"send": 1, "lose": 0, "twice": 2}


class InvoiceNotActive(Exception):
    """pay() or expire() on an invoice that is already paid or expired: a customer cannot."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CryptoPayFake:
    def __init__(self, token: str = "12345:AAfakeCryptoPayToken", *,
                 rates: dict[str, str] | None = None) -> None:
        self.token = token
        self.rates = merged_rates(rates)
        self.base_url = ""
        self.webhook_url: str | None = None
        self.calls: list[tuple[str, dict]] = []
        self.webhook_log: list[tuple[int, str]] = []
        self.down = False
        # What "now" is for created_at, paid_at and expiry; a test moves it instead of sleeping.
        self.clock: Callable[[], datetime] = _utc_now
        self._invoices: dict[int, dict] = {}
        self._paid_bodies: dict[int, bytes] = {}  # the update sent when paid, for redelivery
        self._failures: dict[str, list[int]] = {}  # method -> statuses still to answer
        self._last_invoice_id = 0
        self._last_update_id = 0
        self._methods: dict[str, Callable[[dict], object]] = {
            "getMe": self._get_me, "createInvoice": self._create_invoice,
            "getInvoices": self._get_invoices, "deleteInvoice": self._delete_invoice,
        }
        self._runner: web.AppRunner | None = None

    # --- the server -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.base_url = f"http://{host}:{self._runner.addresses[0][1]}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        try:
            params = await _read_params(request)
            self.calls.append((method, params))
            if self.down:
                return _hang_up(request)
            self._injected_failure(method)
            if request.headers.get(TOKEN_HEADER) != self.token:
                raise ApiError(401, "UNAUTHORIZED")
            handler = self._methods.get(method)
            if handler is None:
                raise ApiError(405, "METHOD_NOT_FOUND")
            result = handler(params)
        except ApiError as error:
            return web.json_response(error.envelope(), status=error.status)
        return web.json_response({"ok": True, "result": result})

    def fail_next(self, method: str, status: int = 500, times: int = 1) -> None:
        """The next `times` calls of `method` answer an error envelope with this HTTP status
        (before the token is even checked, as an overloaded front end would)."""
        self._failures.setdefault(method, []).extend([status] * times)

    def _injected_failure(self, method: str) -> None:
        pending = self._failures.get(method)
        if pending:
            status = pending.pop(0)
            name = HTTPStatus(status).phrase.upper().replace(" ", "_").replace("-", "_")
            raise ApiError(status, name)

    # --- the API methods --------------------------------------------------------------------

    def _get_me(self, params: dict) -> dict:
        app_id = self.token.split(":", 1)[0]
        return {"app_id": int(app_id) if app_id.isdigit() else 1, "name": "NanoStore Test",
                "payment_processing_bot_username": "CryptoBot"}

    def _create_invoice(self, params: dict) -> dict:
        invoice = new_invoice(self._last_invoice_id + 1, params, self.clock())
        self._last_invoice_id += 1
        self._invoices[invoice["invoice_id"]] = invoice
        return copy.deepcopy(invoice)

    def _get_invoices(self, params: dict) -> dict:
        # The real API wraps the list: {"items": [...]}.
        return {"items": select(self.invoices(), params)}

    def _delete_invoice(self, params: dict) -> bool:
        invoice_id = whole(params.get("invoice_id"), "invoice_id")
        if invoice_id not in self._invoices:
            raise bad("INVOICE_NOT_FOUND")
        del self._invoices[invoice_id]
        return True

    # --- what tests read --------------------------------------------------------------------

    def invoice(self, invoice_id: int) -> dict:
        """The invoice as the API would return it now (KeyError when never created or deleted)."""
        return copy.deepcopy(self._current(invoice_id))

    def invoices(self) -> list[dict]:
        return [self.invoice(invoice_id) for invoice_id in sorted(self._invoices)]

    def _current(self, invoice_id: int) -> dict:
        """The stored invoice, expired first if its expiration_date has passed by the clock."""
        invoice = self._invoices[invoice_id]
        if expired_by_clock(invoice, self.clock()):
            invoice["status"] = "expired"
        return invoice

    # --- what tests do ----------------------------------------------------------------------

    async def pay(self, invoice_id: int, asset: str | None = None, *, webhook: str = "send",
                  **override) -> dict:
        """A customer pays the invoice in `asset` (default: a crypto invoice's own asset; USDT, or
        the first accepted asset, for a fiat one). `webhook`: "send" one signed invoice_paid
        update, "lose" none, "twice" the same update twice. `override` replaces invoice fields in
        what is stored and sent, to simulate a payment that does not match the order."""
        if webhook not in WEBHOOK_MODES:
            raise ValueError(f"webhook must be one of {tuple(WEBHOOK_MODES)}, not {webhook!r}")
        invoice = self._active(invoice_id)
        now = self.clock()
        invoice.update(status="paid", paid_at=iso(now), paid_anonymously=False,
                       **paid_fields(invoice, _paying_asset(invoice, asset), self.rates))
        invoice.update(override)
        body = update_body(self._next_update_id(), iso(now), invoice)
        self._paid_bodies[invoice_id] = body
        # No webhook_url is an app with webhooks off: the shop learns only from getInvoices.
        for _ in range(WEBHOOK_MODES[webhook] if self.webhook_url else 0):
            await self._deliver(body, "valid")
        return copy.deepcopy(invoice)

    def expire(self, invoice_id: int) -> None:
        self._active(invoice_id)["status"] = "expired"

    def _active(self, invoice_id: int) -> dict:
        invoice = self._current(invoice_id)
        if invoice["status"] != "active":
            raise InvoiceNotActive(f"invoice {invoice_id} is {invoice['status']}")
        return invoice

    async def send_webhook(self, invoice_id: int, *, signature: str | None = "valid",
                           body: bytes | None = None) -> int:
        """(Re)delivers the invoice_paid update of that invoice: the very bytes sent when it was
        paid (a retry), or a fresh update of its current state when it was not paid through
        pay(). `body` replaces the raw bytes. Returns the shop's HTTP status (0: unreachable)."""
        if body is None:
            body = self._paid_bodies.get(invoice_id)
        if body is None:
            body = update_body(self._next_update_id(), iso(self.clock()), self.invoice(invoice_id))
        return await self._deliver(body, signature)

    async def _deliver(self, body: bytes, signature: str | None) -> int:
        headers = headers_for(self.token, body, signature)
        if self.webhook_url is None:
            raise RuntimeError("no webhook_url set: nowhere to send the webhook")
        status = await deliver(self.webhook_url, body, headers)
        self.webhook_log.append((status, body.decode(errors="replace")))
        return status

    def _next_update_id(self) -> int:
        self._last_update_id += 1
        return self._last_update_id


def _paying_asset(invoice: dict, asset: str | None) -> str:
    if invoice["currency_type"] == "crypto":
        if asset not in (None, invoice["asset"]):
            raise ValueError(f"a {invoice['asset']} invoice cannot be paid in {asset}")
        return invoice["asset"]
    accepted = invoice["accepted_assets"]
    chosen = asset or ("USDT" if "USDT" in accepted else accepted[0])
    if chosen not in accepted:
        raise ValueError(f"{chosen} is not among the accepted assets {accepted}")
    return chosen


async def _read_params(request: web.Request) -> dict:
    """The query string, then a JSON or form body on top, as the real API accepts either."""
    params: dict = dict(request.query)
    raw = await request.read()
    if not raw.strip():
        return params
    if request.content_type == "application/json":
        try:
            body = json.loads(raw)
        except ValueError:
            raise bad("JSON_INVALID") from None
        if not isinstance(body, dict):
            raise bad("JSON_INVALID")
        return params | body
    return params | dict(await request.post())


def _hang_up(request: web.Request) -> web.Response:
    """Closes the connection without a byte of answer, as a dead host behind a proxy does; the
    client sees ServerDisconnectedError. The response returned is never written."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)
