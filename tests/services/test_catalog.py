import pytest

from nanostore.db.models import Category, DeliveryItem, Product
from nanostore.db.models.enums import DeliveryType, MediaKind, StockMode
from nanostore.services import catalog, categories, delivery_pool, product_content, products
from nanostore.services.errors import CategoryNotEmpty, InvalidInput, NotFound, ProductUnavailable
from nanostore.services.products import StockChoice
from tests.fixtures.ledger import product


async def test_category_delete_refuses_when_products_remain(db):
    games = await categories.create("Games", "🎮")
    await product(category_id=games.id)
    with pytest.raises(CategoryNotEmpty) as error:
        await categories.delete(games.id)
    assert error.value.params["products"] == 1
    assert await categories.toggle(games.id) is False  # deactivating is the way out
    empty = await categories.create("Empty")
    await categories.delete(empty.id)
    assert not await Category.exists(id=empty.id)


async def test_category_validation_rename_and_reorder(db):
    with pytest.raises(InvalidInput):
        await categories.create("  ")
    a, b, c = [await categories.create(name) for name in "ABC"]
    await categories.rename(a.id, "Alpha")
    await categories.reorder([c.id, a.id, b.id])
    assert [cat.name for cat in await categories.list_all()] == ["C", "Alpha", "B"]
    with pytest.raises(NotFound):
        await categories.reorder([c.id, 999])


async def test_list_active_counts_active_products_in_one_query(db, monkeypatch):
    from tortoise import connections

    games = await categories.create("Games")
    await categories.create("Soft")
    hidden = await categories.create("Hidden")
    await categories.toggle(hidden.id)
    await product("A", category_id=games.id)
    off = await product("B", category_id=games.id)
    await products.toggle(off.id)
    sent = []
    client_class = type(connections.get("default"))
    original = client_class.execute_query_dict

    async def counting(self, query, *args, **kwargs):
        sent.append(query)
        return await original(self, query, *args, **kwargs)

    monkeypatch.setattr(client_class, "execute_query_dict", counting)
    rows = await categories.list_active()
    assert len(sent) == 1
    assert [(row.name, row.product_count) for row in rows] == [("Games", 1), ("Soft", 0)]


async def test_product_validation(db):
    games = await categories.create("Games")
    for bad in ({"name": "", "price": 1}, {"name": "x" * 129, "price": 1},
                {"name": "ok", "price": 0}, {"name": "ok", "price": 1.5},
                {"name": "ok", "price": True}, {"name": "ok", "price": 1, "stock": -1}):
        with pytest.raises(InvalidInput):
            await products.create(games.id, **bad)
    with pytest.raises(NotFound):
        await products.create(999, "ok", 1)
    assert await Product.all().count() == 0


async def test_every_write_keeps_search_text_in_step(db):
    key = await product("Steam Key", description="<b>Global</b> &amp; fast")
    assert key.search_text == "steam key global & fast"
    await products.rename(key.id, "Ключ Steam")
    await products.set_description(key.id, "<i>Мгновенно</i>")
    stored = await Product.get(id=key.id)
    assert stored.search_text == "ключ steam мгновенно"


async def test_search_finds_cyrillic_regardless_of_case(db):
    await product("Ключ Windows", description="<b>Лицензия</b>")
    await product("Other")
    found = await catalog.search("ключ")
    assert [item.name for item in found.items] == ["Ключ Windows"]
    assert (await catalog.search("ЛИЦЕНЗИЯ")).total == 1
    assert (await catalog.search("<b>")).total == 0  # tags are not searchable
    assert (await catalog.search("   ")).total == 0


async def test_search_and_pages_show_only_products_on_sale(db):
    games = await categories.create("Games")
    shown = await product("Key one", category_id=games.id)
    off = await product("Key two", category_id=games.id)
    await products.toggle(off.id)
    page = await catalog.products_page(games.id)
    assert [item.id for item in page.items] == [shown.id]
    await categories.toggle(games.id)
    assert (await catalog.products_page(games.id)).total == 0
    assert (await catalog.search("key")).total == 0


async def test_products_page_is_paged(db):
    games = await categories.create("Games")
    for n in range(7):
        await product(f"P{n}", category_id=games.id)
    page = await catalog.products_page(games.id, page=1, page_size=3)
    assert [item.name for item in page.items] == ["P3", "P4", "P5"]
    assert page.pages == 3


