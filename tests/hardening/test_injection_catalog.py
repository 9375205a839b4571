"""Injection through the catalog an admin types: category names and emoji, product names and
descriptions, FAQs, media captions, delivery keys and file names, bulk stock lines and imported
files. Each is typed into the admin screens and checked where the admin and customers see it.

Product descriptions are Telegram HTML on purpose (the prompt says "HTML allowed"): tags
Telegram knows format the card, anything else is refused before it is saved, and template
syntax is never evaluated."""

from __future__ import annotations

from nanostore.db.models import Category, DeliveryItem, Product, ProductFaq, ProductMedia
from nanostore.db.models.enums import DeliveryType
from tests.fixtures.admin import shown, tap_containing
from tests.fixtures.admin_catalog import CSV_HEADER, open_catalog, open_category, open_data, open_product
from tests.fixtures.injection import (
    PAYLOAD,
    SHORT,
    assert_labelled,
    assert_nothing_broke,
    assert_on_screen,
    assert_received,
    shows_literally,
)
from tests.fixtures.people import customer
from tests.fixtures.purchases import pay_with_wallet, send_everything_due

# Template syntax and an entity inside HTML that Telegram accepts: formatting, never evaluation.
FORMATTED = "<b>bold</b> &amp; {{ 7*7 }} {% for %} ${x}"
FORMATTED_SHOWN = "bold & {{ 7*7 }} {% for %} ${x}"


async def open_product_as_customer(shop, person, product_name: str) -> None:
    await person.command("start")
    await person.tap("🛍 Open the shop")
    await person.tap("🛍 Shop")
    await tap_containing(person, "")  # the only category
    await tap_containing(person, product_name)


def formatted_card(message) -> bool:
    """The description shows as formatted text: "bold" is bold, the rest literal."""
    text = message.text if message.text is not None else message.caption or ""
    entities = message.entities if message.text is not None else message.caption_entities
    at = text.find(FORMATTED_SHOWN)
    return at >= 0 and any(entity["type"] == "bold" and entity["length"] == 4 for entity in entities)


