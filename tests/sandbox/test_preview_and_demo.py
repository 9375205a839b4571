"""`nanostore preview` shows every window; the demo shop loads once however often it runs."""

from __future__ import annotations

from nanostore.bot.screens import LOCALES_DIR, SCREENS_DIR, load_shop_bundle
from nanostore.cli import main
from nanostore.db.models import Category, Coupon, DeliveryItem, PaymentMethod, Product
from nanostore.sandbox.demo import load_demo
from nanostore.sandbox.demo_catalog import CATEGORIES
from nanostore.sandbox.preview import write_preview
from nanostore.services import settings


def test_preview_page_has_every_window_of_every_dialog(tmp_path):
    output = tmp_path / "docs" / "preview.html"
    assert write_preview(output, SCREENS_DIR, LOCALES_DIR).startswith(f"wrote {output}")
    page = output.read_text(encoding="utf-8")
    bundle = load_shop_bundle(SCREENS_DIR, LOCALES_DIR)
    for name, dialog in bundle.dialogs.items():
        assert f'<section class="dialog" id="{name}">' in page
        for window in dialog.windows:
            assert f'<article class="window" id="{name}:{window}">' in page
    assert "Welcome to NanoStore, Ann!" in page  # menu's preview_data rendered
    assert 'id="transitions"' in page and ("digraph" in page or "data:image/svg+xml" in page)


async def _counts() -> tuple[int, ...]:
    return (await Category.all().count(), await Product.all().count(),
            await DeliveryItem.all().count(), await PaymentMethod.all().count(),
            await Coupon.all().count())


async def test_demo_loads_once(db):
    first = await load_demo()
    assert "created category Games" in first.lines()
    counts = await _counts()
    assert counts == (len(CATEGORIES), sum(len(c.products) for c in CATEGORIES), 8, 1, 1)
    assert (await load_demo()).lines() == ["the demo shop was already loaded"]
    assert await _counts() == counts
    steam = await Product.get(name="Steam key")
    assert steam.stock == 5 and (await Product.get(name="Icon pack")).stock_mode == "unlimited"
    assert (await settings.load()).bot_name == "NanoStore Demo"
    assert await Category.filter(image_file_id__not_isnull=True).count() == 0


async def test_demo_in_the_sandbox_gives_categories_banners(db):
    uploads = []
    await load_demo(lambda png: uploads.append(png) or f"file-{len(uploads)}")
    await load_demo(lambda png: uploads.append(png) or f"file-{len(uploads)}")
    assert all(png.startswith(b"\x89PNG") for png in uploads)
    # Re-uploaded on the second run (a new emulator), still one category each.
    assert sorted(await Category.all().values_list("image_file_id", flat=True)) == ["file-4", "file-5", "file-6"]


def test_demo_command_on_a_sqlite_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{tmp_path / 'shop.db'}")
    assert main(["demo"]) == 0 and "created coupon WELCOME10" in capsys.readouterr().out
    assert main(["demo"]) == 0 and "already loaded" in capsys.readouterr().out