async def test_detail_refuses_hidden_product_or_category(db):
    key = await product()
    await product_content.add_faq(key.id, "Region?", "Global")
    await product_content.add_media(key.id, MediaKind.PHOTO, "file-1", "front")
    detail = await catalog.product_detail(key.id)
    assert detail.category_name == "Games"
    assert [faq.question for faq in detail.faqs] == ["Region?"]
    assert [media.file_id for media in detail.media] == ["file-1"]
    await categories.toggle(key.category_id)
    with pytest.raises(ProductUnavailable):
        await catalog.product_detail(key.id)
    with pytest.raises(ProductUnavailable):
        await catalog.product_detail(12345)


async def test_stock_modes_and_labels(db):
    key = await product(stock=None)
    assert catalog.stock_label(key, 3) == "unlimited"
    key = await products.set_stock_mode(key.id, StockChoice.COUNTED, 10)
    assert catalog.stock_label(key, 3) == "in_stock"
    key = await products.set_stock(key.id, 2)
    assert catalog.stock_label(key, 3) == "low_stock"
    key = await products.set_stock_mode(key.id, StockChoice.OUT_OF_STOCK)
    assert (key.stock_mode, key.stock) == (StockMode.COUNTED, 0)
    assert catalog.stock_label(key, 3) == "out_of_stock"


async def test_field_updates(db):
    key = await product()
    other = await categories.create("Other")
    await products.set_price(key.id, 1234)
    await products.set_stars_price(key.id, 50)
    await products.set_image(key.id, "img")
    await products.set_delivery_type(key.id, DeliveryType.AUTO)
    await products.set_protect_content(key.id, True)
    await products.move_to_category(key.id, other.id)
    stored = await Product.get(id=key.id)
    assert (stored.price, stored.stars_price, stored.image_file_id, stored.delivery_type,
            stored.protect_content, stored.category_id) == (1234, 50, "img", DeliveryType.AUTO,
                                                            True, other.id)
    with pytest.raises(InvalidInput):
        await products.set_stars_price(key.id, 0)
    await products.delete(key.id)
    with pytest.raises(NotFound):
        await products.delete(key.id)


async def test_faqs_and_media(db):
    key = await product()
    faq = await product_content.add_faq(key.id, "Q1", "A1")
    await product_content.add_faq(key.id, "Q2", "A2")
    await product_content.edit_faq(faq.id, answer="A1!")
    assert [(f.question, f.answer) for f in await product_content.list_faqs(key.id)] == \
        [("Q1", "A1!"), ("Q2", "A2")]
    await product_content.delete_faq(faq.id)
    assert len(await product_content.list_faqs(key.id)) == 1
    media = await product_content.add_media(key.id, MediaKind.VIDEO, "vid")
    await product_content.delete_media(media.id)
    assert await product_content.list_media(key.id) == []
    with pytest.raises(InvalidInput):
        await product_content.add_faq(key.id, "", "A")


async def test_delivery_pool_from_text_csv_and_file_adds_counted_stock(db):
    key = await product(stock=0, delivery_type=DeliveryType.AUTO)
    assert await delivery_pool.add_items_from_text(key.id, "AAA\n\n  BBB  \n") == 2
    assert await delivery_pool.add_items_from_csv(key.id, 'CCC,note\n"DDD, with comma",x\n,\n') == 2
    assert await delivery_pool.add_file_item(key.id, "file-id", "key.txt") == 1
    assert await delivery_pool.remaining_items(key.id) == 5
    assert sorted(await DeliveryItem.filter(product_id=key.id).values_list("content", flat=True)) == \
        ["AAA", "BBB", "CCC", "DDD, with comma", "file-id"]
    assert (await Product.get(id=key.id)).stock == 5
    with pytest.raises(InvalidInput):
        await delivery_pool.add_items_from_text(key.id, "\n \n")


async def test_delivery_pool_for_unlimited_product_leaves_stock_alone(db):
    key = await product(delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(key.id, "A\nB")
    stored = await Product.get(id=key.id)
    assert (stored.stock_mode, stored.stock) == (StockMode.UNLIMITED, 0)
    item = await DeliveryItem.filter(product_id=key.id).first()
    await delivery_pool.delete_unclaimed(item.id)
    assert await delivery_pool.remaining_items(key.id) == 1
