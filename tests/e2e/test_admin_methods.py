"""Payment methods as an admin manages them: add (name → emoji → details kept as HTML), edit a
field, hide from customers, delete after a confirmation; a photo where text is expected."""

from nanostore.db.models import AuditEntry, PaymentMethod
from tests.fixtures.admin import labels, open_section, shown


async def test_add_edit_toggle_and_delete_a_method(shop):
    admin = await open_section(shop, "💳 Payment methods")
    await admin.tap("➕ Add method")
    await admin.send_photo()
    assert "type it as text" in shown(admin).text
    await admin.send("x" * 65)
    assert "1 to 64 characters" in shown(admin).text
    await admin.send("Bank transfer")
    await admin.send("🏦")
    assert await PaymentMethod.all().count() == 0
    await admin.send("IBAN <DE00 1234> & BIC")
    assert "Payment method Bank transfer added" in shown(admin).text
    method = await PaymentMethod.get(name="Bank transfer")
    assert method.emoji == "🏦" and method.details == "IBAN &lt;DE00 1234&gt; &amp; BIC"
    assert "IBAN <DE00 1234> & BIC" in shown(admin).text  # valid HTML, shown as typed
    await admin.tap("✏️ Name")
    await admin.send("SEPA transfer")
    assert "Saved" in shown(admin).text and "SEPA transfer" in shown(admin).text
    await admin.tap("✏️ Emoji")
    await admin.send("-")
    assert (await PaymentMethod.get(id=method.id)).emoji == ""
    await admin.tap("🔴 Hide from customers")
    assert not (await PaymentMethod.get(id=method.id)).is_active
    await admin.tap("🗑 Delete")
    await admin.tap("🗑 Yes, delete")
    assert "Payment method deleted" in shown(admin).text
    assert await PaymentMethod.all().count() == 0
    actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert {"payment_method.create", "payment_method.update", "payment_method.toggle",
            "payment_method.delete"} <= actions


async def test_skip_the_emoji(shop):
    admin = await open_section(shop, "💳 Payment methods")
    await admin.tap("➕ Add method")
    await admin.send("Crypto")
    await admin.tap("⏭ Skip")
    await admin.send("USDT TRC20: T123")
    method = await PaymentMethod.get(name="Crypto")
    assert (method.emoji, method.details, method.is_active) == ("", "USDT TRC20: T123", True)
    await admin.tap("⬅️ Back")
    assert any("Crypto" in label for label in labels(admin))
