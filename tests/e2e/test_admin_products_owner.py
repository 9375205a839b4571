"""Products as an owner reads them (issue 20): keys added to a manual product come with an
offer to deliver them automatically, one tap; double taps, stale screens and forged taps
change nothing more."""

from nanostore.db.models import AuditEntry, Product
from nanostore.db.models.enums import DeliveryType
from tests.e2e.test_admin_orders import customer, snapshot
from tests.e2e.test_admin_products import open_product

OFFER = ("🤖 Delivery is manual, so these items wait for you. Deliver these automatically? "
         "Each buyer then gets one the moment they pay.")


def callback_of(person, label: str) -> str:
    return next(button["callback_data"] for row in snapshot(person).reply_markup["inline_keyboard"]
                for button in row if button["text"] == label)


async def test_keys_added_to_a_manual_product_are_offered_automatic_delivery(shop):
    admin, product = await open_product(shop, stock=0)  # a new product is manual by default
    await admin.tap("🔑 Items (0 left)")
    assert admin.screen.text.split("\n")[2:4] == [
        "Left to deliver: 0",
        "✋ Delivery is manual for now. Once items are here, one tap makes it automatic."]
    assert "🤖 Yes, deliver automatically" not in admin.screen.labels
    await admin.send("AAA-1\nBBB-2")
    assert admin.screen.text.split("\n")[:6] == [
        "✅ Added 2 items.", "", "🔑 Delivery items of «Game key»", "", "Left to deliver: 2", OFFER]
    assert admin.screen.buttons[0] == ["🤖 Yes, deliver automatically"]
    offer = snapshot(admin)
    await admin.tap("🤖 Yes, deliver automatically")
    assert admin.screen.text.split("\n")[:7] == [
        "🤖 Delivery is automatic now: each buyer gets an item the moment they pay.", "",
        "🔑 Delivery items of «Game key»", "", "Left to deliver: 2", "",
        "Send keys or texts, one per line, or a .txt / .csv file with one per line (first column)."]
    assert "🤖 Yes, deliver automatically" not in admin.screen.labels
    assert (await Product.get(id=product.id)).delivery_type == DeliveryType.AUTO
    await admin.tap("🤖 Yes, deliver automatically", message=offer)  # stale double tap
    assert await AuditEntry.filter(action="product.delivery_type",
                                   target=str(product.id)).count() == 1


async def test_files_window_offers_it_too(shop):
    admin, product = await open_product(shop, stock=0)
    await admin.tap("🔑 Items (0 left)")
    await admin.tap("📎 Add files instead")
    await admin.send_document("guide.pdf", b"%PDF")
    assert OFFER in admin.screen.text
    await admin.tap("🤖 Yes, deliver automatically")
    assert (await Product.get(id=product.id)).delivery_type == DeliveryType.AUTO


async def test_a_customer_forging_the_switch_is_refused(shop):
    ann = await customer(shop)
    admin, product = await open_product(shop, stock=0)
    await admin.tap("🔑 Items (0 left)")
    await admin.send("AAA-1")
    forged = callback_of(admin, "🤖 Yes, deliver automatically")
    await ann._callback(ann.screen.message, forged)
    assert (await Product.get(id=product.id)).delivery_type == DeliveryType.MANUAL
    assert "automatic" not in (ann.screen.text or "")
