"""Products as an admin manages them: the create wizard with its refusals, every edit of the
card, FAQs, media, delivery items (lines, a key file, files), and delete with confirmation."""

from __future__ import annotations

from nanostore.db.models import AuditEntry, DeliveryItem, Product, ProductFaq, ProductMedia
from nanostore.db.models.enums import DeliveryType, ItemKind, StockMode
from tests.fixtures.admin_catalog import labels, open_category, open_product, snapshot


async def test_create_wizard_with_bad_inputs_saves_only_the_good_product(shop):
    admin, category = await open_category(shop)
    assert "No products here yet" in admin.screen.text
    await admin.tap("➕ New product")
    await admin.send_photo(b"x")
    assert "Please send it as a text message." in admin.screen.text
    await admin.send("Game key")
    await admin.send("<b>Instant delivery")
    assert "one left open: <b>" in admin.screen.text  # Telegram would refuse the card
    await admin.send("<b>Instant</b> delivery")
    for bad in ("abc", "-5", "0"):
        await admin.send(bad)
        assert "The price must be an amount above zero, like 12.50" in admin.screen.text, bad
        assert "Step 3 of 4" in admin.screen.text
    await admin.send("12.50")
    await admin.send("-3")
    assert "The stock must be a whole number, 0 or more" in admin.screen.text
    assert await Product.all().count() == 0
    await admin.send("7")
    product = await Product.get(name="Game key")
    assert (product.price, product.stock_mode, product.stock) == (1250, StockMode.COUNTED, 7)
    assert product.description == "<b>Instant</b> delivery"
    assert "Game key" in admin.screen.text and "$12.50" in admin.screen.text
    assert await AuditEntry.filter(action="product.create", target=str(product.id)).exists()


async def test_double_tap_on_unlimited_creates_one_product(shop):
    admin, category = await open_category(shop)
    await admin.tap("➕ New product")
    await admin.send("Key")
    await admin.tap("⏭ Skip")
    await admin.send("5")
    asking = snapshot(admin)
    await admin.tap("♾ Unlimited")
    await admin.tap("♾ Unlimited", message=asking)
    assert await Product.all().count() == 1
    assert (await Product.get(name="Key")).stock_mode == StockMode.UNLIMITED


async def test_edit_fields_stock_modes_and_toggles(shop):
    admin, product = await open_product(shop)
    await admin.tap("💰 Price")
    await admin.send("0")
    assert "The price must be an amount above zero" in admin.screen.text
    await admin.send("20")
    await admin.tap("✏️ Name")
    await admin.send("Steam key")
    await admin.tap("⭐ Stars price")
    await admin.send("many")
    assert "whole number above zero" in admin.screen.text
    await admin.send("150")
    await admin.tap("📦 Stock")
    await admin.send("-1")
    assert "The stock must be a whole number" in admin.screen.text
    await admin.send("4")
    assert "\n📦 Stock: 4\n🚚 Delivery" in admin.screen.text
    await admin.tap("📦 Stock")
    await admin.tap("❌ Out of stock")
    assert "out of stock" in admin.screen.text
    await admin.tap("🚚 Delivery: ✋ manual")
    await admin.tap("🔓 Protected: off")
    await admin.tap("🙈 Hide")
    await admin.tap("🖼 Image")
    await admin.send("text")
    assert "Please send the image as a photo" in admin.screen.text
    await admin.send_photo(b"img")
    assert admin.screen.media_kind == "photo"
    saved = await Product.get(id=product.id)
    assert (saved.name, saved.price, saved.stars_price) == ("Steam key", 2000, 150)
    assert (saved.stock_mode, saved.stock) == (StockMode.COUNTED, 0)
    assert saved.delivery_type == DeliveryType.AUTO and saved.protect_content
    assert not saved.is_active and saved.image_file_id
    assert "Steam key" in admin.screen.text and "⭐ 150 Stars" in admin.screen.text


async def test_delivery_items_from_lines_key_file_and_files(shop):
    admin, product = await open_product(shop, stock=0, delivery_type=DeliveryType.AUTO)
    await admin.tap("🔑 Items (0 left)")
    await admin.send("AAA-1\n\nBBB-2\nCCC-3")
    assert "Added 3 items" in admin.screen.text and "Left to deliver: 3" in admin.screen.text
    await admin.send_document("keys.csv", b"DDD-4,note\nEEE-5\n")
    assert "Added 2 items" in admin.screen.text
    await admin.send_document("manual.pdf", b"%PDF")
    assert "Only .txt or .csv files can hold a list of keys" in admin.screen.text
    await admin.send_photo(b"x")
    assert "Please send keys as text, or a .txt / .csv file." in admin.screen.text
    await admin.tap("📎 Add files instead")
    await admin.send_document("manual.pdf", b"%PDF")
    assert "Added 1 item." in admin.screen.text
    items = await DeliveryItem.filter(product_id=product.id).order_by("id")
    assert [item.content for item in items[:5]] == ["AAA-1", "BBB-2", "CCC-3", "DDD-4", "EEE-5"]
    assert items[5].kind == ItemKind.FILE and items[5].file_name == "manual.pdf"
    assert (await Product.get(id=product.id)).stock == 6  # counted stock grows with the pool
    await admin.tap("⬅️ Back")
    assert "6 items left" in admin.screen.text


async def test_faqs_add_edit_delete(shop):
    admin, product = await open_product(shop)
    await admin.tap("❓ FAQs (0)")
    await admin.tap("➕ Add a question")
    await admin.send("How to activate?")
    await admin.send("Open Steam.")
    await admin.tap("❓ How to activate?")
    await admin.tap("💬 Answer")
    await admin.send("Open Steam, then Games.")
    assert "Open Steam, then Games." in admin.screen.text
    assert (await ProductFaq.get(product_id=product.id)).answer == "Open Steam, then Games."
    await admin.tap("🗑 Delete")
    await admin.tap("🗑 Yes, delete")
    assert await ProductFaq.filter(product_id=product.id).count() == 0
    await admin.tap("⬅️ Back")
    assert "❓ FAQs (0)" in labels(admin)


async def test_media_add_and_remove(shop):
    admin, product = await open_product(shop)
    await admin.tap("🎞 Media (0)")
    await admin.tap("➕ Add media")
    await admin.send("hello")
    assert "Please send a video, a file, a voice note or a photo." in admin.screen.text
    await admin.send_document("guide.pdf", b"%PDF")
    media = await ProductMedia.get(product_id=product.id)
    assert media.kind == "document"
    await admin.tap(next(label for label in labels(admin) if label.startswith("📄")))
    await admin.tap("🗑 Remove")
    await admin.tap("🗑 Yes, remove")
    assert await ProductMedia.filter(product_id=product.id).count() == 0


async def test_delete_product_with_confirmation_and_double_tap(shop):
    admin, product = await open_product(shop)
    await admin.tap("🗑 Delete")
    assert "Delete «Game key»?" in admin.screen.text
    confirm = snapshot(admin)
    await admin.tap("🗑 Yes, delete")
    await admin.tap("🗑 Yes, delete", message=confirm)
    assert not await Product.exists(id=product.id)
    assert "No products here yet" in admin.screen.text
    assert await AuditEntry.filter(action="product.delete").count() == 1
