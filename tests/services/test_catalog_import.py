import pytest

from nanostore.db.models import Category, Product
from nanostore.db.models.enums import StockMode
from nanostore.services import catalog_import, exports
from nanostore.services.errors import InvalidInput, NotFound
from tests.fixtures.ledger import person, product


async def test_bulk_stock_update_is_all_or_nothing(db):
    a, b = await product("A"), await product("B", stock=1)
    with pytest.raises(NotFound):
        await catalog_import.bulk_stock_update([(a.id, 5), (999, 1)])
    with pytest.raises(InvalidInput):
        await catalog_import.bulk_stock_update([(a.id, 5), (b.id, -1)])
    assert (await Product.get(id=a.id)).stock_mode == StockMode.UNLIMITED
    assert await catalog_import.bulk_stock_update([(a.id, 5), (b.id, 7)]) == 2
    assert [p.stock for p in await Product.all().order_by("id")] == [5, 7]


async def test_import_reports_every_wrong_line_and_imports_nothing(db):
    rows = [
        {"name": "Good", "price": "100", "category": "Games"},
        {"name": "", "price": "100", "category": "Games"},
        {"name": "Cheap", "price": "0", "category": "Games"},
        {"name": "Stock", "price": "5", "category": "Games", "stock": "-2"},
        {"name": "Type", "price": "5", "category": "Games", "delivery_type": "teleport"},
    ]
    report = await catalog_import.import_products(rows)
    assert not report.ok and report.imported == 0
    assert [(e.line, e.field) for e in report.errors] == \
        [(3, "name"), (4, "price"), (5, "stock"), (6, "delivery_type")]
    assert await Product.all().count() == 0 and await Category.all().count() == 0


async def test_import_creates_products_and_missing_categories(db):
    games = await product("Existing")
    rows = [
        {"name": "Ключ", "price": 100, "category": "games", "stock": 3, "delivery_type": "auto",
         "description": "<b>Быстро</b>"},
        {"name": "Gift", "price": "250", "category": "Cards", "stock": "", "stars_price": "20"},
    ]
    report = await catalog_import.import_products(rows)
    assert report.ok and report.imported == 2 and report.created_categories == ["Cards"]
    key = await Product.get(name="Ключ")
    assert (key.category_id, key.stock_mode, key.stock, key.search_text) == \
        (games.category_id, StockMode.COUNTED, 3, "ключ быстро")
    gift = await Product.get(name="Gift")
    assert (gift.stock_mode, gift.stars_price) == (StockMode.UNLIMITED, 20)


async def test_exports_are_plain_rows(db):
    await person(1, balance=500)
    await product("Exported", price=300, stock=2)
    users = await exports.export_users()
    assert users[0]["id"] == 1 and users[0]["balance"] == 500
    assert isinstance(users[0]["joined_at"], str)
    rows = await exports.export_products()
    assert rows[0]["name"] == "Exported" and rows[0]["category"] == "Games"
    assert rows[0]["stock_mode"] == "counted" and type(rows[0]["stock_mode"]) is str
    assert await exports.export_orders() == []


async def test_exported_products_import_back(db):
    await product("Counted", price=300, stock=2, description="<b>x</b>")
    await product("Unlimited", price=100, stars_price=7)
    rows = await exports.export_products()
    parsed, errors = catalog_import.validate_rows(rows, first_line=2)
    assert errors == []
    assert [(p["name"], p["stock"], p["stars_price"]) for p in parsed] == \
        [("Counted", 2, None), ("Unlimited", 0, 7)]
