import pytest

from nanostore.db.models import Category, Product, ScreenContent
from nanostore.services import content
from nanostore.services import settings as shop_settings
from nanostore.services.errors import InvalidInput


async def store_global_image(file_id: str) -> None:
    await shop_settings.update("global_image_file_id", file_id)


async def test_overrides_are_set_read_and_cleared_independently(db):
    assert await content.get("shop") == content.Override("shop")
    await content.set_image("shop", "img-1")
    await content.set_text("shop", "<b>Our shop</b>")
    assert await content.get("shop") == content.Override("shop", "img-1", "<b>Our shop</b>")
    await content.clear_image("shop")
    assert await content.get("shop") == content.Override("shop", None, "<b>Our shop</b>")
    await content.clear_text("shop")
    assert await content.get("shop") == content.Override("shop")


async def test_unknown_screen_and_bad_values_are_refused(db):
    with pytest.raises(InvalidInput):
        await content.set_image("shopp", "img")
    with pytest.raises(InvalidInput):
        await content.get("nope")
    with pytest.raises(InvalidInput):
        await content.set_text("shop", "x" * 4001)
    with pytest.raises(InvalidInput):
        await content.set_text("shop", "   ")
    with pytest.raises(InvalidInput):
        await content.set_image("shop", "")
    assert await ScreenContent.all().count() == 0


async def test_image_priority_screen_then_banner_then_settings(db):
    await store_global_image("settings-img")
    settings = await shop_settings.load()
    assert await content.resolve_image("cart", settings) == "settings-img"
    await content.set_image(content.GLOBAL, "banner")
    assert await content.resolve_image("cart", settings) == "banner"
    await content.set_image("cart", "cart-img")
    assert await content.resolve_image("cart", settings) == "cart-img"
    assert await content.resolve_image("wallet", settings) == "banner"
    await content.set_text(content.GLOBAL, "text only")  # a text does not hide the banner
    assert await content.resolve_image("wallet", settings) == "banner"


async def test_no_image_anywhere_is_none(db):
    assert await content.resolve_image("shop", await shop_settings.load()) is None


async def test_images_switched_off_show_none(db):
    await content.set_image("cart", "cart-img")
    settings = await shop_settings.update("images_enabled", False)
    assert await content.resolve_image("cart", settings) is None


async def test_forget_image_clears_every_place_and_reports_it(db):
    await content.set_image("shop", "bad")
    await content.set_image(content.GLOBAL, "bad")
    await content.set_image("cart", "good")
    await content.set_text("wallet", "keep me")
    await store_global_image("bad")
    category = await Category.create(name="Keys", image_file_id="bad")
    other = await Category.create(name="Other", image_file_id="good")
    product = await Product.create(category=category, name="Key", price=100, image_file_id="bad")

    forgotten = await content.forget_image_everywhere("bad")

    assert forgotten.screens == ["global", "shop"] and forgotten.settings
    assert forgotten.categories == [category.id] and forgotten.products == [product.id]
    assert list(forgotten) == ["screen:global", "screen:shop", "settings:global_image_file_id",
                               f"category:{category.id}", f"product:{product.id}"]
    assert (await shop_settings.load()).global_image_file_id is None
    assert (await content.get("shop")).image_file_id is None
    assert (await content.get("cart")).image_file_id == "good"
    assert (await content.get("wallet")).text == "keep me"
    assert (await Category.get(id=other.id)).image_file_id == "good"
    assert (await Product.get(id=product.id)).image_file_id is None
    assert await content.resolve_image("shop", await shop_settings.load()) is None


async def test_forgetting_an_unknown_file_changes_nothing(db):
    await store_global_image("good")
    forgotten = await content.forget_image_everywhere("bad")
    assert not forgotten and list(forgotten) == []
    assert (await shop_settings.load()).global_image_file_id == "good"


async def test_screen_looks_are_cached_but_a_local_change_shows_at_once(db, monkeypatch):
    settings = await shop_settings.load()
    await content.set_text("shop", "first")
    assert (await content.look("shop", settings)).text == "first"
    # Another instance's write (straight to the table) is not seen within the cache window...
    await ScreenContent.filter(screen="shop").update(text="elsewhere")
    assert (await content.look("shop", settings)).text == "first"
    # ...and is seen once the window has passed.
    monkeypatch.setattr(shop_settings, "CACHE_SECONDS", 0.0)
    assert (await content.look("shop", settings)).text == "elsewhere"
    monkeypatch.undo()
    # A change made through this service is seen at once, cache or not.
    await content.set_image("shop", "img-2")
    assert (await content.look("shop", settings)).image_file_id == "img-2"
    assert await content.resolve_image("shop", settings) == "img-2"


async def test_forgetting_a_dead_image_clears_the_cached_look(db):
    settings = await shop_settings.load()
    await content.set_image("cart", "dead-id")
    assert (await content.look("cart", settings)).image_file_id == "dead-id"
    await content.forget_image_everywhere("dead-id")
    assert (await content.look("cart", settings)).image_file_id is None
