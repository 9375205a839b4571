"""A product's FAQs and media are put in the order customers see them directly (issue 20): to the
top, to the bottom or a typed position, renumbered by services/positions.py and audited; a word,
a photo or an out-of-range number is refused in the admin's words; a question or media deleted
while its screen was open changes nothing and says so; a customer forging the tap is refused."""

from nanostore.db.models import AuditEntry, ProductFaq, ProductMedia
from nanostore.db.models.enums import MediaKind
from nanostore.services import product_content
from tests.fixtures.admin import customer, labels, shown, snapshot
from tests.fixtures.admin_catalog import open_product

QUESTIONS = {"How to activate?": "Open Steam.", "Which region?": "Global.",
             "Refunds?": "Before activation only."}
CAPTIONS = ("Intro", "Setup", "Tips")
STALE_BUTTON = "That button is out of date, so here is the main menu."  # what a forging customer reads


async def open_faqs(shop):
    admin, product = await open_product(shop)
    for question, answer in QUESTIONS.items():
        await product_content.add_faq(product.id, question, answer)
    await admin.tap(next(label for label in labels(admin) if label.startswith("❓ FAQs")))
    return admin, product


async def open_media(shop):
    admin, product = await open_product(shop)
    for caption in CAPTIONS:
        await product_content.add_media(product.id, MediaKind.DOCUMENT, f"file-{caption}", caption)
    await admin.tap(next(label for label in labels(admin) if label.startswith("🎞 Media")))
    return admin, product


async def questions_in_order(product) -> list[str]:
    return [faq.question for faq in await product_content.list_faqs(product.id)]


async def captions_in_order(product) -> list[str]:
    return [media.caption for media in await product_content.list_media(product.id)]


async def sort_orders(model, product) -> list[int]:
    return await model.filter(product_id=product.id).order_by("sort_order").values_list(
        "sort_order", flat=True)


def first_line(person) -> str:
    return shown(person).text.split("\n")[0]


async def refuses_bad_positions(admin, count: int) -> None:
    """On the position window: a word, a photo, 0 and count+1 are each explained."""
    for bad in ("second", "0", str(count + 1), "photo"):
        if bad == "photo":
            await admin.send_photo()
        else:
            await admin.send(bad)
        says = ("Please type a whole number, like 1." if bad in ("second", "photo")
                else f"The position must be a number from 1 to {count}.")
        assert first_line(admin) == says, bad


def callback_of(person, label: str) -> str:
    return next(button["callback_data"] for row in snapshot(person).reply_markup["inline_keyboard"]
                for button in row if button["text"] == label)


async def test_faq_to_the_top_to_the_bottom_and_a_typed_position(shop):
    admin, product = await open_faqs(shop)
    await admin.tap("❓ Refunds?")
    assert shown(admin).text == ("❓ Refunds?\n↕️ Position 3 of 3 on the product card\n\n"
                                 "Before activation only.")
    assert ["⏫ To the top"] in shown(admin).buttons and ["🔢 Position…"] in shown(admin).buttons
    assert "⏬ To the bottom" not in labels(admin)  # already there
    await admin.tap("⏫ To the top")
    assert shown(admin).text.startswith("↕️ Now at position 1 of 3.\n\n❓ Refunds?\n"
                                        "↕️ Position 1 of 3 on the product card")
    assert ["⏬ To the bottom"] in shown(admin).buttons and "⏫ To the top" not in labels(admin)
    assert await questions_in_order(product) == ["Refunds?", "How to activate?", "Which region?"]
    await admin.tap("⏬ To the bottom")
    assert first_line(admin) == "↕️ Now at position 3 of 3."
    assert await questions_in_order(product) == ["How to activate?", "Which region?", "Refunds?"]
    await admin.tap("🔢 Position…")
    assert shown(admin).text == ("🔢 «Refunds?» is at position 3 of 3 on the product card. "
                                 "Type its new position: a number from 1 to 3.")
    await refuses_bad_positions(admin, 3)
    assert await questions_in_order(product) == ["How to activate?", "Which region?", "Refunds?"]
    await admin.send("2")
    assert shown(admin).text.startswith("↕️ Now at position 2 of 3.\n\n❓ Refunds?\n"
                                        "↕️ Position 2 of 3 on the product card")
    assert ["⏫ To the top", "⏬ To the bottom"] in shown(admin).buttons
    await admin.tap("⬅️ Back")
    assert [label for label in labels(admin) if label.startswith("❓")] == [
        "❓ How to activate?", "❓ Refunds?", "❓ Which region?"]
    assert await sort_orders(ProductFaq, product) == [0, 1, 2]
    moves = await AuditEntry.filter(action="product_faq.move").order_by("id")
    assert [(entry.target, entry.after["position"]) for entry in moves] == [
        (str(product.id), 1), (str(product.id), 3), (str(product.id), 2)]


