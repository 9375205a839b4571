"""The shop's catalogue: every name its screens may use, read without importing the bot.

`nanostore check` and `nanostore catalogue` work from nanostore/catalogue.json, which
`nanostore catalogue --write` regenerates from the live registry (and a test keeps current).
Nothing here imports aiogram or the database: that is the point of the file. In particular not
`nanostore.bot`, whose package keeps aiogram's response classes loaded.
"""

from __future__ import annotations

from pathlib import Path

from nanostore.content import BUILTIN_CONTENT
from nanostore.getters.formatting import register_filters
from nanostore.ui.catalogue import Catalogue
from nanostore.ui.input_types import BUILTIN_INPUT_TYPES

CATALOGUE_FILE = Path(__file__).resolve().parent / "catalogue.json"
REGENERATE = "nanostore catalogue --write"


def shop_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """The names, with the real filters (previews render with them) and the built-in input types."""
    catalogue = Catalogue.from_json(path.read_text(encoding="utf-8"))
    register_filters(catalogue)
    for name in BUILTIN_INPUT_TYPES:
        catalogue.add("input_type", name)
    return catalogue


def fresh_catalogue_json() -> str:
    """What `nanostore catalogue --write` writes; imports every feature module (and aiogram)."""
    from nanostore.bot.screens import shop_registry

    return Catalogue.from_registry(shop_registry()).to_json()


def check_shop_screens(screens_dir=BUILTIN_CONTENT / "screens", locales_dir=BUILTIN_CONTENT / "locales",
                       default_locale: str = "en", *, media_dir=None,
                       only: list[Path] | None = None) -> list[str]:
    """Every problem of the screens and locales, one line each (folders as check_screens takes);
    with `only`, those of the given files and of what refers to them."""
    from nanostore.ui.check import inspect_screens

    result = inspect_screens(screens_dir, locales_dir, shop_catalogue(), media_dir=media_dir,
                             default_locale=default_locale, only=only)
    return [str(problem) for problem in result.problems]


def shop_json_schema() -> dict:
    """The screen format's JSON Schema offering the shop's names (docs/screens.schema.json)."""
    from nanostore.ui.schema_export import screen_json_schema

    return screen_json_schema(shop_catalogue())
