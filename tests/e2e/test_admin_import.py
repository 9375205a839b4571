"""Catalog data in bulk: stock updates, CSV/JSON import with a line report (all or nothing),
and exports that arrive as documents and read back through the import."""

from __future__ import annotations

import json

from nanostore.db.models import AuditEntry, Category, Product
from nanostore.db.models.enums import StockMode
from nanostore.services import categories, products
from tests.fixtures.admin_catalog import CSV_HEADER, open_data


async def two_products():
    games = await categories.create("Games")
    a = await products.create(games.id, "A", 100)
    b = await products.create(games.id, "B", 200, stock=1)
    return a, b


async def test_bulk_stock_is_all_or_nothing_with_a_line_report(shop):
    a, b = await two_products()
    admin = await open_data(shop)
    await admin.tap("📦 Bulk stock")
    await admin.send(f"{a.id}=5\n{b.id}=-2\nhello\n{a.id}=3")
    text = admin.screen.text
    assert "Nothing was saved: 3 lines are wrong." in text
    assert "line 2, stock: must be a whole number, 0 or more" in text
    assert "line 3, line: expected id=stock" in text
    assert "line 4, id: this product is already in the list" in text
    await admin.send(f"{a.id}=5\n999=1")
    assert "no product with id #999" in admin.screen.text
    assert (await Product.get(id=a.id)).stock_mode == StockMode.UNLIMITED
    await admin.send_photo(b"x")
    assert "Please send the lines as a text message." in admin.screen.text
    await admin.send(f"{a.id}=5\n{b.id} = 0")
    assert "Stock updated for 2 products." in admin.screen.text
    assert [(p.stock_mode, p.stock) for p in await Product.all().order_by("id")] == [
        (StockMode.COUNTED, 5), (StockMode.COUNTED, 0)]
    assert await AuditEntry.filter(action="product.bulk_stock").count() == 1


async def test_csv_import_with_a_wrong_line_imports_nothing(shop):
    admin = await open_data(shop)
    await admin.tap("📥 Import CSV / JSON")
    await admin.send("not a file")
    assert "Please send a .csv or .json file as a document." in admin.screen.text
    bad = CSV_HEADER + ("Key,,1000,,auto,Games,\nBroken,,abc,,auto,Games,\nOdd,,500,-1,teleport,Soft,\n"
                        "Tag,<div>x</div>,500,,auto,Soft,\n")
    await admin.send_document("products.csv", bad.encode())
    text = admin.screen.text
    assert "Nothing was saved: 3 lines are wrong." in text
    assert "line 3, price: must be a whole number above zero" in text
    assert "line 4, stock: must be a whole number, 0 or more" in text
    assert "line 5, description: HTML Telegram can't show" in text
    assert await Product.all().count() == 0 and await Category.all().count() == 0
    good = CSV_HEADER + "Key,<b>Fast</b>,1000,,auto,Games,\nBox,,500,3,manual,Soft,50\n"
    await admin.send_document("products.csv", good.encode())
    assert "Imported 2 products. New categories: Games, Soft." in admin.screen.text
    box = await Product.get(name="Box")
    assert (box.price, box.stock, box.stars_price) == (500, 3, 50)


async def test_json_import_and_unreadable_files(shop):
    admin = await open_data(shop)
    await admin.tap("📥 Import CSV / JSON")
    await admin.send_document("products.json", b"{not json")
    assert "That is not valid JSON" in admin.screen.text
    await admin.send_document("products.xlsx", b"PK")
    assert "Only .csv and .json files can be imported." in admin.screen.text
    rows = [{"name": "Key", "price": 1000, "category": "Games"}, "oops"]
    await admin.send_document("products.json", json.dumps(rows).encode())
    assert "line 2, row: must be an object with product fields" in admin.screen.text
    assert await Product.all().count() == 0
    await admin.send_document("products.json", json.dumps(rows[:1]).encode())
    assert "Imported 1 products." in admin.screen.text


async def test_exports_arrive_as_documents_that_import_back(shop):
    await two_products()
    admin = await open_data(shop)
    await admin.tap("📤 Export CSV")
    await admin.tap("📤 Export JSON")
    documents = [call for call in shop.emulator.calls_of("sendDocument") if not call.error]
    assert len(documents) == 2
    assert "Catalog data" in admin.screen.text  # the menu is sent again below each document
    exported = [message for message in admin.inbox if message.media_kind == "document"]
    assert exported[0].file.file_name.endswith(".csv") and exported[1].file.file_name.endswith(".json")
    rows = json.loads(exported[1].file.content)
    assert [row["name"] for row in rows] == ["A", "B"] and rows[0]["stock"] == ""
