"""Shop settings an admin can change in the bot: typed defaults, validated writes, a tiny cache.

Every key has a default here, so a fresh shop works before anyone opens the settings screen.
Reads are cached for a couple of seconds per process: a screen must not cost a query for
settings, and a change made on another instance shows within that window.
"""

from __future__ import annotations

import re
import time
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator
from tortoise.transactions import in_transaction

from nanostore.db.models import Setting
from nanostore.domain.staff import Actor

from . import audit, staff
from .errors import InvalidInput

CACHE_SECONDS = 2.0
SETTINGS, CONTENT = "settings", "content"  # the staff roles that change them
CONTENT_KEYS = frozenset({"images_enabled", "global_image_file_id"})  # Admin → Content's too


class ShopSettings(BaseModel):
    bot_name: str = Field(default="NanoStore", min_length=1, max_length=64)
    currency: str = Field(default="$", min_length=1, max_length=8)
    currency_code: str = Field(default="USD", min_length=3, max_length=3)
    welcome_text: str = Field(default="", max_length=1024)
    min_order: int = Field(default=0, ge=0)  # minor units
    daily_reward: int = Field(default=0, ge=0)  # minor units; 0 disables the reward
    topup_enabled: bool = True
    topup_min: int = Field(default=100, ge=1)
    topup_max: int = Field(default=1_000_000, ge=1)
    topup_bonus_percent: int = Field(default=0, ge=0, le=100)
    topup_presets: list[int] = Field(default_factory=lambda: [500, 1000, 2500, 5000])
    topup_stars_enabled: bool = False
    # Pay by card through Telegram Payments; offered only while PAYMENT_PROVIDER_TOKEN is set too.
    cards_enabled: bool = False
    # Pay with crypto through Crypto Pay; offered only while CRYPTO_PAY_TOKEN is set too.
    crypto_enabled: bool = False
    # What a crypto invoice accepts (Crypto Pay asset codes); the customer picks in Crypto Bot.
    crypto_assets: list[str] = Field(default_factory=lambda: ["USDT", "TON", "BTC"],
                                     min_length=1, max_length=12)
    referral_reward: int = Field(default=0, ge=0)
    # Minutes a confirmed, unpaid order holds its stock before it is cancelled by itself
    # (services/holds); 0 keeps unpaid orders open until someone cancels them.
    hold_minutes: int = Field(default=30, ge=0, le=10_080)
    # Unpaid orders one customer may have open at once, so holds cannot be farmed; 0: no limit.
    max_unpaid_orders: int = Field(default=3, ge=0, le=100)
    # Stars per 100 minor units; 0 = Stars off unless a product sets a price.
    stars_per_unit: int = Field(default=0, ge=0)
    low_stock_threshold: int = Field(default=3, ge=0)
    images_enabled: bool = True  # global UI image toggle
    owners_own_alerts: list[int] = Field(default_factory=list)  # owners not wanting every alert
    global_image_file_id: str | None = None
    auto_delete_seconds: int = Field(default=0, ge=0, le=86_400)
    maintenance: bool = False
    maintenance_text: str = Field(default="", max_length=1024)
    log_channel_id: int | None = None
    proofs_channel_id: int | None = None
    terms_text: str = Field(default="", max_length=4000)
    paysupport_text: str = Field(default="", max_length=4000)

    @model_validator(mode="after")
    def _topup_range(self) -> ShopSettings:
        if self.topup_min > self.topup_max:
            raise ValueError("topup_min_above_max")
        return self


SETTING_KEYS = tuple(ShopSettings.model_fields)

_cache: tuple[float, ShopSettings] | None = None


def forget_cached() -> None:
    global _cache
    _cache = None


async def load() -> ShopSettings:
    global _cache
    now = time.monotonic()
    if _cache and now - _cache[0] < CACHE_SECONDS:
        return _cache[1]
    stored = {row.key: row.value["v"] for row in await Setting.filter(key__in=SETTING_KEYS)
              if isinstance(row.value, dict) and "v" in row.value}
    try:
        settings = ShopSettings(**stored)
    except ValidationError:
        # A value written by an older version that no longer validates: fall back key by key.
        settings = ShopSettings(**_valid_subset(stored))
    _cache = (now, settings)
    return settings


async def update(key: str, value: Any) -> ShopSettings:
    """Validate and store one value; raises InvalidInput naming the key and the reason."""
    if key not in SETTING_KEYS:
        raise InvalidInput(field=key, reason="unknown")
    current = await load()
    try:
        updated = ShopSettings(**{**current.model_dump(), key: value})
    except ValidationError as error:
        raise InvalidInput(field=key, reason=_reason(error)) from None
    # Wrapped: Tortoise would take a bare string for already-encoded JSON, and None for NULL.
    await Setting.update_or_create(key=key, defaults={"value": {"v": getattr(updated, key)}})
    forget_cached()
    return updated


