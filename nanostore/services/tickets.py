"""Support tickets: a person opens one, both sides reply, either side closes or reopens.

A person only ever sees their own tickets; admins see all. A customer reply is accepted only
while the ticket is open, checked by the same UPDATE that bumps the ticket up the queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Ticket, TicketMessage, User
from nanostore.db.models.enums import TicketStatus

from . import admin_alerts
from .errors import AccessDenied, InvalidInput, NotFound, TicketClosed
from .outbox import notify_admins, notify_user
from .paging import DEFAULT_PAGE_SIZE, Page, paginate

SUBJECT_MAX = 128
TEXT_MAX = 4000
STATUSES = ("open", "all")


@dataclass(frozen=True)
class Thread:
    ticket: Ticket
    messages: list[TicketMessage]


@dataclass(frozen=True)
class TicketQueue:
    page: Page[Ticket]
    open_count: int
    all_count: int


def _checked(field: str, value: str, longest: int) -> str:
    value = (value or "").strip()
    if not 1 <= len(value) <= longest:
        raise InvalidInput(field=field, reason="length", min=1, max=longest)
    return value


async def open_ticket(user_id: int, subject: str, text: str, file_id: str | None = None) -> Ticket:
    subject = _checked("subject", subject, SUBJECT_MAX)
    text = _checked("text", text, TEXT_MAX)
    if not await User.exists(id=user_id):
        raise NotFound(entity="user", id=user_id)
    async with in_transaction():
        ticket = await Ticket.create(user_id=user_id, subject=subject)
        await TicketMessage.create(ticket=ticket, author_id=user_id, text=text, file_id=file_id)
        await notify_admins("new_ticket", ticket_id=ticket.id, user_id=user_id, subject=subject,
                            text=text)
    return ticket


async def my_tickets(user_id: int, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[Ticket]:
    return await paginate(Ticket.filter(user_id=user_id).order_by("-updated_at", "-id"), page, page_size)


async def count_for_user(user_id: int) -> int:
    """How many tickets the person ever opened, open and closed alike."""
    return await Ticket.filter(user_id=user_id).count()


async def thread(ticket_id: int, viewer_id: int, is_admin: bool) -> Thread:
    """The ticket (with its customer, for admins) and its messages, oldest first."""
    ticket = await _visible_ticket(ticket_id, viewer_id, is_admin)
    if is_admin:
        await ticket.fetch_related("user")
    messages = await TicketMessage.filter(ticket_id=ticket_id).order_by("created_at", "id")
    return Thread(ticket=ticket, messages=list(messages))


async def _visible_ticket(ticket_id: int, viewer_id: int, is_admin: bool) -> Ticket:
    ticket = await Ticket.get_or_none(id=ticket_id)
    if ticket is None:
        raise NotFound(entity="ticket", id=ticket_id)
    if not is_admin and ticket.user_id != viewer_id:
        raise AccessDenied()
    return ticket


async def reply(ticket_id: int, author_id: int, text: str, is_admin: bool,
                file_id: str | None = None) -> TicketMessage:
    text = _checked("text", text, TEXT_MAX)
    ticket = await _visible_ticket(ticket_id, author_id, is_admin)
    async with in_transaction():
        bump = Ticket.filter(id=ticket_id)
        if not is_admin:
            bump = bump.filter(status=TicketStatus.OPEN)
        if await bump.update(updated_at=utc_now()) != 1:
            raise TicketClosed(ticket_id=ticket_id)
        message = await TicketMessage.create(ticket_id=ticket_id, author_id=author_id, text=text,
                                             file_id=file_id, from_admin=is_admin)
        if is_admin:
            await notify_user(ticket.user_id, "ticket_answered", ticket_id=ticket_id,
                              subject=ticket.subject, text=text)
            await admin_alerts.decided(admin_alerts.TICKET, ticket_id, admin_alerts.ANSWERED,
                                       author_id)
        else:
            await notify_admins("ticket_reply", ticket_id=ticket_id, user_id=author_id,
                                subject=ticket.subject, text=text)
    return message


async def close(ticket_id: int, actor_id: int, is_admin: bool) -> bool:
    return await _set_status(ticket_id, actor_id, is_admin, TicketStatus.CLOSED)


async def reopen(ticket_id: int, actor_id: int, is_admin: bool) -> bool:
    return await _set_status(ticket_id, actor_id, is_admin, TicketStatus.OPEN)


async def _set_status(ticket_id: int, actor_id: int, is_admin: bool, status: TicketStatus) -> bool:
    """True when the status changed; closing a closed ticket is a harmless no-op."""
    ticket = await _visible_ticket(ticket_id, actor_id, is_admin)
    async with in_transaction():
        changed = await Ticket.filter(id=ticket_id).exclude(status=status).update(
            status=status, updated_at=utc_now())
        if changed and is_admin:
            kind = "ticket_closed" if status == TicketStatus.CLOSED else "ticket_reopened"
            await notify_user(ticket.user_id, kind, ticket_id=ticket_id, subject=ticket.subject)
            if status == TicketStatus.CLOSED:
                await admin_alerts.decided(admin_alerts.TICKET, ticket_id, admin_alerts.CLOSED,
                                           actor_id)
    return bool(changed)


async def list_tickets(status: str = "open", page: int = 0,
                       page_size: int = DEFAULT_PAGE_SIZE) -> TicketQueue:
    """The admin queue, most recently active first, with how many are open and in all."""
    if status not in STATUSES:
        raise InvalidInput(field="status", reason="unknown")
    query = Ticket.all() if status == "all" else Ticket.filter(status=TicketStatus.OPEN)
    listed = await paginate(query.select_related("user").order_by("-updated_at", "-id"), page, page_size)
    open_count = listed.total if status == "open" else await Ticket.filter(status=TicketStatus.OPEN).count()
    all_count = listed.total if status == "all" else await Ticket.all().count()
    return TicketQueue(page=listed, open_count=open_count, all_count=all_count)
