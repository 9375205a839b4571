"""Paged lists loaded a page at a time, selects, media, in-memory scroll, results."""

from __future__ import annotations


async def open_catalog(shop):
    await shop.start()
    return await shop.tap("Catalog")


async def test_paged_getter_receives_page(shop):
    message = await open_catalog(shop)
    assert message.text == "Products, page 1 of 3"
    assert [b for b in shop.buttons() if b.startswith("Item")] == [
        "Item 1 · $1.00", "Item 2 · $2.00", "Item 3 · $3.00"]
    message = await shop.tap(">")
    assert message.text == "Products, page 2 of 3"
    assert "Item 4 · $4.00" in shop.buttons()
    message = await shop.tap(">>")
    assert message.text == "Products, page 3 of 3" and "Item 7 · $7.00" in shop.buttons()
    assert (await shop.tap("<<")).text == "Products, page 1 of 3"


async def test_select_sets_item_and_switches_with_media(shop):
    await open_catalog(shop)
    detail = await shop.tap("Item 1 · .*")
    assert detail.caption == "<b>Item 1</b>\nPrice: $1.00"
    assert detail.photo[0].file_id == "PHOTO"
    await shop.tap("Back")
    await shop.tap(">")
    no_photo = await shop.tap("Item 4 · .*")
    assert no_photo.photo is None and no_photo.text.startswith("<b>Item 4</b>")


async def test_escaping_of_data_in_html(shop):
    shop.store.products[0]["name"] = "<b>&co</b>"
    await open_catalog(shop)
    assert "<b>&co</b> · $1.00" in shop.buttons()  # labels are not HTML: no escaping
    detail = await shop.tap(".*&co.*")
    assert detail.caption.startswith("<b>&lt;b&gt;&amp;co&lt;/b&gt;</b>")


async def test_action_with_args_then_done_with_result(shop):
    await open_catalog(shop)
    await shop.tap("Item 2 · .*")
    menu = await shop.tap("Add")
    assert shop.store.added == [(2, 1)]
    assert menu.text.endswith("Result: {&#39;added&#39;: True}")


async def test_done_without_result_returns_to_menu(shop):
    await open_catalog(shop)
    assert (await shop.tap("Back")).text.startswith("Hello, Ann!")


async def test_in_memory_scroll_and_select_in_it(shop):
    await open_catalog(shop)
    await shop.tap("Tags")
    assert [b for b in shop.buttons() if b.startswith("#")] == ["#t0", "#t1"]
    await shop.tap(">")
    assert [b for b in shop.buttons() if b.startswith("#")] == ["#t2", "#t3"]
    await shop.tap("#t3")
    assert (await shop.tap("Back")).text == "Products, page 1 of 3"
