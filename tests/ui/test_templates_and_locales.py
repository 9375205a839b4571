"""Content changes need no Python: wording lives in templates and locale files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nanostore.ui import Registry, RegistryError
from nanostore.ui.i18n import Translator, load_locales
from nanostore.ui.jinja import make_environment
from tests.fixtures.ui_harness import GOOD, make_harness


async def test_editing_a_template_changes_the_screen(tmp_path):
    copy = tmp_path / "good"
    shutil.copytree(GOOD, copy)
    template = copy / "locales" / "en" / "menu" / "about.j2"
    template.write_text("<i>Who we are</i>, {{ name }}\n")
    shop = make_harness(copy / "screens", copy / "locales")
    await shop.start()
    assert (await shop.tap("About")).text == "<i>Who we are</i>, Ann"


def translator(tmp_path: Path) -> Translator:
    messages = {"en": "a:\n  b: 'B {{ x }}'\n  only_en: E\n", "ru": "a:\n  b: 'Б {{ x }}'\n"}
    for language, text in messages.items():
        (tmp_path / language).mkdir()
        (tmp_path / language / "messages.yaml").write_text(text)
    locales = load_locales(tmp_path, "en")
    return Translator(locales, make_environment(tmp_path, Registry()))


def test_missing_key_falls_back_to_default_locale(tmp_path):
    t = translator(tmp_path).for_language("ru")
    assert t("a.b", x="<1>") == "Б &lt;1&gt;"
    assert t("a.only_en") == "E"
    assert t("a.nowhere") == "a.nowhere"


def test_registry_refuses_duplicates_and_bad_names():
    registry = Registry()

    @registry.action("cart.add")
    async def add(ctx):
        return None

    with pytest.raises(RegistryError, match="already registered"):
        registry.action("cart.add")(add)
    with pytest.raises(RegistryError, match="feature.name"):
        registry.action("add")(add)
    with pytest.raises(RegistryError, match="async"):
        registry.getter("cart.items")(lambda dialog_manager: {})
    with pytest.raises(RegistryError, match="already registered"):
        registry.input_type("int")(int)
