"""Sort order set directly (issue 20): a category goes to the top, the bottom or a typed
position in one tap; the list is renumbered without duplicates; bad numbers are explained."""

from nanostore.db.models import AuditEntry, Category
from nanostore.services import categories
from tests.fixtures.admin_catalog import open_catalog, snapshot


async def names() -> list[str]:
    return [c.name for c in await categories.list_all()]


async def positions() -> list[int]:
    return [c.sort_order for c in await categories.list_all()]


async def test_to_the_top_the_bottom_and_a_typed_position(shop):
    for name in ("A", "B", "C", "D"):
        await categories.create(name)
    await Category.all().update(sort_order=5)  # equal positions, as an old import left them
    admin = await open_catalog(shop)
    await admin.tap("🟢  C (0)")
    assert ["⏫ To the top", "⏬ To the bottom"] in admin.screen.buttons
    await admin.tap("⏫ To the top")
    assert admin.screen.text.split("\n")[0] == "↕️ Now at position 1 of 4."
    assert await names() == ["C", "A", "B", "D"] and await positions() == [0, 1, 2, 3]
    await admin.tap("⏬ To the bottom")
    assert admin.screen.text.split("\n")[0] == "↕️ Now at position 4 of 4."
    assert await names() == ["A", "B", "D", "C"]
    await admin.tap("🔢 Position…")
    assert admin.screen.text == ("🔢 «C» is at position 4 of 4. Type its new position: "
                                 "a number from 1 to 4.")
    for bad, says in (("two", "Please type a whole number, like 1."),
                      ("0", "The position must be a number from 1 to 4."),
                      ("9", "The position must be a number from 1 to 4.")):
        await admin.send(bad)
        assert admin.screen.text.split("\n")[0] == says, bad
        assert await names() == ["A", "B", "D", "C"]
    await admin.send("2")
    assert admin.screen.text.split("\n")[0] == "↕️ Now at position 2 of 4."
    assert "⏫ To the top" in [label for row in admin.screen.buttons for label in row]
    assert await names() == ["A", "C", "B", "D"] and await positions() == [0, 1, 2, 3]
    assert await AuditEntry.filter(action="category.move").count() == 3


async def test_a_stale_position_screen_for_a_deleted_category_changes_nothing(shop):
    for name in ("A", "B"):
        await categories.create(name)
    admin = await open_catalog(shop)
    await admin.tap("🟢  B (0)")
    await admin.tap("🔢 Position…")
    await categories.delete((await Category.get(name="B")).id)  # another admin, meanwhile
    await admin.send("1")
    assert await names() == ["A"] and await positions() == [0]


async def test_a_customer_forging_to_the_top_is_refused(shop):
    for name in ("A", "B"):
        await categories.create(name)
    ann = shop.person(1001, "Ann")
    await ann.command("start")
    admin = await open_catalog(shop)
    await admin.tap("🟢  B (0)")
    forged = next(button["callback_data"]
                  for row in snapshot(admin).reply_markup["inline_keyboard"]
                  for button in row if button["text"] == "⏫ To the top")
    await ann._callback(ann.screen.message, forged)
    assert await names() == ["A", "B"]
