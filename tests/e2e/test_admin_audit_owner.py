"""The audit log filtered as an owner asks (issue 20): by kind of action (orders, payments,
catalog, users & balances, settings & content, broadcast) and by the admins who appear in the
log, combined, each with an "All"; a filter that matches nothing says so, an old or forged
filter button is dropped with a note, and a customer forging the admin's tap changes nothing."""

from __future__ import annotations

from datetime import UTC

from nanostore.services import audit
from tests.fixtures.admin import customer, labels, open_admin_section, shown, snapshot

AUDIT = "📜 Audit log"


def when(entry) -> str:
    return entry.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def forged(person, label: str, item) -> str:
    """The callback of the button `label` carrying another item, as a hand-made request would."""
    message = snapshot(person)
    data = next(button["callback_data"] for row in message.reply_markup["inline_keyboard"]
                for button in row if button["text"] == label)
    return data.rsplit(":", 1)[0] + f":{item}"


async def seed_log():
    return {
        "order": await audit.record(9000, "order.status", 7, before="pending", after="confirmed"),
        "product": await audit.record(9001, "product.update", 3, before=None, after={"price": 5}),
        "faq": await audit.record(9001, "product_faq.create", 3),
        "setting": await audit.record(9000, "settings.update", "min_order", before=0, after=1250),
        "wallet": await audit.record(9001, "wallet.adjust", 1001, before=0, after=500),
    }


async def test_filter_by_kind_then_by_admin_then_show_all(shop):
    log = await seed_log()
    admin = await open_admin_section(shop, AUDIT)
    assert shown(admin).buttons[0] == ["🗂 Kind: all", "👤 Admin: all"]
    assert admin.screen.text.startswith("📜 Audit log · 5\n\n")
    await admin.tap("🗂 Kind: all")
    assert shown(admin).text == "🗂 Show which kind of actions?"
    assert shown(admin).buttons == [["• All kinds", "Orders"], ["Payments", "Catalog"],
                                    ["Users & balances", "Settings & content"], ["Broadcast"],
                                    ["⬅️ Back"]]
    await admin.tap("Catalog")
    faq, product = log["faq"], log["product"]
    assert shown(admin).text == (
        "📜 Audit log · 2\n🔎 Catalog · All admins\n\n"
        f"🕒 {when(faq)} · 👤 9001\nproduct_faq.create 3: — → —\n\n"
        f"🕒 {when(product)} · 👤 9001\nproduct.update 3: — → {{\"price\": 5}}")
    assert shown(admin).buttons == [["🗂 Kind: Catalog", "👤 Admin: all"], ["✖️ Show all"],
                                    ["product_faq.create · 3"], ["product.update · 3"],
                                    ["⬅️ Back", "🏠 Home"]]
    await admin.tap("👤 Admin: all")
    assert shown(admin).text == "👤 Show the actions of which admin?"
    assert shown(admin).buttons == [["• All admins", "Admin"], ["9001"], ["⬅️ Back"]]
    await admin.tap("Admin")  # 9000 wrote to the bot as "Admin"; 9001 never did
    assert shown(admin).text == ("📜 Audit log · 0\n🔎 Catalog · Admin\n\n"
                                 "Nothing matches these filters.")
    assert shown(admin).buttons[0] == ["🗂 Kind: Catalog", "👤 Admin: Admin"]
    await admin.tap("🗂 Kind: Catalog")
    assert "• Catalog" in labels(admin)
    await admin.tap("Settings & content")
    setting = log["setting"]
    assert shown(admin).text == (
        "📜 Audit log · 1\n🔎 Settings & content · Admin\n\n"
        f"🕒 {when(setting)} · 👤 Admin 9000\nsettings.update min_order: 0 → 1250")
    await admin.tap("✖️ Show all")
    assert shown(admin).text.startswith("📜 Audit log · 5\n\n")
    assert shown(admin).buttons[0] == ["🗂 Kind: all", "👤 Admin: all"]
    assert "✖️ Show all" not in labels(admin)


async def test_all_in_a_picker_clears_only_that_filter_and_pages_restart(shop):
    for number in range(10):
        await audit.record(9001, "order.status", number)
    await audit.record(9000, "user.ban", 1001)
    admin = await open_admin_section(shop, AUDIT)
    await admin.tap(">")
    await admin.tap("👤 Admin: all")
    await admin.tap("9001")
    assert shown(admin).text.startswith("📜 Audit log · 10\n🔎 All kinds · 9001\n")
    assert "order.status · 9" in labels(admin)  # the newest page again, not page 2
    await admin.tap("🗂 Kind: all")
    await admin.tap("Users & balances")
    assert shown(admin).text.startswith("📜 Audit log · 0\n🔎 Users & balances · 9001\n")
    await admin.tap("👤 Admin: 9001")
    await admin.tap("• 9001")  # a chosen admin stays chosen when tapped again
    await admin.tap("👤 Admin: 9001")
    await admin.tap("All admins")
    assert shown(admin).text.startswith("📜 Audit log · 1\n🔎 Users & balances · All admins\n")
    assert "user.ban · 1001" in labels(admin)


async def test_an_old_or_forged_filter_button_is_dropped_with_a_note(shop):
    await seed_log()
    admin = await open_admin_section(shop, AUDIT)
    await admin.tap("🗂 Kind: all")
    await admin._callback(snapshot(admin), forged(admin, "Orders", "refunds"))  # a removed kind
    assert shown(admin).text.startswith("That filter is no longer there; showing all instead.\n\n"
                                        "📜 Audit log · 5\n\n")
    await admin.tap("👤 Admin: all")
    await admin._callback(snapshot(admin), forged(admin, "9001", 4242))  # not in the log
    assert shown(admin).text.startswith("That filter is no longer there; showing all instead.\n\n"
                                        "📜 Audit log · 5\n\n")
    await admin.tap("👤 Admin: all")
    await admin._callback(snapshot(admin), forged(admin, "9001", "x"))  # not a number
    assert shown(admin).buttons[0] == ["• All admins", "Admin"]  # ignored: nothing chosen


async def test_a_customer_forging_the_filter_tap_is_refused(shop):
    await seed_log()
    ann = await customer(shop)
    admin = await open_admin_section(shop, AUDIT)
    await admin.tap("🗂 Kind: all")
    await ann._callback(ann.screen.message, forged(admin, "Orders", "orders"))
    assert "Audit log" not in (ann.screen.text or "")
    assert not any("order.status" in (message.text or "") for message in ann.messages)