async def test_category_names_and_emoji_stay_text(shop, errors_logged):
    admin = await open_catalog(shop)
    await admin.tap("➕ New category")
    await admin.send(PAYLOAD)
    assert_on_screen(admin, PAYLOAD)  # "Send an emoji for «…»"
    await admin.send(SHORT)
    assert_on_screen(admin, SHORT)
    assert_on_screen(admin, PAYLOAD)
    category = await Category.get()
    assert (category.name, category.emoji) == (PAYLOAD, SHORT)
    await admin.tap("⬅️ Back")
    assert_labelled(admin, PAYLOAD)
    await tap_containing(admin, PAYLOAD)
    await tap_containing(admin, "✏️")  # rename
    await admin.send(f"Renamed {PAYLOAD}")
    assert_on_screen(admin, f"Renamed {PAYLOAD}")

    await open_product(shop, name="Key")  # a product makes the category visible to customers
    ann = await customer(shop)
    await ann.tap("🛍 Open the shop")
    await ann.tap("🛍 Shop")
    assert_labelled(ann, f"Renamed {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_product_names_and_descriptions(shop, errors_logged):
    admin, category = await open_category(shop)
    await admin.tap("➕ New product")
    await admin.send(PAYLOAD)
    await admin.send(PAYLOAD)  # a <script> tag: refused, the admin is told which tag
    assert "&lt;script&gt;" not in shown(admin).text and "<script>" in shown(admin).text
    assert await Product.all().count() == 0
    await admin.send(FORMATTED)
    await admin.send("10")
    await admin.send("5")
    product = await Product.get()
    assert (product.name, product.description) == (PAYLOAD, FORMATTED)
    assert_on_screen(admin, PAYLOAD)
    assert formatted_card(shown(admin).message)
    await admin.tap("✏️ Name")
    assert_on_screen(admin, PAYLOAD)  # "Send the new name for «…»"
    await admin.send(f"New {PAYLOAD}")
    await admin.tap("⬅️ Back")
    assert_labelled(admin, f"New {PAYLOAD}")

    ann = await customer(shop)
    await open_product_as_customer(shop, ann, f"New {PAYLOAD}")
    assert_on_screen(ann, f"New {PAYLOAD}")
    assert formatted_card(shown(ann).message)
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_faq_questions_and_answers(shop, errors_logged):
    admin, product = await open_product(shop)
    await admin.tap("❓ FAQs (0)")
    await admin.tap("➕ Add a question")
    await admin.send(f"Q {PAYLOAD}")
    assert_on_screen(admin, f"Q {PAYLOAD}")  # "Send the answer to «…»"
    await admin.send(f"A {PAYLOAD}")
    assert (await ProductFaq.get()).answer == f"A {PAYLOAD}"
    assert_labelled(admin, f"Q {PAYLOAD}")
    await tap_containing(admin, f"Q {PAYLOAD}")
    assert_on_screen(admin, f"Q {PAYLOAD}")
    assert_on_screen(admin, f"A {PAYLOAD}")
    await admin.tap("💬 Answer")
    await admin.send(f"Edited {PAYLOAD}")
    assert_on_screen(admin, f"Edited {PAYLOAD}")
    await admin.tap("🗑 Delete")
    assert_on_screen(admin, f"Q {PAYLOAD}")  # "Delete the question «…»?"
    await admin.tap("⬅️ Back")

    ann = await customer(shop)
    await open_product_as_customer(shop, ann, product.name)
    await tap_containing(ann, "FAQ")
    assert_on_screen(ann, f"Q {PAYLOAD}")
    assert_on_screen(ann, f"Edited {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_media_captions(shop, errors_logged):
    admin, product = await open_product(shop)
    await admin.tap("🎞 Media (0)")
    await admin.tap("➕ Add media")
    await admin.send_photo(caption=f"Caption {PAYLOAD}")
    assert await ProductMedia.all().count() == 1
    assert_labelled(admin, "Caption <b>x</b>")
    await tap_containing(admin, "#1")
    assert_on_screen(admin, f"Caption {PAYLOAD}")

    ann = await customer(shop)
    await open_product_as_customer(shop, ann, product.name)
    await tap_containing(ann, "Media")
    photos = [message for message in ann.messages if message.media_kind == "photo"]
    assert len(photos) == 1 and shows_literally(photos[0], f"Caption {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_delivery_keys_and_file_names_reach_the_customer_as_text(shop, errors_logged):
    admin, product = await open_product(shop, stock=0, delivery_type=DeliveryType.AUTO)
    await tap_containing(admin, "🔑 Items")
    await admin.send(f"KEY {PAYLOAD}")
    await admin.tap("📎 Add files instead")
    await admin.send_document(f"{SHORT}.txt", b"licence")
    assert "Added 1 item." in shown(admin).text
    assert [item.content for item in await DeliveryItem.all().order_by("id")][0] == f"KEY {PAYLOAD}"

    ann = await customer(shop, balance=100_000)
    await pay_with_wallet(shop, ann, await Product.get(id=product.id))  # the key
    await shop.flush()
    await pay_with_wallet(shop, ann, await Product.get(id=product.id))  # the file
    await send_everything_due(shop)
    assert_received(ann, f"KEY {PAYLOAD}")
    assert_received(ann, f"{SHORT}.txt")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_bulk_stock_lines_and_imported_files(shop, errors_logged):
    admin = await open_data(shop)
    await admin.tap("📦 Bulk stock")
    await admin.send(f"{PAYLOAD}\n1={PAYLOAD}\n{PAYLOAD}=1")
    assert "Nothing was saved: 3 lines are wrong." in shown(admin).text
    await admin.tap("⬅️ Back")
    await admin.tap("📥 Import CSV / JSON")
    quoted = PAYLOAD.replace('"', '""')
    refused = CSV_HEADER + f'"{quoted}","{quoted}",1000,,auto,"{quoted}",\n'
    await admin.send_document("products.csv", refused.encode())
    assert "line 2, description: HTML Telegram can't show" in shown(admin).text
    good = CSV_HEADER + f'"{quoted}","{FORMATTED}",1000,,auto,"{quoted}",\n'
    await admin.send_document("products.csv", good.encode())
    assert_on_screen(admin, f"New categories: {PAYLOAD}")
    assert (await Product.get()).name == PAYLOAD

    ann = await customer(shop)
    await ann.tap("🛍 Open the shop")
    await ann.tap("🛍 Shop")
    assert_labelled(ann, PAYLOAD)
    await open_product_as_customer(shop, ann, PAYLOAD)
    assert_on_screen(ann, PAYLOAD)
    assert formatted_card(shown(ann).message)
    assert_nothing_broke(shop, errors_logged, admin, ann)
