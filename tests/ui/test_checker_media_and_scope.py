"""`media: {path: ...}` files are checked in the media folders; `only=` narrows a check to
some files and the problems they cause elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nanostore.shop_catalogue import shop_catalogue
from nanostore.ui import Registry, check_screens, load_bundle
from nanostore.ui.media_files import find_media

BROKEN_LOCALES = Path(__file__).parent / "fixtures" / "broken" / "_locales"


def media_shop(root: Path, path: str) -> None:
    (root / "screens").mkdir()
    (root / "screens" / "about.yaml").write_text(
        f"dialog: about\nwindows:\n  main:\n    text: hi\n    media: {{type: photo, path: \"{path}\"}}\n"
        "    preview_data: {picture: logo.png}\n")
    (root / "media" / "shop").mkdir(parents=True)
    (root / "media" / "shop" / "about.png").write_bytes(b"png")
    (root / "builtin").mkdir()
    (root / "builtin" / "logo.png").write_bytes(b"png")


def check_media(root: Path, media_dir=None) -> list[str]:
    return [str(p) for p in check_screens(Path("screens"), BROKEN_LOCALES, Registry(), media_dir=media_dir)]


@pytest.mark.parametrize("path", ["shop/about.png", "media/shop/about.png", "logo.png", "{{ picture }}"])
def test_media_paths_that_exist_are_clean(tmp_path, monkeypatch, path):
    media_shop(tmp_path, path)
    monkeypatch.chdir(tmp_path)
    assert check_media(tmp_path, [Path("media"), Path("builtin")]) == []


def test_a_missing_media_file_is_reported_with_the_closest_file(tmp_path, monkeypatch):
    media_shop(tmp_path, "shop/abuot.png")
    monkeypatch.chdir(tmp_path)
    assert check_media(tmp_path, [Path("media"), Path("builtin")]) == [
        "screens/about.yaml:5:32: windows.main.media.path: media file 'shop/abuot.png' not found "
        "in media, builtin (did you mean 'shop/about.png'?)"]


def test_media_defaults_to_the_folder_beside_screens(tmp_path, monkeypatch):
    media_shop(tmp_path, "shop/about.png")
    monkeypatch.chdir(tmp_path)
    assert check_media(tmp_path) == []
    bundle = load_bundle(Path("screens"), BROKEN_LOCALES, Registry())
    assert bundle.media_dirs == (Path("media"),)
    assert find_media(bundle.media_dirs, "media/shop/about.png") == (tmp_path / "media/shop/about.png").resolve()


def test_a_path_leaving_the_media_folder_is_not_found(tmp_path, monkeypatch):
    media_shop(tmp_path, "../screens/about.yaml")
    monkeypatch.chdir(tmp_path)
    assert "not found" in check_media(tmp_path, Path("media"))[0]


# --- only=[...] -------------------------------------------------------------------------------

def check_only(*only: str) -> list[str]:
    return [str(p) for p in check_screens(Path("screens"), Path("locales"), shop_catalogue(),
                                          only=[Path(path) for path in only])]


def rename_menu_dialog(root: Path) -> None:
    menu = root / "screens" / "menu.yaml"
    menu.write_text(menu.read_text(encoding="utf-8").replace("dialog: menu", "dialog: main_menu", 1),
                    encoding="utf-8")


def test_only_a_screen_shows_the_screens_its_change_breaks(shipped_copy):
    rename_menu_dialog(shipped_copy)
    cart = shipped_copy / "screens" / "cart.yaml"
    cart.write_text(cart.read_text(encoding="utf-8") + "oops: 1\n", encoding="utf-8")
    problems = check_only("screens/menu.yaml")
    assert problems and all("unknown dialog 'menu'" in line for line in problems)
    assert not any(line.startswith("screens/cart.yaml:") and "oops" in line for line in problems)
    assert any("oops" in line for line in check_only("screens/cart.yaml"))


def test_only_an_unrelated_file_hides_the_others(shipped_copy):
    rename_menu_dialog(shipped_copy)
    assert check_only("locales/en/menu/welcome.j2") == []


def test_only_a_messages_file_shows_the_keys_it_lost(shipped_copy):
    messages = sorted((shipped_copy / "locales" / "ru").rglob("*.yaml"))[0]
    text = messages.read_text(encoding="utf-8")
    one_string = next(line for line in text.splitlines() if re.match(r"^ +\w+: \"[^\"]*\"$", line))
    messages.write_text(text.replace(one_string + "\n", "", 1), encoding="utf-8")
    problems = check_only(str(messages.relative_to(shipped_copy)))
    assert problems and all("missing in ru" in line or "is missing in ru" in line for line in problems)


def test_only_a_template_shows_the_screens_using_it_when_it_is_gone(shipped_copy):
    (shipped_copy / "locales" / "ru" / "menu" / "welcome.j2").unlink()
    problems = check_only("locales/ru/menu/welcome.j2")
    assert problems and all("missing in ru" in line for line in problems)
    assert any(line.startswith("screens/menu.yaml:") for line in problems)
