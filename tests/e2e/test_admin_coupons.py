"""Coupons as an admin manages them: the wizard with its bad inputs (nothing saved until the
end), an existing code, uses shown as used/max or ∞, switching off, deleting after a confirm."""

from nanostore.db.models import AuditEntry, Coupon
from nanostore.services import coupons
from tests.fixtures.admin import labels, open_section, shown


async def test_create_wizard_refuses_bad_values_and_saves_once_at_the_end(shop):
    await coupons.create("TAKEN", 5)
    admin = await open_section(shop, "🎟 Coupons")
    assert "TAKEN · −5% · 0/∞" in " ".join(labels(admin))
    await admin.tap("➕ New coupon")
    await admin.send("taken")
    assert "TAKEN already exists" in shown(admin).text
    await admin.send("bad code!")
    assert "can't be used" in shown(admin).text
    await admin.send("spring25")
    assert "step 2 of 4" in shown(admin).text
    await admin.send("150")
    assert "from 1 to 100" in shown(admin).text
    await admin.send("ten")
    assert "from 1 to 100" in shown(admin).text
    await admin.send_photo()
    assert "from 1 to 100" in shown(admin).text
    await admin.send("25")
    await admin.send("-3")
    assert "0 for unlimited" in shown(admin).text
    await admin.send("3")
    assert "step 4 of 4" in shown(admin).text
    assert await Coupon.filter(code="SPRING25").count() == 0  # nothing half-saved
    await admin.send("soon")
    assert "number of days" in shown(admin).text
    await admin.send("7")
    assert "Coupon SPRING25 created" in shown(admin).text
    coupon = await Coupon.get(code="SPRING25")
    assert (coupon.percent, coupon.max_uses, coupon.expires_at is not None) == (25, 3, True)
    assert "\nUsed: 0 of 3\n" in shown(admin).text
    assert await AuditEntry.filter(action="coupon.create").count() == 1


async def test_no_expiry_toggle_and_delete_with_confirmation(shop):
    admin = await open_section(shop, "🎟 Coupons")
    await admin.tap("➕ New coupon")
    await admin.send("forever")
    await admin.send("10")
    await admin.send("0")
    await admin.tap("♾ No expiry")
    assert "Expires: never" in shown(admin).text and "Used: 0 of ∞" in shown(admin).text
    await admin.tap("🔴 Switch off")
    assert not (await Coupon.get(code="FOREVER")).is_active
    assert "switched off" in shown(admin).text
    await admin.tap("🗑 Delete")
    assert "Delete coupon FOREVER?" in shown(admin).text
    await admin.tap("⬅️ Back")
    assert await Coupon.exists(code="FOREVER")
    await admin.tap("🗑 Delete")
    await admin.tap("🗑 Yes, delete")
    assert "Coupon deleted" in shown(admin).text
    assert not await Coupon.exists(code="FOREVER")
    assert not any("FOREVER" in label for label in labels(admin))