def _valid_subset(stored: dict[str, Any]) -> dict[str, Any]:
    valid = {}
    for key, value in stored.items():
        try:
            ShopSettings(**{key: value})
        except ValidationError:
            continue
        valid[key] = value
    return valid


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    if first["type"] == "value_error":
        return str(first.get("ctx", {}).get("error", first["msg"]))
    return first["msg"]


# What an admin edits in the bot, and how their typed text becomes a value. Money is typed as
# "12.50" and stored in minor units; "-" clears an optional text or channel.
EDITABLE: dict[str, str] = {
    "bot_name": "text", "currency": "text", "welcome_text": "optional_text",
    "min_order": "money", "daily_reward": "money",
    "topup_enabled": "bool", "topup_min": "money", "topup_max": "money",
    "topup_bonus_percent": "int", "topup_presets": "money_list",
    "topup_stars_enabled": "bool", "stars_per_unit": "int", "cards_enabled": "bool",
    "crypto_enabled": "bool", "crypto_assets": "asset_list",
    "referral_reward": "money", "hold_minutes": "int", "max_unpaid_orders": "int",
    "low_stock_threshold": "int", "images_enabled": "bool", "auto_delete_seconds": "int",
    "maintenance": "bool", "maintenance_text": "optional_text",
    "log_channel_id": "chat", "proofs_channel_id": "chat",
    "terms_text": "optional_text", "paysupport_text": "optional_text",
}
CLEAR = "-"
_MONEY = re.compile(r"^(\d{1,12})(?:[.,](\d{1,2}))?$")
PRESETS_MAX = 8


def parse_money(text: str, key: str) -> int:
    match = _MONEY.match(text.strip().lstrip("$"))
    if not match:
        raise InvalidInput(field=key, reason="money_format")
    return int(match.group(1)) * 100 + int((match.group(2) or "").ljust(2, "0"))


def parse(key: str, text: str) -> Any:
    """The typed value for `key` from what an admin sent; InvalidInput names the key."""
    kind = EDITABLE.get(key)
    if kind is None:
        raise InvalidInput(field=key, reason="unknown")
    text = (text or "").strip()
    if kind == "money":
        return parse_money(text, key)
    if kind == "money_list":
        parts = [part for part in re.split(r"[\s;]+|,\s+", text) if part]
        if not 1 <= len(parts) <= PRESETS_MAX:
            raise InvalidInput(field=key, reason="money_list")
        return [parse_money(part, key) for part in parts]
    if kind == "asset_list":
        return _parse_assets(text, key)
    if kind == "int":
        if not re.fullmatch(r"-?\d{1,12}", text):
            raise InvalidInput(field=key, reason="whole_number")
        return int(text)
    if kind == "bool":
        return _parse_bool(text, key)
    if kind == "chat":
        if text == CLEAR:
            return None
        if not re.fullmatch(r"-?\d{1,16}", text):
            raise InvalidInput(field=key, reason="chat_id")
        return int(text)
    if kind == "optional_text" and text == CLEAR:
        return ""
    return text


# The assets Crypto Pay accepts for invoices (its docs; JET exists on the testnet only).
CRYPTO_ASSETS = ("USDT", "TON", "SOL", "BTC", "LTC", "ETH", "BNB", "TRX", "USDC", "SEND", "XAUT",
                 "JET")


def _parse_assets(text: str, key: str) -> list[str]:
    codes = list(dict.fromkeys(part.upper() for part in re.split(r"[\s,;]+", text) if part))
    if not codes or any(code not in CRYPTO_ASSETS for code in codes):
        raise InvalidInput(field=key, reason="assets")
    return codes


def _parse_bool(text: str, key: str) -> bool:
    lowered = text.lower()
    if lowered in ("on", "yes", "true", "1"):
        return True
    if lowered in ("off", "no", "false", "0"):
        return False
    raise InvalidInput(field=key, reason="on_off")


async def change(by: Actor, key: str, value: Any) -> ShopSettings:
    """An admin's change: validated, stored and written to the audit log together. Refused
    without the settings role (the content role may change the shop's images, CONTENT_KEYS)."""
    if key not in SETTING_KEYS:
        raise InvalidInput(field=key, reason="unknown")
    if not (key in CONTENT_KEYS and by.holds(CONTENT)):
        staff.require(by, SETTINGS)
    admin_id = by.id
    before = getattr(await load(), key)
    async with in_transaction():
        updated = await update(key, value)
        await audit.record(admin_id, "settings.update", key, before=before, after=getattr(updated, key))
    return updated


async def toggle(by: Actor, key: str) -> ShopSettings:
    if EDITABLE.get(key) != "bool":
        raise InvalidInput(field=key, reason="not_a_switch")
    return await change(by, key, not getattr(await load(), key))
