"""Messages split into one file per feature load as one set of keys; a key defined twice is an error."""

import pytest

from nanostore.ui.i18n import load_locales
from nanostore.ui.loader import YamlError


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_feature_files_merge_with_the_main_file(tmp_path):
    write(tmp_path / "en" / "messages.yaml", "common:\n  back: Back\n")
    write(tmp_path / "en" / "messages" / "cart.yaml", "cart:\n  title: Your cart\n")
    locales = load_locales(tmp_path, "en")
    assert set(locales.entries["en"]) == {"common.back", "cart.title"}


def test_a_key_defined_in_two_files_points_at_the_second(tmp_path):
    write(tmp_path / "en" / "messages.yaml", "cart:\n  title: Cart\n")
    write(tmp_path / "en" / "messages" / "cart.yaml", "cart:\n  title: Your cart\n")
    with pytest.raises(YamlError) as caught:
        load_locales(tmp_path, "en")
    assert caught.value.position.file.endswith("messages/cart.yaml")
    assert caught.value.position.line == 2
    assert "defined twice" in caught.value.message
