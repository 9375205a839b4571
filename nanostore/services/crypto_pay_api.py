"""The Crypto Pay API (Crypto Bot), the part the shop uses: make an invoice, read invoices back,
withdraw one; and the check of a webhook's signature.

aiohttp directly rather than a client library: the shop needs three calls and one HMAC. The
libraries (aiosend, aiocryptopay) cost ~0.3 s of imports at every start, open a new connection
pool and TLS context per call, and hide the retry and timeout policy a payment path needs
to choose itself; aiocryptopay also pins certifi below 2024. The tests check this client and
the loopback fake against aiosend, an independent implementation of the protocol.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp

from .errors import CryptoPayUnavailable

MAINNET = "https://pay.crypt.bot"
TESTNET = "https://testnet-pay.crypt.bot"
TIMEOUT_SECONDS = 4  # per attempt: a customer waits on createInvoice (all tries: about 13 s)
# A blip (no connection, 429, 5xx) is tried again after these pauses before the customer hears
# of it. Repeating createInvoice is harmless: an invoice made twice is shown once, the other
# lapses unpaid.
BACKOFF_SECONDS = (0.3, 1.0)
SIGNATURE_HEADER = "crypto-pay-api-signature"


@dataclass(frozen=True)
class RemoteInvoice:
    """An invoice as Crypto Pay reports it (createInvoice, getInvoices or a webhook)."""

    invoice_id: int
    status: str  # active, paid, expired
    currency_type: str  # fiat for the shop's invoices
    fiat: str | None
    amount: str  # a decimal string, "12.50"
    payload: str
    pay_url: str
    expiration_date: datetime | None
    paid_asset: str | None = None
    paid_amount: str | None = None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> RemoteInvoice:
        expires = data.get("expiration_date")
        return cls(
            invoice_id=int(data["invoice_id"]), status=str(data["status"]),
            currency_type=str(data.get("currency_type", "")), fiat=data.get("fiat"),
            amount=str(data.get("amount", "")), payload=str(data.get("payload") or ""),
            pay_url=str(data.get("bot_invoice_url") or data.get("pay_url") or ""),
            expiration_date=datetime.fromisoformat(expires.replace("Z", "+00:00")) if expires else None,
            paid_asset=data.get("paid_asset"), paid_amount=data.get("paid_amount"))


def signature_is_valid(token: str, body: bytes, signature: str | None) -> bool:
    """Crypto Pay signs each webhook: hex HMAC-SHA-256 of the raw body, keyed with the SHA-256
    digest of the app token. Compared in constant time."""
    if not signature:
        return False
    secret = hashlib.sha256(token.encode()).digest()
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.strip().lower())


class CryptoPayApi:
    """One app's Crypto Pay API; one HTTP session, opened on first use."""

    def __init__(self, token: str, base_url: str = MAINNET) -> None:
        self.token = token
        self.base_url = base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def create_invoice(self, *, fiat: str, amount: str, accepted_assets: list[str],
                             payload: str, description: str, expires_in: int) -> RemoteInvoice:
        result = await self._call("createInvoice", {
            "currency_type": "fiat", "fiat": fiat, "amount": amount, "payload": payload,
            "accepted_assets": ",".join(accepted_assets), "description": description[:1024],
            "expires_in": expires_in, "allow_comments": False})
        return RemoteInvoice.from_api(result)

    async def get_invoices(self, invoice_ids: list[int]) -> list[RemoteInvoice]:
        """These invoices as Crypto Pay has them now (at most 1,000 ids per call)."""
        if not invoice_ids:
            return []
        result = await self._call("getInvoices", {
            "invoice_ids": ",".join(str(number) for number in invoice_ids),
            "count": min(len(invoice_ids), 1000)})
        items = result.get("items", []) if isinstance(result, dict) else result
        return [RemoteInvoice.from_api(item) for item in items]

    async def delete_invoice(self, invoice_id: int) -> None:
        await self._call("deleteInvoice", {"invoice_id": invoice_id})

    async def _call(self, method: str, params: dict[str, Any]) -> Any:
        for pause in BACKOFF_SECONDS:
            try:
                return await self._call_once(method, params)
            except _Transient:
                await asyncio.sleep(pause)
        try:
            return await self._call_once(method, params)
        except _Transient as blip:
            raise CryptoPayUnavailable(method=method, reason=blip.reason) from blip

    async def _call_once(self, method: str, params: dict[str, Any]) -> Any:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS))
        try:
            async with self._session.post(f"{self.base_url}/api/{method}", json=params,
                                          headers={"Crypto-Pay-API-Token": self.token}) as response:
                if response.status == 429 or response.status >= 500:
                    raise _Transient(f"HTTP {response.status}")
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as error:
            raise _Transient(type(error).__name__) from error
        except ValueError as error:  # not JSON: a proxy's error page
            raise CryptoPayUnavailable(method=method, reason="not_json") from error
        if not isinstance(answer, dict) or not answer.get("ok"):
            refusal = answer.get("error") if isinstance(answer, dict) else None
            name = refusal.get("name") if isinstance(refusal, dict) else refusal
            raise CryptoPayUnavailable(method=method, reason=str(name))
        return answer["result"]


class _Transient(Exception):
    """A failure worth one more try: no connection, a timeout, 429 or a 5xx."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
