"""Wallet top-ups as an admin reviews them: the queue with the screenshot, approve with the
bonus % once (double tap), reject with a note (a photo is not a note); the customer is told."""

from nanostore.db.models import AuditEntry, User, WalletTopUp
from nanostore.db.models.enums import ReviewStatus
from nanostore.services import settings as shop_settings
from tests.fixtures.admin import customer, labels, open_section, shown, snapshot, tap_containing
from tests.fixtures.orders import requested_topup


async def test_approve_with_bonus_once_even_on_a_double_tap(shop):
    ann = await customer(shop)
    await shop_settings.update("topup_bonus_percent", 10)
    await requested_topup(shop)
    admin = await open_section(shop, "💰 Top-ups (1)")
    assert "1 waiting for review" in shown(admin).text
    await tap_containing(admin, "$10.00")
    assert shown(admin).media_kind == "photo"
    assert "$10.00" in shown(admin).text and "+ $1.00 bonus (10%)" in shown(admin).text
    await admin.tap("✅ Approve")
    confirming = snapshot(admin)
    await admin.tap("✅ Yes, money received")
    assert "$10.00 + $1.00 bonus credited" in shown(admin).text
    await admin.tap("✅ Yes, money received", message=confirming)
    assert "already decided" in shown(admin).text
    assert (await User.get(id=1001)).balance == 1100
    assert await AuditEntry.filter(action="topup.approve").count() == 1
    await shop.flush()
    credited = [m for m in ann.messages if "has been credited" in (m.text or "")]
    assert len(credited) == 1
    assert "has been credited.\n🎁 Bonus: +$1.00\n💰 Balance: $11.00" in credited[0].text


async def test_reject_with_a_note(shop):
    ann = await customer(shop)
    topup = await requested_topup(shop, 2500)
    admin = await open_section(shop, "💰 Top-ups")
    await tap_containing(admin, "$25.00")
    await admin.tap("❌ Reject")
    await admin.send_photo()
    assert "type the note as text" in shown(admin).text
    await admin.send("No payment arrived")
    assert "Rejected" in shown(admin).text and "No payment arrived" in shown(admin).text
    assert not any("Approve" in label for label in labels(admin))
    saved = await WalletTopUp.get(id=topup.id)
    assert (saved.status, saved.admin_note) == (ReviewStatus.REJECTED, "No payment arrived")
    assert (await User.get(id=1001)).balance == 0
    await admin.tap("⬅️ Back")
    assert "0 waiting for review" in shown(admin).text
    await shop.flush()
    assert any("No payment arrived" in (m.text or "") for m in ann.messages)
