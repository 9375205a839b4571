"""Screen content an admin overrides in the bot: a picture and/or a text per screen, plus a
global banner shown where a screen has no picture of its own.

Customer screens read it on every render, so the (few) rows are cached per process for the
settings' couple of seconds: a change made here shows at once, one made on another instance
within that window.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from nanostore.db.models import Category, Product, ScreenContent
from nanostore.domain.staff import Actor

from . import settings as shop_settings
from . import staff
from .columns import column
from .errors import InvalidInput
from .settings import ShopSettings

SCREENS = ("welcome", "shop", "cart", "orders", "wallet", "support", "admin")
GLOBAL = "global"  # the banner: the fallback picture of every screen
TEXT_MAX = 4000
FILE_ID_MAX = 255
CONTENT = "content"  # the staff role that changes them


@dataclass(frozen=True)
class Override:
    screen: str
    image_file_id: str | None = None
    text: str | None = None


@dataclass
class ForgottenImage:
    screens: list[str] = field(default_factory=list)
    settings: bool = False
    categories: list[int] = field(default_factory=list)
    products: list[int] = field(default_factory=list)

    def __iter__(self) -> Iterator[str]:
        # Plain labels ("screen:shop", "product:5"), ready for a JSON notification payload.
        yield from (f"screen:{screen}" for screen in self.screens)
        if self.settings:
            yield "settings:global_image_file_id"
        yield from (f"category:{category_id}" for category_id in self.categories)
        yield from (f"product:{product_id}" for product_id in self.products)

    def __bool__(self) -> bool:
        return any(True for _ in self)


def _screen(screen: str) -> str:
    if screen not in SCREENS and screen != GLOBAL:
        raise InvalidInput(field="screen", reason="unknown")
    return screen


async def get(screen: str) -> Override:
    row = await ScreenContent.get_or_none(screen=_screen(screen))
    if row is None:
        return Override(screen)
    return Override(screen, row.image_file_id, row.text)


async def set_image(screen: str, file_id: str, *, by: Actor | None = None) -> None:
    if not file_id or len(file_id) > FILE_ID_MAX:
        raise InvalidInput(field="file_id", reason="length", max=FILE_ID_MAX)
    await _store(screen, by, image_file_id=file_id)


async def set_text(screen: str, text: str, *, by: Actor | None = None) -> None:
    if not text.strip() or len(text) > TEXT_MAX:
        raise InvalidInput(field="text", reason="length", min=1, max=TEXT_MAX)
    await _store(screen, by, text=text)


async def clear_image(screen: str, *, by: Actor | None = None) -> None:
    await _store(screen, by, image_file_id=None)


async def clear_text(screen: str, *, by: Actor | None = None) -> None:
    await _store(screen, by, text=None)


async def _store(screen: str, by: Actor | None, **values: str | None) -> None:
    staff.check(by, CONTENT)  # behind the screens' access: content
    await ScreenContent.update_or_create(screen=_screen(screen), defaults=values)
    forget_cached()


async def overrides() -> dict[str, Override]:
    """Every screen that has an override, by screen name, read now (not from the cache, so an
    admin sees another instance's change at once): at most len(SCREENS) + 1 rows, one query."""
    rows = await ScreenContent.all().values("screen", "image_file_id", "text")
    return {row["screen"]: Override(row["screen"], row["image_file_id"], row["text"]) for row in rows}


_cache: tuple[float, dict[str, Override]] | None = None


def forget_cached() -> None:
    global _cache
    _cache = None


async def _cached_overrides() -> dict[str, Override]:
    """`overrides()`, read again once the settings' cache window has passed."""
    global _cache
    now = time.monotonic()
    if _cache and now - _cache[0] < shop_settings.CACHE_SECONDS:
        return _cache[1]
    rows = await overrides()
    _cache = (now, rows)
    return rows


async def resolve_image(screen: str, settings: ShopSettings) -> str | None:
    """The screen's picture, else the banner, else the settings' global image; none at all
    while pictures are switched off in the settings."""
    if not settings.images_enabled:
        return None
    rows = await _cached_overrides()
    own, banner = rows.get(_screen(screen), Override(screen)), rows.get(GLOBAL, Override(GLOBAL))
    return own.image_file_id or banner.image_file_id or settings.global_image_file_id


@dataclass(frozen=True)
class ScreenLook:
    image_file_id: str | None
    text: str | None


async def look(screen: str, settings: ShopSettings) -> ScreenLook:
    """What a screen shows on top of its own words (from the cache, else one query): its picture
    (with the same fallbacks as resolve_image) and the admin's text override, if any."""
    rows = await _cached_overrides()
    own, banner = rows.get(_screen(screen), Override(screen)), rows.get(GLOBAL, Override(GLOBAL))
    image = None
    if settings.images_enabled:
        image = own.image_file_id or banner.image_file_id or settings.global_image_file_id
    return ScreenLook(image_file_id=image, text=own.text)


async def forget_image_everywhere(file_id: str) -> ForgottenImage:
    """Telegram called this file id invalid: stop showing it anywhere; returns where it was."""
    forgotten = ForgottenImage()
    async with in_transaction():
        forgotten.screens = sorted(await column(ScreenContent.filter(image_file_id=file_id), "screen"))
        await ScreenContent.filter(image_file_id=file_id).update(image_file_id=None)
        forgotten.categories = await _forget(Category, file_id)
        forgotten.products = await _forget(Product, file_id)
        forgotten.settings = await _forget_global_setting(file_id)
    forget_cached()
    if forgotten.settings:
        shop_settings.forget_cached()
    return forgotten


async def _forget_global_setting(file_id: str) -> bool:
    if (await shop_settings.load()).global_image_file_id != file_id:
        return False
    await shop_settings.update("global_image_file_id", None)
    return True


async def _forget(model: type[Category | Product], file_id: str) -> list[int]:
    ids = sorted(await column(model.filter(image_file_id=file_id), "id"))
    if ids:
        await model.filter(id__in=ids).update(image_file_id=None)
    return ids
