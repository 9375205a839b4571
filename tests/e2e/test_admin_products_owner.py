"""Products as an owner reads them (issue 20): keys added to a manual product come with an
offer to deliver them automatically, one tap; double taps, stale screens and forged taps
change nothing more."""

from nanostore.db.models import AuditEntry, Product
from nanostore.db.models.enums import DeliveryType
from tests.fixtures.admin import customer, snapshot
from tests.fixtures.admin_catalog import open_product

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


async def test_a_product_goes_to_the_top_the_bottom_or_a_typed_position(shop):
    from nanostore.services import products

    admin, first = await open_product(shop, name="A")
    for name in ("B", "C"):
        await products.create(first.category_id, name, 500)
    await admin.tap("↕️ Position 1 of 1")  # B and C were added after the card was shown
    assert admin.screen.text == ("↕️ «A» is at position 1 of 3 in its category. Move it with the "
                                 "buttons, or type a position from 1 to 3.")
    assert admin.screen.buttons[:2] == [["⬆️ Move up", "⬇️ Move down"],
                                        ["⏫ To the top", "⏬ To the bottom"]]
    await admin.tap("⏬ To the bottom")
    assert admin.screen.text.split("\n")[0] == "↕️ Now at position 3 of 3."
    for bad, says in (("first", "Please type a whole number, like 1."),
                      ("-1", "The position must be a number from 1 to 3."),
                      ("4", "The position must be a number from 1 to 3.")):
        await admin.send(bad)
        assert admin.screen.text.split("\n")[0] == says, bad
    await admin.send("2")
    assert admin.screen.text.split("\n")[0] == "↕️ Now at position 2 of 3."
    listed = await products.list_in_category(first.category_id)
    assert [(p.name, p.sort_order) for p in listed] == [("B", 0), ("A", 1), ("C", 2)]
    await admin.tap("⏫ To the top")
    await admin.tap("⬆️ Move up")  # already first: stays, says so
    assert admin.screen.text.split("\n")[0] == "↕️ Now at position 1 of 3."
    await admin.tap("⬅️ Back")
    assert "↕️ Position 1 of 3" in admin.screen.labels
    assert await AuditEntry.filter(action="product.move").count() == 3
