"""The shop's screens: its registry (every getter/action module imported) and its bundle."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from nanostore import actions, getters
from nanostore.content import BUILTIN_CONTENT
from nanostore.getters.formatting import register_filters
from nanostore.shop_catalogue import check_shop_screens
from nanostore.ui import Registry, ScreenBundle, default_registry, load_bundle
from nanostore.ui.layers import Folders

SCREENS_DIR = BUILTIN_CONTENT / "screens"
LOCALES_DIR = BUILTIN_CONTENT / "locales"

__all__ = ["LOCALES_DIR", "SCREENS_DIR", "check_shop_screens", "load_shop_bundle", "shop_registry"]


@lru_cache(maxsize=1)
def shop_registry() -> Registry:
    """Import every feature module once; each registers its names into the default registry."""
    for package in (getters, actions):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    register_filters(default_registry)
    return default_registry


def load_shop_bundle(screens_dir: Folders = SCREENS_DIR, locales_dir: Folders = LOCALES_DIR, *,
                     default_locale: str = "en", strict: bool = False,
                     media_dir: Folders | None = None) -> ScreenBundle:
    """Raises ScreenErrors listing every problem: a broken screen never starts a half-working bot.
    Folders as load_bundle takes them: one, or a shop folder's own over the built-in ones."""
    return load_bundle(screens_dir, locales_dir, shop_registry(), default_locale=default_locale,
                       strict=strict, media_dir=media_dir)
