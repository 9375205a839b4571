"""Wallet end to end: balance, top-up by preset or typed amount, screenshot, Stars, history."""

from __future__ import annotations

from nanostore.db.models import LedgerEntry, StarsPayment, User, WalletTopUp
from nanostore.db.models.enums import ReviewStatus, StarsPaymentStatus
from nanostore.services import settings, wallet
from tests.fixtures.checkout import bank
from tests.fixtures.people import customer, labels, open_dialog, received, window_text
from tests.fixtures.staff import person as staff_person


async def test_balance_and_bonus_shown(shop):
    ann = await customer(shop, balance=1250)
    await settings.update("topup_bonus_percent", 5)
    await open_dialog(shop, ann, "wallet")
    assert "Balance: $12.50\n\nTop up from " in window_text(ann)
    assert ".\n🎁 Bonus: +5% on every top-up." in window_text(ann)
    assert {"➕ Top up", "📜 History", "⬅️ Back", "🏠 Home"} <= set(labels(ann))


async def test_topup_with_preset_and_screenshot_then_approved(shop):
    ann = await customer(shop)
    await shop.admin.command("start")
    await settings.update("topup_bonus_percent", 10)
    await bank()
    await open_dialog(shop, ann, "wallet")
    await ann.tap("➕ Top up")
    assert {"$5.00", "$10.00", "$25.00", "$50.00"} <= set(labels(ann))
    await ann.tap("$10.00")
    assert "Top up $10.00\n🎁 Bonus: +$1.00\n" in window_text(ann)
    assert "⭐" not in " ".join(labels(ann))  # Stars top-ups are off by default
    await ann.tap("🏦 Bank transfer")
    assert "IBAN DE00 1234" in window_text(ann)
    await ann.send("paid!")
    assert "Please send a photo" in window_text(ann)
    assert await WalletTopUp.all().count() == 0
    await ann.send_photo()
    assert "top-up request was sent" in window_text(ann)
    await shop.flush()
    assert any(m.media_kind == "photo" for m in shop.admin.inbox)
    topup = await WalletTopUp.get(user_id=ann.id)
    assert (topup.amount, topup.status) == (1000, ReviewStatus.PENDING)
    await wallet.approve_topup(topup.id, by=staff_person("payments", user_id=9000))
    await shop.flush()
    assert (await User.get(id=ann.id)).balance == 1100
    assert "$10.00" in received(ann)


async def test_custom_amount_checked_against_limits(shop):
    ann = await customer(shop)
    await bank()
    await open_dialog(shop, ann, "wallet")
    await ann.tap("➕ Top up")
    for bad in ("ten", "-5", "1.234", ""):
        if bad:
            await ann.send(bad)
            assert "Please send an amount as a number" in window_text(ann), bad
    await ann.send_photo()
    assert "Please send an amount as a number" in window_text(ann)
    await ann.send("0.50")
    assert "between $1.00 and $10,000.00" in window_text(ann)
    await ann.send("99999999")
    assert "between $1.00 and $10,000.00" in window_text(ann)
    await ann.send("12.34")
    assert "Top up $12.34" in window_text(ann)


async def test_topups_switched_off_hide_the_button(shop):
    ann = await customer(shop)
    await settings.update("topup_enabled", False)
    await open_dialog(shop, ann, "wallet")
    assert "➕ Top up" not in labels(ann)


async def test_topup_in_stars_credits_once(shop):
    ann = await customer(shop)
    await settings.update("topup_stars_enabled", True)
    await settings.update("stars_per_unit", 2)
    await open_dialog(shop, ann, "wallet")
    await ann.tap("➕ Top up")
    await ann.tap("$5.00")
    await ann.tap("⭐ Pay with Stars (10 Stars)")
    invoice = shop.emulator.calls_of("sendInvoice")[-1].params
    assert invoice["currency"] == "XTR" and invoice["payload"] == "topup:500"
    assert "invoice is below" in window_text(ann)
    payment = await ann.pay_invoice()
    await ann.deliver_payment(payment)  # Telegram reporting the same charge twice
    await shop.flush()
    assert (await User.get(id=ann.id)).balance == 500
    assert await StarsPayment.filter(status=StarsPaymentStatus.APPLIED).count() == 1
    assert "$5.00" in received(ann)


async def test_history_lists_movements_and_topups_paged(shop):
    ann = await customer(shop)
    for _ in range(12):
        await wallet.admin_adjust(ann.id, 100, by=staff_person(owner=True, user_id=9000), reason_note="gift")
    await wallet.request_topup(ann.id, 700, await bank(), "photo-id")
    await open_dialog(shop, ann, "wallet")
    await ann.tap("📜 History")
    text = window_text(ann)
    assert "page 1/2" in text and text.count("Adjustment") == 10 and "➕ $1.00" in text
    await ann.tap("›")
    assert "page 2/2" in window_text(ann) and window_text(ann).count("Adjustment") == 2
    assert "›" not in labels(ann)
    await ann.tap("⬅️ Back")
    await ann.tap("🧾 My top-ups")
    assert "$7.00" in window_text(ann) and "under review" in window_text(ann)
    assert await LedgerEntry.filter(user_id=ann.id).count() == 12


async def test_reached_from_the_main_menu(shop):
    ann = await customer(shop, balance=300)
    await ann.tap("🛍 Open the shop")
    await ann.tap("💰 Wallet")
    assert "Balance: $3.00" in window_text(ann)
    await ann.tap("⬅️ Back")
    assert "💰 Wallet" in labels(ann)
