"""Payment methods are put in the order customers see them directly (issue 20): to the top, to
the bottom or a typed position, renumbered by services/positions.py and audited; a word or an
out-of-range number is refused in the admin's words; a customer forging the tap is refused."""

from nanostore.db.models import AuditEntry, PaymentMethod
from nanostore.services import payment_methods
from tests.fixtures.admin import customer, labels, open_section, shown, snapshot


async def seed_methods():
    for name, emoji in (("Bank", "🏦"), ("Card", "💳"), ("Crypto", "🪙")):
        await payment_methods.create(name, emoji, f"{name} details")


def listed(person) -> list[str]:
    return [label for label in labels(person) if label.startswith("🟢")]


async def names_in_order() -> list[str]:
    return [method.name for method in await payment_methods.list_all()]


async def test_to_the_top_to_the_bottom_and_a_typed_position(shop):
    await seed_methods()
    admin = await open_section(shop, "💳 Payment methods")
    await admin.tap("🟢 🪙 Crypto")
    assert shown(admin).text == ("🪙 Crypto · 🟢 offered to customers\n"
                                 "↕️ Position 3 of 3 in the list customers see\n\nCrypto details")
    assert ["⏫ To the top"] in shown(admin).buttons and ["🔢 Position…"] in shown(admin).buttons
    assert "⏬ To the bottom" not in labels(admin)  # already there
    await admin.tap("⏫ To the top")
    assert shown(admin).text.startswith("↕️ Now at position 1 of 3.\n\n🪙 Crypto")
    assert await names_in_order() == ["Crypto", "Bank", "Card"]
    await admin.tap("⏬ To the bottom")
    assert await names_in_order() == ["Bank", "Card", "Crypto"]
    await admin.tap("🔢 Position…")
    assert shown(admin).text == ("🔢 «Crypto» is at position 3 of 3 in the list customers see. "
                                 "Type its new position: a number from 1 to 3.")
    await admin.send("second")
    assert shown(admin).text.startswith("Please type a whole number, like 1.")
    await admin.send_photo()
    assert shown(admin).text.startswith("Please type a whole number, like 1.")
    await admin.send("9")
    assert shown(admin).text.startswith("The position must be a number from 1 to 3.")
    assert await names_in_order() == ["Bank", "Card", "Crypto"]
    await admin.send("2")
    assert shown(admin).text.startswith("↕️ Now at position 2 of 3.\n\n🪙 Crypto")
    await admin.tap("⬅️ Back")
    assert listed(admin) == ["🟢 🏦 Bank", "🟢 🪙 Crypto", "🟢 💳 Card"]
    sort_orders = await PaymentMethod.all().order_by("sort_order").values_list("sort_order", flat=True)
    assert sort_orders == [0, 1, 2]
    assert await AuditEntry.filter(action="payment_method.move").count() == 3


async def test_a_customer_forging_the_move_is_refused(shop):
    await seed_methods()
    ann = await customer(shop)
    admin = await open_section(shop, "💳 Payment methods")
    await admin.tap("🟢 🪙 Crypto")
    message = snapshot(admin)
    forged = next(button["callback_data"] for row in message.reply_markup["inline_keyboard"]
                  for button in row if button["text"] == "⏫ To the top")
    await ann._callback(ann.screen.message, forged)
    assert await names_in_order() == ["Bank", "Card", "Crypto"]
    assert not await AuditEntry.filter(action="payment_method.move").exists()