async def test_media_to_the_top_to_the_bottom_and_a_typed_position(shop):
    admin, product = await open_media(shop)
    await admin.tap("📄 #3 Tips")
    assert shown(admin).text == ("📄 document\n↕️ Position 3 of 3 after the product card\n"
                                 "Caption: Tips")
    assert ["⏫ To the top"] in shown(admin).buttons and ["🔢 Position…"] in shown(admin).buttons
    assert "⏬ To the bottom" not in labels(admin)
    await admin.tap("⏫ To the top")
    assert shown(admin).text.startswith("↕️ Now at position 1 of 3.\n\n📄 document\n"
                                        "↕️ Position 1 of 3 after the product card")
    assert await captions_in_order(product) == ["Tips", "Intro", "Setup"]
    await admin.tap("⏬ To the bottom")
    assert first_line(admin) == "↕️ Now at position 3 of 3."
    assert await captions_in_order(product) == ["Intro", "Setup", "Tips"]
    await admin.tap("🔢 Position…")
    assert shown(admin).text == ("🔢 This media is at position 3 of 3 after the product card. "
                                 "Type its new position: a number from 1 to 3.")
    await refuses_bad_positions(admin, 3)
    assert await captions_in_order(product) == ["Intro", "Setup", "Tips"]
    await admin.send("2")
    assert first_line(admin) == "↕️ Now at position 2 of 3."
    await admin.tap("⬅️ Back")
    assert [label for label in labels(admin) if label.startswith("📄")] == [
        "📄 #1 Intro", "📄 #2 Tips", "📄 #3 Setup"]
    assert await sort_orders(ProductMedia, product) == [0, 1, 2]
    moves = await AuditEntry.filter(action="product_media.move").order_by("id")
    assert [(entry.target, entry.after["position"]) for entry in moves] == [
        (str(product.id), 1), (str(product.id), 3), (str(product.id), 2)]


async def test_a_faq_deleted_while_its_screens_were_open_is_not_moved(shop):
    admin, product = await open_faqs(shop)
    await admin.tap("❓ Refunds?")
    await product_content.delete_faq((await ProductFaq.get(question="Refunds?")).id)  # meanwhile
    await admin.tap("⏫ To the top")
    assert shown(admin).text == "This question was deleted."
    assert shown(admin).buttons == [["⬅️ Back"]]
    await admin.tap("⬅️ Back")
    await admin.tap("❓ Which region?")
    await admin.tap("🔢 Position…")
    await product_content.delete_faq((await ProductFaq.get(question="Which region?")).id)
    await admin.send("1")
    assert shown(admin).text == "This question was deleted."
    assert await questions_in_order(product) == ["How to activate?"]
    assert not await AuditEntry.filter(action="product_faq.move").exists()


async def test_media_removed_while_its_screens_were_open_is_not_moved(shop):
    admin, product = await open_media(shop)
    await admin.tap("📄 #3 Tips")
    await product_content.delete_media((await ProductMedia.get(caption="Tips")).id)  # meanwhile
    await admin.tap("⏫ To the top")
    assert shown(admin).text == "This media was removed."
    assert shown(admin).buttons == [["⬅️ Back"]]
    await admin.tap("⬅️ Back")
    await admin.tap("📄 #2 Setup")
    await admin.tap("🔢 Position…")
    await product_content.delete_media((await ProductMedia.get(caption="Setup")).id)
    await admin.send("1")
    assert shown(admin).text == "This media was removed."
    assert await captions_in_order(product) == ["Intro"]
    assert not await AuditEntry.filter(action="product_media.move").exists()


async def test_a_customer_forging_the_moves_is_refused(shop):
    ann = await customer(shop)
    admin, product = await open_faqs(shop)
    await admin.tap("❓ Refunds?")
    refused = await ann._callback(ann.screen.message, callback_of(admin, "⏫ To the top"))
    assert refused.text == STALE_BUTTON and ann.screen.text.startswith("👋 Welcome to NanoStore, Ann!")
    assert await questions_in_order(product) == ["How to activate?", "Which region?", "Refunds?"]
    for caption in CAPTIONS:
        await product_content.add_media(product.id, MediaKind.DOCUMENT, f"file-{caption}", caption)
    await admin.tap("⬅️ Back")
    await admin.tap("⬅️ Back")
    await admin.tap(next(label for label in labels(admin) if label.startswith("🎞 Media")))
    await admin.tap("📄 #3 Tips")
    refused = await ann._callback(ann.screen.message, callback_of(admin, "⏫ To the top"))
    assert refused.text == STALE_BUTTON
    assert await captions_in_order(product) == ["Intro", "Setup", "Tips"]
    assert not await AuditEntry.filter(action__in=["product_faq.move", "product_media.move"]).exists()
