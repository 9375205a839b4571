"""Crypto Pay's webhook: a POST per paid invoice, signed with the app token.

Anything unsigned or wrongly signed is refused with 401 before its body is read as JSON, so
a forged "paid" changes nothing. A signed invoice_paid is applied by services/crypto exactly
once (the reconciliation may have applied it already, or Crypto Pay may send it twice); 200
tells Crypto Pay it is handled. A failure while applying answers 500 and the reconciliation
picks the payment up on its next run.
"""

from __future__ import annotations

import json
import logging

from aiohttp import web

from nanostore.services import crypto
from nanostore.services.crypto_pay_api import SIGNATURE_HEADER, RemoteInvoice, signature_is_valid

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024  # an invoice is a few hundred bytes; its payload at most 4 kB


def add_crypto_webhook(app: web.Application, path: str, token: str, notifier=None) -> None:
    async def receive(request: web.Request) -> web.Response:
        if (request.content_length or 0) > MAX_BODY:
            return web.json_response({"ok": False, "error": "too_large"}, status=413)
        body = await request.read()  # the whole body: the signature covers every byte
        if len(body) > MAX_BODY or not signature_is_valid(token, body,
                                                           request.headers.get(SIGNATURE_HEADER)):
            log.warning("Crypto Pay webhook refused: missing or wrong signature (from %s)",
                        request.remote)
            return web.json_response({"ok": False, "error": "signature"}, status=401)
        remote = _paid_invoice(body)
        if remote is None:  # signed, but not a payment (a future update type): nothing to do
            return web.json_response({"ok": True})
        outcome = await crypto.apply_remote(remote)
        if notifier is not None and outcome.first_time:
            notifier.wake()
        return web.json_response({"ok": True})

    app.router.add_post(path, receive)


def _paid_invoice(body: bytes) -> RemoteInvoice | None:
    try:
        update = json.loads(body)
        if update.get("update_type") != "invoice_paid":
            return None
        return RemoteInvoice.from_api(update["payload"])
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("Crypto Pay webhook with a signed body that is not an invoice: ignored")
        return None
