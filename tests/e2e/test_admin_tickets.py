"""Tickets, admin side: the open queue and all tickets, a thread, reply, close and reopen; the
customer is told each time."""

from __future__ import annotations

from nanostore.db.models import Ticket, TicketMessage, User
from nanostore.db.models.enums import TicketStatus
from nanostore.services import tickets
from tests.fixtures.admin import open_tickets


async def seeded(shop):
    ann = shop.person(1001, "Ann")
    await User.create(id=1001, first_name="Ann", username="ann")
    await User.create(id=1002, first_name="Bob")
    first = await tickets.open_ticket(1001, "Key does not work", "The key <XYZ> is rejected")
    await tickets.open_ticket(1002, "Refund?", "Can I get a refund")
    await shop.flush()  # the admins' "new ticket" notices go out before the admin starts
    return ann, first


async def test_reply_reaches_the_customer(shop):
    ann, ticket = await seeded(shop)
    admin = await open_tickets(shop)
    assert "🟢 Open (2)" in " ".join(admin.screen.labels)
    await admin.tap(f"🟢 #{ticket.id} · Key does not work")
    assert "The key <XYZ> is rejected" in admin.screen.text and "@ann" in admin.screen.text
    await admin.tap("✍️ Reply")
    await admin.send("Here is a new key")
    assert "✅ Answer sent." in admin.screen.text
    assert "Here is a new key" in admin.screen.text
    await shop.flush()
    assert any("Here is a new key" in m.text for m in ann.messages)
    assert await TicketMessage.filter(ticket_id=ticket.id, from_admin=True).count() == 1


async def test_close_and_reopen_are_told_and_move_between_queues(shop):
    ann, ticket = await seeded(shop)
    admin = await open_tickets(shop)
    await admin.tap(f"🟢 #{ticket.id} · Key does not work")
    await admin.tap("🔴 Close ticket")
    assert "🟢 Reopen ticket" in admin.screen.labels
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.CLOSED
    await shop.flush()
    told = len(ann.messages)
    assert told >= 1
    await admin.tap("⬅️ Back")
    assert "🟢 Open (1)" in " ".join(admin.screen.labels)
    assert f"#{ticket.id} · Key does not work" not in " ".join(admin.screen.labels)
    await admin.tap("📋 All (2)")
    await admin.tap(f"🔴 #{ticket.id} · Key does not work")
    await admin.tap("🟢 Reopen ticket")
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.OPEN
    await shop.flush()
    assert len(ann.messages) == told + 1


async def test_a_stale_close_tap_changes_nothing_twice(shop):
    ann, ticket = await seeded(shop)
    admin = await open_tickets(shop)
    await admin.tap(f"🟢 #{ticket.id} · Key does not work")
    thread = admin.screen.message
    close = next(button["callback_data"] for row in thread.reply_markup["inline_keyboard"]
                 for button in row if button["text"] == "🔴 Close ticket")
    await admin.tap("🔴 Close ticket")
    await shop.flush()
    told = len(ann.messages)
    await admin._callback(thread, close)  # the same button again: a double tap
    await shop.flush()
    assert len(ann.messages) == told
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.CLOSED


async def test_queue_pages(shop):
    await User.create(id=1001, first_name="Ann")
    for number in range(11):
        await tickets.open_ticket(1001, f"Question {number}", "text")
    await shop.flush()
    admin = await open_tickets(shop)
    assert "🟢 Open (11)" in " ".join(admin.screen.labels)
    assert "Question 10" in admin.screen.text and "Question 2" not in admin.screen.text
    await admin.tap(">")
    assert "Question 2" in admin.screen.text
