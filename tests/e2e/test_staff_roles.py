"""Staff in the bot: an owner gives roles in Users → a person → Roles, staff see only their
areas, alerts reach who can act, and a role taken away counts from the next tap."""

from __future__ import annotations

import pytest

from nanostore.bot.alert_buttons import CONFIRM, AlertTap
from nanostore.db.models import AuditEntry, Order, PaymentProof, TicketMessage, User
from nanostore.db.models.enums import PaymentStatus, ReviewStatus
from nanostore.services import admin_alerts, tickets
from nanostore.services import settings as shop_settings
from tests.fixtures.admin import (
    ADMIN_PANEL,
    customer,
    labels,
    open_admin_panel,
    open_section,
    shown,
    tap_containing,
)
from tests.fixtures.orders import proof_for_new_order
from tests.fixtures.staff import give_roles

# Who may do what is decided by the engine and the roles, the same on either database.
pytestmark = pytest.mark.one_backend

SAM, PAM = 1005, 1006
NO_ACCESS = "You no longer have access to that, so here is the main menu."


async def staff_member(shop, user_id: int, name: str, *roles: str):
    person = await customer(shop, user_id, name, username=name.lower())
    if roles:
        await give_roles(user_id, *roles)
    return person


async def test_an_owner_gives_a_role_and_the_person_sees_only_that_area(shop):
    sam = await staff_member(shop, SAM, "Sam")
    admin = await open_section(shop, "👥 Users")
    await tap_containing(admin, "Sam")
    await admin.tap("🔑 Roles")
    assert "Roles of Sam" in shown(admin).text and "▫️ Support tickets" in labels(admin)
    await admin.tap("▫️ Support tickets")
    assert "✅ Support tickets" in labels(admin) and "▫️ Payments and top-ups" in labels(admin)
    entry = await AuditEntry.get(action="staff.roles")
    assert (entry.admin_id, entry.target) == (9000, str(SAM))

    await sam.command("start")
    await sam.tap("🛍 Open the shop")
    await sam.tap(ADMIN_PANEL)
    panel = labels(sam)
    assert any(label.startswith("🎫 Tickets") for label in panel)
    for other in ("⚙️ Settings", "🗂 Catalog", "👥 Users", "📈 Revenue chart"):
        assert other not in panel
    assert not any(label.startswith("📸 Proofs") for label in panel)


async def test_the_owners_own_roles_cannot_be_changed_in_the_bot(shop):
    admin = await open_section(shop, "👥 Users")
    await tap_containing(admin, "Admin")
    await admin.tap("🔑 Roles")
    assert "An owner holds every role" in shown(admin).text
    assert not any(label.startswith(("▫️", "✅")) for label in labels(admin))


async def test_support_answers_tickets_but_cannot_approve_a_payment(shop):
    ann = await customer(shop)
    await shop.admin.command("start")
    sam = await staff_member(shop, SAM, "Sam", "support")
    order, proof = await proof_for_new_order(shop)
    ticket = await tickets.open_ticket(1001, "Key does not work", "It is rejected")
    await shop.flush()
    # The ticket alert reaches Sam; the proof alert goes to those who decide payments.
    assert any("Key does not work" in (m.text or m.caption or "") for m in sam.inbox)
    assert not any(m.media_kind == "photo" for m in sam.inbox)
    assert any(m.media_kind == "photo" for m in shop.admin.inbox)

    await sam.command("start")
    await sam.tap("🛍 Open the shop")
    await sam.tap(ADMIN_PANEL)
    await tap_containing(sam, "Tickets")
    await sam.tap(f"🟢 #{ticket.id} · Key does not work")
    await sam.tap("✍️ Reply")
    await sam.send("Here is a new key")
    assert "✅ Answer sent." in sam.screen.text
    assert await TicketMessage.filter(ticket_id=ticket.id, from_admin=True).count() == 1

    # The owner's alert button for the proof, forged by Sam: refused, the proof still waits.
    forged = AlertTap(action=CONFIRM, subject=admin_alerts.PROOF, item_id=proof.id).pack()
    alert = await sam.send_callback(forged)
    assert alert is not None and alert.text == "You can't do that."
    assert (await PaymentProof.get(id=proof.id)).status == ReviewStatus.PENDING
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.AWAITING_REVIEW
    await shop.flush()
    assert any("Here is a new key" in (m.text or "") for m in ann.messages)


async def test_payments_approves_a_proof_but_cannot_change_settings(shop):
    await customer(shop)
    pam = await staff_member(shop, PAM, "Pam", "payments")
    order, _ = await proof_for_new_order(shop)
    await shop.flush()
    await open_admin_panel(shop, pam)
    assert "⚙️ Settings" not in labels(pam)
    await tap_containing(pam, "📸 Proofs")
    await tap_containing(pam, f"#{order.id}")
    await pam.tap("✅ Approve")
    await pam.tap("✅ Yes, payment received")
    assert "Approved" in shown(pam).text
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID
    assert await AuditEntry.filter(action="proof.approve", admin_id=PAM).count() == 1

    # Her own panel's callback with the Settings button's id put in: refused, screen closed.
    await open_admin_panel(shop, pam)
    panel = pam.screen.message
    data = next(button["callback_data"] for row in panel.reply_markup["inline_keyboard"]
                for button in row if "callback_data" in button)
    intent = data.split("\x1d", 1)[0]
    alert = await pam.send_callback(f"{intent}\x1dsettings", message=panel)
    assert alert is not None and alert.text == NO_ACCESS
    assert "Admin panel" not in shown(pam).text and "Settings" not in shown(pam).text
    assert (await shop_settings.load()).maintenance is False


async def test_a_role_taken_away_while_the_screen_is_open_refuses_the_next_tap(shop):
    await User.create(id=1001, first_name="Ann")
    await tickets.open_ticket(1001, "Help", "Please")
    sam = await staff_member(shop, SAM, "Sam", "support")
    await shop.flush()
    await open_admin_panel(shop, sam)
    await tap_containing(sam, "Tickets")
    assert "Open (1)" in " ".join(labels(sam))
    await give_roles(SAM)  # the owner takes every role away meanwhile
    alert = await sam.tap(next(label for label in labels(sam) if "Help" in label))
    assert alert is not None and alert.text == NO_ACCESS and alert.show_alert
    assert "Help" not in " ".join(labels(sam)) and ADMIN_PANEL not in labels(sam)
    assert "Please" not in shown(sam).text
