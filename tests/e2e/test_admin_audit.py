"""The audit log: newest first, paged, who/what/target/when, before and after trimmed."""

from __future__ import annotations

from nanostore.services import audit
from tests.fixtures.admin import open_admin_section

AUDIT = "📜 Audit log"


async def test_newest_first_with_values_and_detail(shop):
    await audit.record(9000, "settings.update", "min_order", before=0, after=1250)
    await audit.record(9001, "settings.update", "bot_name", before="Old", after="<b>New</b>" + "x" * 80)
    admin = await open_admin_section(shop, AUDIT)
    text = admin.screen.text
    assert text.index("bot_name") < text.index("min_order")
    assert "0 → 1250" in text and "9001" in text
    assert "<b>New</b>" in text and "x" * 80 not in text  # escaped, and trimmed in the list
    await admin.tap("settings.update · bot_name")
    assert "x" * 80 in admin.screen.text and "Old" in admin.screen.text
    await admin.tap("⬅️ Back")
    assert "Audit log · 2" in admin.screen.text


async def test_pages_and_settings_changes_are_logged(shop):
    for number in range(10):
        await audit.record(9000, "product.update", number, before={"price": number}, after=None)
    admin = await open_admin_section(shop, AUDIT)
    assert "product.update · 9" in admin.screen.labels and "product.update · 1" not in admin.screen.labels
    await admin.tap(">")
    assert "product.update · 1" in admin.screen.labels
    assert '{"price": 0} → —' in admin.screen.text
