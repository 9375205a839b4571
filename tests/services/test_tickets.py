import asyncio

import pytest

from nanostore.db.models import OutboxMessage, Ticket, TicketMessage, User
from nanostore.db.models.enums import TicketStatus
from nanostore.services import tickets
from nanostore.services.errors import AccessDenied, InvalidInput, NotFound, TicketClosed

ADMIN = 1


@pytest.fixture
async def people(db):
    await User.create(id=10, first_name="Ann")
    await User.create(id=20, first_name="Bob")


async def test_open_ticket_stores_first_message_and_tells_admins(people):
    ticket = await tickets.open_ticket(10, "  Key does not work ", "It says invalid")
    assert ticket.subject == "Key does not work" and ticket.status == TicketStatus.OPEN
    message = await TicketMessage.get(ticket_id=ticket.id)
    assert (message.author_id, message.text, message.from_admin) == (10, "It says invalid", False)
    notice = await OutboxMessage.get(kind="new_ticket")
    assert notice.audience == "admins" and notice.payload["ticket_id"] == ticket.id


@pytest.mark.parametrize("subject, text, field", [
    ("", "text", "subject"), ("   ", "text", "subject"), ("s" * 129, "text", "subject"),
    ("ok", "", "text"), ("ok", "t" * 4001, "text"),
])
async def test_open_ticket_validates_lengths(people, subject, text, field):
    with pytest.raises(InvalidInput) as error:
        await tickets.open_ticket(10, subject, text)
    assert error.value.params["field"] == field
    assert await Ticket.all().count() == 0


async def test_longest_allowed_values_are_accepted(people):
    await tickets.open_ticket(10, "s" * 128, "t" * 4000)


async def test_open_ticket_for_unknown_user(db):
    with pytest.raises(NotFound):
        await tickets.open_ticket(404, "subject", "text")


async def test_people_see_only_their_own_tickets(people):
    ticket = await tickets.open_ticket(10, "Mine", "hello")
    with pytest.raises(AccessDenied):
        await tickets.thread(ticket.id, viewer_id=20, is_admin=False)
    with pytest.raises(AccessDenied):
        await tickets.reply(ticket.id, 20, "let me in", is_admin=False)
    with pytest.raises(AccessDenied):
        await tickets.close(ticket.id, 20, is_admin=False)
    assert (await tickets.my_tickets(20)).total == 0
    assert (await tickets.my_tickets(10)).total == 1
    assert len((await tickets.thread(ticket.id, viewer_id=ADMIN, is_admin=True)).messages) == 1


async def test_thread_of_unknown_ticket(people):
    with pytest.raises(NotFound):
        await tickets.thread(404, viewer_id=10, is_admin=False)


async def test_conversation_notifies_the_other_side(people):
    ticket = await tickets.open_ticket(10, "Help", "first")
    await tickets.reply(ticket.id, ADMIN, "answer", is_admin=True)
    await tickets.reply(ticket.id, 10, "thanks", is_admin=False)
    answered = await OutboxMessage.get(kind="ticket_answered")
    assert answered.chat_id == 10 and answered.payload["text"] == "answer"
    assert (await OutboxMessage.get(kind="ticket_reply")).audience == "admins"
    conversation = await tickets.thread(ticket.id, viewer_id=10, is_admin=False)
    assert [(m.text, m.from_admin) for m in conversation.messages] == [
        ("first", False), ("answer", True), ("thanks", False)]


async def test_customer_cannot_reply_to_closed_ticket_but_admin_can(people):
    ticket = await tickets.open_ticket(10, "Help", "first")
    assert await tickets.close(ticket.id, ADMIN, is_admin=True)
    assert (await OutboxMessage.get(kind="ticket_closed")).chat_id == 10
    with pytest.raises(TicketClosed):
        await tickets.reply(ticket.id, 10, "wait", is_admin=False)
    await tickets.reply(ticket.id, ADMIN, "one more thing", is_admin=True)
    assert await TicketMessage.filter(ticket_id=ticket.id).count() == 2


async def test_reply_validates_text_and_ticket(people):
    ticket = await tickets.open_ticket(10, "Help", "first")
    with pytest.raises(InvalidInput):
        await tickets.reply(ticket.id, 10, "x" * 4001, is_admin=False)
    with pytest.raises(NotFound):
        await tickets.reply(404, 10, "hi", is_admin=False)


async def test_close_and_reopen_report_change(people):
    ticket = await tickets.open_ticket(10, "Help", "first")
    assert await tickets.close(ticket.id, 10, is_admin=False)
    assert not await tickets.close(ticket.id, 10, is_admin=False)
    assert await OutboxMessage.filter(kind="ticket_closed").count() == 0  # the customer closed it
    assert await tickets.reopen(ticket.id, 10, is_admin=False)
    await tickets.reply(ticket.id, 10, "again", is_admin=False)


async def test_parallel_closes_change_once(people):
    ticket = await tickets.open_ticket(10, "Help", "first")
    results = await asyncio.gather(*(tickets.close(ticket.id, ADMIN, is_admin=True) for _ in range(10)))
    assert sum(results) == 1
    assert await OutboxMessage.filter(kind="ticket_closed").count() == 1


async def test_admin_queue_with_counts(people):
    opened = [await tickets.open_ticket(10, f"T{n}", "text") for n in range(3)]
    await tickets.open_ticket(20, "Bob's", "text")
    await tickets.close(opened[0].id, ADMIN, is_admin=True)
    queue = await tickets.list_tickets("open")
    assert (queue.open_count, queue.all_count, queue.page.total) == (3, 4, 3)
    assert opened[0].id not in [ticket.id for ticket in queue.page.items]
    everything = await tickets.list_tickets("all", page=0, page_size=2)
    assert everything.page.total == 4 and everything.page.pages == 2
    assert everything.open_count == 3
    assert everything.page.items[0].user.first_name in ("Ann", "Bob")
    with pytest.raises(InvalidInput):
        await tickets.list_tickets("pending")
