"""The shop folder: overrides by relative path, locale keys one by one, eject records and the
warnings an upgrade earns, settings and data inside the folder."""

from __future__ import annotations

import shutil

import pytest

from nanostore import shop_overrides
from nanostore.config import ConfigError, load_settings
from nanostore.content import BUILTIN_CONTENT
from nanostore.shop_folder import ShopFolder, ShopFolderError
from nanostore.shop_init import init_shop
from nanostore.shop_overrides import EjectError, drift, eject
from nanostore.ui import Registry
from nanostore.ui.i18n import Translator, load_locales
from nanostore.ui.jinja import make_environment
from nanostore.ui.source import screen_files


@pytest.fixture
def shop(tmp_path) -> ShopFolder:
    init_shop(tmp_path / "shop")
    return ShopFolder(tmp_path / "shop")


@pytest.fixture
def builtin_copy(tmp_path, monkeypatch):
    """A built-in content folder the test may change, as an upgrade would."""
    copy = tmp_path / "builtin"
    shutil.copytree(BUILTIN_CONTENT / "screens", copy / "screens")
    monkeypatch.setattr(shop_overrides, "BUILTIN_CONTENT", copy)
    return copy


def test_settings_read_the_shop_folders_env_and_keep_data_inside(shop, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (shop.root / ".env").write_text("ADMIN_IDS=7\nDATABASE_URL=sqlite://data/my.db\n")
    settings = load_settings(NANOSTORE_SHOP=str(shop.root))
    assert settings.admin_ids == {7}
    assert settings.database_url == f"sqlite://{shop.root / 'data' / 'my.db'}"
    assert settings.screen_folders == (shop.root / "screens", BUILTIN_CONTENT / "screens")


def test_a_missing_shop_folder_is_one_clear_line(tmp_path):
    with pytest.raises(ConfigError) as refused:
        load_settings(NANOSTORE_SHOP=str(tmp_path / "gone"))
    assert refused.value.lines == [f"the shop folder {tmp_path / 'gone'} does not exist; "
                                   f"create one with `nanostore init {tmp_path / 'gone'}`"]


def test_init_refuses_a_folder_with_files(shop):
    with pytest.raises(ShopFolderError, match="is not empty"):
        init_shop(shop.root)
    assert (shop.root / ".env.example").read_text().startswith("# Copy to .env")


def test_a_shop_screen_replaces_the_builtin_one_of_the_same_name(shop):
    (shop.root / "screens" / "menu.yaml").write_text("dialog: menu\n")
    (shop.root / "screens" / "about.yaml").write_text("dialog: about\n")
    files = screen_files((shop.root / "screens", BUILTIN_CONTENT / "screens"))
    by_name = {path.name: path for path in files}
    assert by_name["menu.yaml"] == shop.root / "screens" / "menu.yaml"
    assert by_name["about.yaml"] == shop.root / "screens" / "about.yaml"
    assert by_name["cart.yaml"] == BUILTIN_CONTENT / "screens" / "cart.yaml"
    assert len(files) == len(list((BUILTIN_CONTENT / "screens").glob("*.yaml"))) + 1


def test_locale_keys_override_one_by_one_and_templates_by_path(shop):
    (shop.root / "locales" / "en" / "messages" / "menu.yaml").write_text('menu:\n  enter: "Come in"\n')
    (shop.root / "locales" / "en" / "menu").mkdir()
    (shop.root / "locales" / "en" / "menu" / "welcome.j2").write_text("Hello {{ name }}!\nBye.")
    folders = (shop.root / "locales", BUILTIN_CONTENT / "locales")
    env = make_environment(folders, Registry())
    t = Translator(load_locales(folders, "en"), env).for_language("en")
    assert (t("menu.enter"), t("menu.shop")) == ("Come in", "🛍 Shop")  # the rest stays built-in
    assert Translator(load_locales(folders, "en"), env).for_language("ru")("menu.enter") != "Come in"
    assert env.get_template("en/menu/welcome.j2").render(name="Ann") == "Hello Ann!\nBye."


def test_a_key_twice_in_one_folder_is_still_a_mistake(shop):
    messages = shop.root / "locales" / "en" / "messages"
    (messages / "a.yaml").write_text("menu:\n  enter: A\n")
    (messages / "b.yaml").write_text("menu:\n  enter: B\n")
    with pytest.raises(Exception, match="key 'menu.enter' is defined twice"):
        load_locales((shop.root / "locales", BUILTIN_CONTENT / "locales"), "en")


def test_eject_copies_and_refuses_to_overwrite_or_guess(shop):
    copied = eject(shop, "screens/menu.yaml")
    assert copied.read_bytes() == (BUILTIN_CONTENT / "screens" / "menu.yaml").read_bytes()
    with pytest.raises(EjectError, match="already exists"):
        eject(shop, "screens/menu.yaml")
    with pytest.raises(EjectError, match=r"did you mean screens/menu\.yaml\?"):
        eject(shop, "screens/menus.yaml")
    with pytest.raises(EjectError, match="give a path inside the built-in content"):
        eject(shop, "../../etc/passwd")
    assert drift(shop) == []


def test_check_warns_when_an_upgrade_changed_or_removed_an_ejected_builtin(shop, builtin_copy):
    eject(shop, "screens/menu.yaml")
    eject(shop, "screens/cart.yaml")
    eject(shop, "screens/wallet.yaml")
    (builtin_copy / "screens" / "menu.yaml").write_text("dialog: menu  # upgraded\n")
    (builtin_copy / "screens" / "cart.yaml").unlink()
    (shop.root / "screens" / "wallet.yaml").unlink()  # the shop went back to the built-in one
    lines = [str(found) for found in drift(shop)]
    assert len(lines) == 2
    assert lines[0].startswith("warning: screens/cart.yaml: overrides a built-in file that no "
                               "longer exists")
    assert lines[1].startswith("warning: screens/menu.yaml: the built-in file changed since it "
                               "was ejected")
    assert "nanostore eject --diff screens/menu.yaml" in lines[1]
    diff = shop_overrides.builtin_diff(shop, "screens/menu.yaml")
    assert "+++ shop/screens/menu.yaml" in diff and "-dialog: menu  # upgraded" in diff


def test_a_damaged_eject_record_is_ignored(shop):
    eject(shop, "screens/menu.yaml")
    (shop.root / ".nanostore" / "ejected.json").write_text("{not json")
    assert drift(shop) == []
    eject(shop, "screens/cart.yaml")  # and rewritten on the next eject
    assert set(shop_overrides.read_records(shop)) == {"screens/cart.yaml"}
