"""Shop settings an admin can change in the bot: typed defaults, validated writes, a tiny cache.

Every key has a default here, so a fresh shop works before anyone opens the settings screen.
Reads are cached for a couple of seconds per process: a screen must not cost a query for
settings, and a change made on another instance shows within that window.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from nanostore.db.models import Setting

from .errors import InvalidInput

CACHE_SECONDS = 2.0


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
    referral_reward: int = Field(default=0, ge=0)
    stars_per_unit: int = Field(default=0, ge=0)  # Stars per 100 minor units; 0 = Stars off unless a product sets a price
    low_stock_threshold: int = Field(default=3, ge=0)
    images_enabled: bool = True  # global UI image toggle
    global_image_file_id: str | None = None
    auto_delete_seconds: int = Field(default=0, ge=0, le=86_400)
    maintenance: bool = False
    maintenance_text: str = Field(default="", max_length=1024)
    log_channel_id: int | None = None
    proofs_channel_id: int | None = None
    terms_text: str = Field(default="", max_length=4000)
    paysupport_text: str = Field(default="", max_length=4000)


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
        raise InvalidInput(field=key, reason=error.errors()[0]["msg"]) from None
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
