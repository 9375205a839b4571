"""Support tickets from the customer's side: open, read the thread, reply, close, reopen."""

from nanostore.db.models import OutboxMessage, Ticket, TicketMessage
from nanostore.db.models.enums import TicketStatus
from nanostore.emulator.screen import Screen
from nanostore.services import tickets
from tests.fixtures.people import open_support, window_text


def with_buttons(person) -> Screen:
    """The latest message with buttons: notifications may have arrived after it."""
    return next(Screen(message) for message in reversed(person.inbox) if message.reply_markup)


async def new_ticket(person, subject="Key does not work", text="It says invalid."):
    await person.tap("➕ New ticket")
    await person.send(subject)
    await person.send(text)


async def test_new_ticket_shows_the_thread_and_tells_the_admins(shop):
    ann, admin = shop.person(1001, "Ann"), shop.admin
    await open_support(ann)
    assert "no tickets yet" in ann.screen.text
    await new_ticket(ann)
    ticket = await Ticket.get(user_id=1001)
    assert ticket.subject == "Key does not work" and ticket.status == TicketStatus.OPEN
    assert f"Ticket #{ticket.id}" in ann.screen.text and "\nIt says invalid." in ann.screen.text
    assert ["✍️ Reply", "🔒 Close ticket"] in ann.screen.buttons
    await shop.flush()
    assert "Key does not work" in admin.screen.text and "It says invalid." in admin.screen.text


async def test_too_long_or_not_text_is_refused_kindly(shop):
    ann = shop.person(1001, "Ann")
    await open_support(ann)
    await ann.tap("➕ New ticket")
    await ann.send("x" * 200)
    assert "too long" in ann.screen.text and "128" in ann.screen.text
    await ann.send_photo()
    assert "Please send text" in ann.screen.text
    await ann.send("Refund")
    await ann.send_document("log.txt", b"data")
    assert "Please send text" in ann.screen.text
    await ann.send("y" * 4001)
    assert "too long" in ann.screen.text and "4000" in ann.screen.text
    assert await Ticket.all().count() == 0
    await ann.send("Please refund order 5")
    assert (await Ticket.get()).subject == "Refund"


async def test_my_tickets_lists_only_mine_with_status(shop):
    ann, bob = shop.person(1001, "Ann"), shop.person(1002, "Bob")
    await open_support(ann)
    await open_support(bob)
    first = await tickets.open_ticket(1001, "First", "one")
    await tickets.open_ticket(1001, "Second", "two")
    await tickets.open_ticket(1002, "Bob's own", "three")
    await tickets.close(first.id, 9000, is_admin=True)
    await ann.tap("🏠 Home")
    await ann.tap("🎫 Support")
    labels = with_buttons(ann).labels
    assert f"🔴 #{first.id} · First" in labels
    assert any(label.startswith("🟢") and "Second" in label for label in labels)
    assert not any("Bob's own" in label for label in labels)


async def test_reply_and_admin_answer_appear_in_the_thread(shop):
    ann, admin = shop.person(1001, "Ann"), shop.admin
    await open_support(ann)
    await new_ticket(ann)
    ticket = await Ticket.get(user_id=1001)
    await tickets.reply(ticket.id, 9000, "Try again now.", is_admin=True)
    await shop.flush()
    assert "Try again now." in ann.messages[-1].text  # the notification
    await ann.tap("✍️ Reply", message=ann.inbox[-2])
    await ann.send("Works, thanks!")
    text = ann.screen.text
    assert text.index("It says invalid.") < text.index("Try again now.") < text.index("Works, thanks!")
    assert "🛟 Support" in text and "👤 You" in text
    assert await TicketMessage.filter(ticket_id=ticket.id).count() == 3
    await shop.flush()
    assert "Works, thanks!" in admin.screen.text


async def test_close_asks_first_then_closes_and_can_reopen(shop):
    ann = shop.person(1001, "Ann")
    await open_support(ann)
    await new_ticket(ann)
    await ann.tap("🔒 Close ticket")
    assert "Close this ticket?" in ann.screen.text
    await ann.tap("⬅️ Back")
    assert (await Ticket.get()).status == TicketStatus.OPEN
    await ann.tap("🔒 Close ticket")
    await ann.tap("🔒 Yes, close it")
    assert (await Ticket.get()).status == TicketStatus.CLOSED
    assert "closed" in ann.screen.text and "✍️ Reply" not in ann.screen.labels
    await ann.tap("🔓 Reopen")
    assert (await Ticket.get()).status == TicketStatus.OPEN
    assert "✍️ Reply" in ann.screen.labels


async def test_reply_to_a_ticket_closed_meanwhile_is_refused(shop):
    ann = shop.person(1001, "Ann")
    await open_support(ann)
    await new_ticket(ann)
    await ann.tap("✍️ Reply")
    ticket = await Ticket.get()
    await tickets.close(ticket.id, 9000, is_admin=True)
    await ann.send("Still broken")
    assert "This ticket is closed." in ann.screen.text
    assert await TicketMessage.filter(ticket_id=ticket.id).count() == 1


async def test_a_long_thread_is_trimmed_to_the_newest_messages(shop):
    ann = shop.person(1001, "Ann")
    await open_support(ann)
    await new_ticket(ann, text="first message")
    ticket = await Ticket.get()
    for number in range(12):
        await tickets.reply(ticket.id, 9000, f"answer {number} " + "z" * 600, is_admin=True)
    await ann.tap("⬅️ Back")
    await ann.tap(f"🟢 #{ticket.id} · Key does not work")
    # The thread's screen, not the newest message: the twelve "answered" notifications are sent
    # in the background and one may land after the tap.
    text = window_text(ann)
    assert len(text) <= 4096
    assert "answer 11" in text and "first message" not in text
    assert "earlier messages not shown" in text


async def test_a_person_cannot_read_someone_elses_ticket(shop):
    from nanostore.services.errors import AccessDenied
    ann = shop.person(1001, "Ann")
    await open_support(ann)
    await open_support(shop.person(1002, "Bob"))
    ticket = await tickets.open_ticket(1001, "Mine", "private")
    try:
        await tickets.thread(ticket.id, 1002, is_admin=False)
    except AccessDenied:
        pass
    else:
        raise AssertionError("Bob read Ann's ticket")
    assert await OutboxMessage.filter(kind="new_ticket").count() == 1


async def test_many_tickets_are_paged(shop):
    ann = shop.person(1001, "Ann")
    await open_support(ann)
    for number in range(8):
        await tickets.open_ticket(1001, f"Question {number}", "text")
    await ann.tap("🏠 Home")
    await ann.tap("🎫 Support")
    first_page = with_buttons(ann).labels
    assert sum("Question" in label for label in first_page) == 6
    assert "Question 7" in " ".join(first_page)  # the most recent first
    await ann.tap(">")
    second_page = with_buttons(ann).labels
    assert sum("Question" in label for label in second_page) == 2
    assert "Question 0" in " ".join(second_page)
