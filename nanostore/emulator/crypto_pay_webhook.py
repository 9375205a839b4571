"""Crypto Pay's webhooks for the loopback fake: the invoice_paid update, its signature and one
delivery attempt.

The signature is the header `crypto-pay-api-signature`: hex HMAC-SHA-256 of the raw body, keyed
with the SHA-256 digest of the app token. The real service retries a failed delivery for days;
the fake delivers once and tests redeliver with CryptoPayFake.send_webhook, so what the shop saw
is exactly what the test asked for.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import aiohttp

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "crypto-pay-api-signature"
SIGNATURES = ("valid", "forged", None)
DELIVERY_TIMEOUT = 10.0


def sign(token: str, body: bytes) -> str:
    secret = hashlib.sha256(token.encode()).digest()
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def update_body(update_id: int, request_date: str, invoice: dict) -> bytes:
    """The raw bytes of an invoice_paid update (compact JSON, as the service sends)."""
    update = {"update_id": update_id, "update_type": "invoice_paid", "request_date": request_date,
              "payload": invoice}
    return json.dumps(update, separators=(",", ":"), ensure_ascii=False).encode()


def headers_for(token: str, body: bytes, signature: str | None) -> dict[str, str]:
    """"valid" signs with the app's token; "forged" with a key an attacker could guess (a wrong
    token), so the header looks right but does not verify; None sends no header."""
    if signature not in SIGNATURES:
        raise ValueError(f"signature must be one of {SIGNATURES}, not {signature!r}")
    headers = {"Content-Type": "application/json"}
    if signature == "valid":
        headers[SIGNATURE_HEADER] = sign(token, body)
    elif signature == "forged":
        headers[SIGNATURE_HEADER] = sign(token + "-forged", body)
    return headers


async def deliver(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POSTs once; the receiver's HTTP status, or 0 when it could not be reached (refused,
    reset, timed out), so a test can assert on a dead shop without catching anything."""
    timeout = aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, \
                session.post(url, data=body, headers=headers) as response:
            await response.read()
            return response.status
    except (aiohttp.ClientError, TimeoutError) as error:
        logger.info("Crypto Pay webhook to %s not delivered: %r", url, error)
        return 0
