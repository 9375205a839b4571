"""Crypto Pay's invoice rules for the loopback fake: createInvoice's parameters checked with the
real API's error names, the Invoice object it answers, and getInvoices' filters.

Parameters may arrive as JSON values or as query-string text, so every reader here accepts both
("true" and true, "5" and 5, "USDT,TON" and ["USDT", "TON"]).
"""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime, timedelta

from nanostore.emulator.crypto_pay_money import ASSET_PLACES, FIATS, parse_amount, text

PAID_BUTTONS = ("viewItem", "openChannel", "openBot", "callback")
MAX_DESCRIPTION = 1024
MAX_HIDDEN_MESSAGE = 2048
MAX_PAYLOAD = 4096
MAX_EXPIRES_IN = 2678400
MAX_COUNT = 1000
HASH_ALPHABET = string.ascii_letters + string.digits


class ApiError(Exception):
    """An error envelope: {"ok": false, "error": {"code": status, "name": name}}."""

    def __init__(self, status: int, name: str) -> None:
        super().__init__(f"{status} {name}")
        self.status = status
        self.name = name

    def envelope(self) -> dict:
        return {"ok": False, "error": {"code": self.status, "name": self.name}}


def bad(name: str) -> ApiError:
    return ApiError(400, name)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as Crypto Pay writes dates."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(written: str) -> datetime:
    return datetime.fromisoformat(written.replace("Z", "+00:00"))


def flag(value: object, name: str, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1"):
        return True
    if str(value).lower() in ("false", "0"):
        return False
    raise bad(f"{name.upper()}_INVALID")


def whole(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not str(value).strip().lstrip("-").isdigit():
        raise bad(f"{name.upper()}_INVALID")
    return int(str(value))


def listed(value: object) -> list[str]:
    """A comma-separated string (the documented form) or a JSON array."""
    if isinstance(value, list):
        return [str(item).strip() for item in value]
    return [item.strip() for item in str(value).split(",") if item.strip()]


def short_text(params: dict, name: str, limit: int) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    # The payload limit is 4 kB of bytes; the others count characters.
    size = len(str(value).encode()) if name == "payload" else len(str(value))
    if size > limit:
        raise bad(f"{name.upper()}_TOO_LONG")
    return str(value)


def _price(params: dict) -> dict:
    """currency_type with its asset or fiat (and accepted_assets), and the amount."""
    currency_type = str(params.get("currency_type") or "crypto")
    amount = parse_amount(params.get("amount"))
    if amount is None:
        raise bad("AMOUNT_INVALID")
    if currency_type == "crypto":
        asset = str(params.get("asset") or "")
        if asset not in ASSET_PLACES:
            raise bad("ASSET_INVALID")
        return {"currency_type": "crypto", "asset": asset,
                "amount": text(amount, ASSET_PLACES[asset])}
    if currency_type != "fiat":
        raise bad("CURRENCY_TYPE_INVALID")
    fiat = str(params.get("fiat") or "")
    if fiat not in FIATS:
        raise bad("FIAT_INVALID")
    accepted = listed(params["accepted_assets"]) if params.get("accepted_assets") else []
    if any(asset not in ASSET_PLACES for asset in accepted):
        raise bad("ACCEPTED_ASSETS_INVALID")
    return {"currency_type": "fiat", "fiat": fiat, "amount": text(amount, 2),
            "accepted_assets": accepted or [a for a in ASSET_PLACES if a != "JET"]}


def _paid_button(params: dict) -> dict:
    name, url = params.get("paid_btn_name"), params.get("paid_btn_url")
    if name is None and url is None:
        return {}
    if name not in PAID_BUTTONS:
        raise bad("PAID_BTN_NAME_INVALID")
    if not str(url or "").startswith(("http://", "https://")):
        raise bad("PAID_BTN_URL_INVALID")
    return {"paid_btn_name": name, "paid_btn_url": str(url)}


def new_invoice(invoice_id: int, params: dict, now: datetime) -> dict:
    """The Invoice object createInvoice answers, or ApiError for a parameter the API refuses."""
    price = _price(params)
    expires_in = whole(params.get("expires_in"), "expires_in")
    if expires_in is not None and not 1 <= expires_in <= MAX_EXPIRES_IN:
        raise bad("EXPIRES_IN_INVALID")
    invoice_hash = "IV" + "".join(secrets.choice(HASH_ALPHABET) for _ in range(12))
    invoice = {
        "invoice_id": invoice_id, "hash": invoice_hash, **price,
        "bot_invoice_url": f"https://t.me/CryptoBot?start={invoice_hash}",
        "mini_app_invoice_url": f"https://t.me/CryptoBot/app?startapp=invoice-{invoice_hash}&mode=compact",
        "web_app_invoice_url": f"https://app.send.tg/invoices/{invoice_hash}",
        "status": "active", "created_at": iso(now),
        "allow_comments": flag(params.get("allow_comments"), "allow_comments", True),
        "allow_anonymous": flag(params.get("allow_anonymous"), "allow_anonymous", True),
        **_paid_button(params),
    }
    for name, limit in (("description", MAX_DESCRIPTION), ("hidden_message", MAX_HIDDEN_MESSAGE),
                        ("payload", MAX_PAYLOAD)):
        value = short_text(params, name, limit)
        if value is not None:
            invoice[name] = value
    if expires_in is not None:
        invoice["expiration_date"] = iso(now + timedelta(seconds=expires_in))
    return invoice


def expired_by_clock(invoice: dict, now: datetime) -> bool:
    expiration = invoice.get("expiration_date")
    return invoice["status"] == "active" and expiration is not None and now >= parse_iso(expiration)


def select(invoices: list[dict], params: dict) -> list[dict]:
    """getInvoices: filters by asset, fiat, invoice_ids and status, newest first, then the
    offset/count page."""
    status = params.get("status")
    if status is not None and status not in ("active", "paid"):
        raise bad("STATUS_INVALID")
    offset = whole(params.get("offset"), "offset") or 0
    count = whole(params.get("count"), "count")
    count = 100 if count is None else count
    if offset < 0:
        raise bad("OFFSET_INVALID")
    if not 1 <= count <= MAX_COUNT:
        raise bad("COUNT_INVALID")
    wanted_ids = _invoice_ids(params.get("invoice_ids"))
    chosen = [
        invoice for invoice in sorted(invoices, key=lambda i: i["invoice_id"], reverse=True)
        if (wanted_ids is None or invoice["invoice_id"] in wanted_ids)
        and (status is None or invoice["status"] == status)
        and all(params.get(key) in (None, invoice.get(key)) for key in ("asset", "fiat"))
    ]
    return chosen[offset:offset + count]


def _invoice_ids(value: object) -> set[int] | None:
    if value is None or value == "":
        return None
    items = listed(value)
    if not all(item.isdigit() for item in items):
        raise bad("INVOICE_IDS_INVALID")
    return {int(item) for item in items}

