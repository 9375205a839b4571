"""A validated set of screens and locales, ready to compile into dialogs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from jinja2 import Environment

from nanostore.ui.i18n import Locales, Translator
from nanostore.ui.jinja import CompiledTexts
from nanostore.ui.layers import Folders
from nanostore.ui.registry import Names, Registry
from nanostore.ui.schema import DialogSpec

# A Registry, to run the screens; a Catalogue of names only checks them (catalogue.py).
R = TypeVar("R", bound=Names)


@dataclass
class ScreenBundle(Generic[R]):
    dialogs: dict[str, DialogSpec]
    files: dict[str, str]  # dialog name -> screen file as shown in problems
    trees: dict[str, Any]  # dialog name -> YAML tree with positions
    locales: Locales
    env: Environment
    texts: CompiledTexts
    translator: Translator
    registry: R
    media_dirs: tuple[Path, ...] = ()  # where `media: {path: ...}` files are, highest first

    @property
    def default_locale(self) -> str:
        return self.locales.default


def load_bundle(screens_dir: Folders, locales_dir: Folders, registry: Registry, *,
                default_locale: str = "en", strict: bool = False,
                check_previews: bool = True, media_dir: Folders | None = None) -> ScreenBundle[Registry]:
    """Parse and validate everything; raise ScreenErrors listing every problem found."""
    from nanostore.ui.check import inspect_screens
    from nanostore.ui.problems import ScreenErrors

    result = inspect_screens(screens_dir, locales_dir, registry,
                             default_locale=default_locale, strict=strict,
                             check_previews=check_previews, media_dir=media_dir)
    if result.problems:
        raise ScreenErrors(result.problems)
    assert result.bundle is not None
    return result.bundle
