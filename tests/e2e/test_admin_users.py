"""Users as an admin looks after them: list, search (id, @username, name, nobody), the profile
with ledger and counts, ban/unban after a confirmation, balance adjustments with a reason that
never go below zero, export; the person is told."""

import json

from nanostore.db.models import AuditEntry, LedgerEntry, User
from nanostore.db.models.enums import LedgerReason
from nanostore.services import ledger
from tests.fixtures.admin import customer, open_section, shown, tap_containing


async def test_search_profile_and_ban_with_confirmation(shop):
    ann = await customer(shop)
    await customer(shop, 1002, "Bob", "bobby")
    await ledger.credit(1001, 700, LedgerReason.TOPUP, "topup:1")
    admin = await open_section(shop, "👥 Users")
    assert "👥 Users\n3 people" in shown(admin).text  # Ann, Bob and the admin
    await admin.tap("🔎 Search")
    await admin.send("nobody-here")
    assert "Nobody matches" in shown(admin).text
    await admin.send_photo()
    assert "as text" in shown(admin).text
    await admin.send("@bobby")
    assert "Bob" in shown(admin).text and "1002" in shown(admin).text  # one match: the profile
    await admin.tap("⬅️ Back")
    await admin.tap("🔎 Search")
    await admin.send("1001")
    screen = shown(admin).text
    assert "Ann" in screen and "@ann" in screen and "$7.00" in screen
    assert "Orders: 0" in screen and "Tickets: 0" in screen and "Top-up" in screen
    await admin.tap("🚫 Ban")
    assert "lose access" in shown(admin).text
    await admin.tap("⬅️ Back")
    assert not (await User.get(id=1001)).is_banned
    await admin.tap("🚫 Ban")
    await admin.tap("🚫 Yes, ban")
    assert "Banned" in shown(admin).text and (await User.get(id=1001)).is_banned
    await shop.flush()
    assert any("restricted" in (m.text or "") for m in ann.messages)
    await admin.tap("✅ Unban")
    await admin.tap("✅ Yes, unban")
    assert not (await User.get(id=1001)).is_banned
    assert await AuditEntry.filter(action__in=["user.ban", "user.unban"]).count() == 2


async def test_adjust_balance_with_reason_never_below_zero(shop):
    ann = await customer(shop)
    await ledger.credit(1001, 300, LedgerReason.TOPUP, "topup:1")
    admin = await open_section(shop, "👥 Users")
    await tap_containing(admin, "Ann")
    await admin.tap("💰 Adjust balance")
    await admin.send("5")
    assert "with its sign" in shown(admin).text
    await admin.send("+0")
    assert "with its sign" in shown(admin).text
    await admin.send_photo()
    assert "with its sign" in shown(admin).text
    await admin.send("-5.00")
    await admin.send("Chargeback")
    assert "can't go below zero" in shown(admin).text and "$3.00" in shown(admin).text
    assert (await User.get(id=1001)).balance == 300
    await admin.send("-2.50")
    await admin.send_photo()
    assert "reason as text" in shown(admin).text
    await admin.send("Chargeback")
    assert "it is now $0.50" in shown(admin).text
    entry = await LedgerEntry.filter(user_id=1001, reason=LedgerReason.ADMIN_ADJUSTMENT).get()
    assert (entry.amount, entry.note) == (-250, "Chargeback")
    assert (await User.get(id=1001)).balance == 50
    await shop.flush()
    assert any("debited" in (m.text or "") and "Chargeback" in m.text for m in ann.messages)


async def test_export_users_as_csv_and_json(shop):
    await customer(shop)
    admin = await open_section(shop, "👥 Users")
    await admin.tap("📄 Export CSV")
    await admin.tap("🧾 Export JSON")
    documents = [m for m in admin.messages if m.media_kind == "document"]
    assert [d.file.file_name for d in documents] == ["users.csv", "users.json"]
    rows = json.loads(documents[1].file.content)
    assert {row["id"] for row in rows} == {1001, 9000}
    assert documents[0].file.content.decode("utf-8-sig").startswith("id,username,first_name")
    assert "Users" in shown(admin).text  # the screen comes back below the files
