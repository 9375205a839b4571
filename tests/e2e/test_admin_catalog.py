"""Categories as an admin manages them: create (with and without emoji), edit, banner, order,
visibility, delete with confirmation, and the refusals for bad input and customers."""

from __future__ import annotations

from nanostore.db.models import AuditEntry, Category
from nanostore.services import categories
from tests.fixtures.admin_catalog import labels, open_catalog, snapshot


async def test_create_category_with_emoji_then_without(shop):
    admin = await open_catalog(shop)
    assert "No categories yet" in admin.screen.text
    await admin.tap("➕ New category")
    await admin.send("Games")
    assert "Send an emoji for «Games»" in admin.screen.text
    await admin.send("🎮")
    assert "🎮 Games" in admin.screen.text and "Products: 0" in admin.screen.text
    await admin.tap("⬅️ Back")
    await admin.tap("➕ New category")
    await admin.send("Software")
    await admin.tap("⏭ Skip emoji")
    assert "Software" in admin.screen.text
    rows = await Category.all().order_by("sort_order").values_list("name", "emoji")
    assert rows == [("Games", "🎮"), ("Software", "")]
    assert await AuditEntry.filter(action="category.create", admin_id=9000).count() == 2


async def test_double_tap_on_skip_creates_one_category(shop):
    admin = await open_catalog(shop)
    await admin.tap("➕ New category")
    await admin.send("Games")
    asking = snapshot(admin)
    await admin.tap("⏭ Skip emoji")
    await admin.tap("⏭ Skip emoji", message=asking)
    assert await Category.all().count() == 1


async def test_bad_names_and_a_photo_instead_of_text_save_nothing(shop):
    admin = await open_catalog(shop)
    await admin.tap("➕ New category")
    await admin.send_photo(b"not a name")
    assert "Please send it as a text message." in admin.screen.text
    await admin.send("x" * 200)
    assert "The name must be 1 to 128 characters." in admin.screen.text
    await admin.send("Games")
    await admin.send("🎮" * 20)
    assert "The emoji must be at most 16 characters." in admin.screen.text
    assert await Category.all().count() == 0
    await admin.send("🎮")
    assert await Category.all().count() == 1


async def test_edit_name_emoji_banner_and_visibility(shop):
    await categories.create("Games", "🎮")
    admin = await open_catalog(shop)
    await admin.tap("🟢 🎮 Games (0)")
    await admin.tap("✏️ Name")
    await admin.send("Video games")
    assert "Video games" in admin.screen.text
    await admin.tap("😀 Emoji")
    await admin.tap("🚫 No emoji")
    await admin.tap("🖼 Banner")
    await admin.send("not a photo")
    assert "Please send the banner as a photo" in admin.screen.text
    await admin.send_photo(b"banner")
    assert admin.screen.media_kind == "photo" and "Banner: 🖼 set" in admin.screen.text
    await admin.tap("🙈 Hide")
    assert "hidden from customers" in admin.screen.text
    category = await Category.get(name="Video games")
    assert (category.emoji, category.is_active) == ("", False) and category.image_file_id
    await admin.tap("⬅️ Back")
    assert "⚪️  Video games (0)" in labels(admin)


async def test_move_up_and_down(shop):
    for name in ("A", "B", "C"):
        await categories.create(name)
    admin = await open_catalog(shop)
    await admin.tap("🟢  C (0)")
    await admin.tap("⬆️ Move up")
    await admin.tap("⬆️ Move up")
    await admin.tap("⬆️ Move up")  # already first: nothing changes
    assert [c.name for c in await categories.list_all()] == ["C", "A", "B"]
    await admin.tap("⬇️ Move down")
    assert [c.name for c in await categories.list_all()] == ["A", "C", "B"]


async def test_delete_empty_category_with_confirmation_and_double_tap(shop):
    await categories.create("Old")
    admin = await open_catalog(shop)
    await admin.tap("🟢  Old (0)")
    await admin.tap("🗑 Delete")
    assert "cannot be undone" in admin.screen.text
    confirm = snapshot(admin)
    await admin.tap("🗑 Yes, delete")
    await admin.tap("🗑 Yes, delete", message=confirm)
    assert await Category.all().count() == 0
    assert "No categories yet" in admin.screen.text
    assert await AuditEntry.filter(action="category.delete").count() == 1


async def test_category_with_products_offers_hiding_instead(shop):
    from tests.fixtures.ledger import product

    games = await categories.create("Games")
    await product(category_id=games.id)
    admin = await open_catalog(shop)
    await admin.tap("🟢  Games (1)")
    await admin.tap("🗑 Delete")
    assert "still has 1 products" in admin.screen.text
    assert "🗑 Yes, delete" not in labels(admin)
    await admin.tap("🙈 Hide it instead")
    assert not (await Category.get(id=games.id)).is_active
