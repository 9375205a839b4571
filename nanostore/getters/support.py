"""Support screens: the person's own tickets, one page at a time, and a ticket's thread."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.db.models.enums import TicketStatus
from nanostore.services import tickets
from nanostore.ui import default_registry as registry

# Telegram allows 4096 characters; the header, labels and dates take the rest.
THREAD_BUDGET = 3300
# One very long message must not push every other one off the screen.
MESSAGE_CLIP = 1200


@registry.getter("support.my_tickets")
async def my_tickets(dialog_manager: DialogManager, shop_user, page: int = 0, page_size: int = 6,
                     **_) -> dict:
    listed = await tickets.my_tickets(shop_user.id, page, page_size)
    rows = [{"id": ticket.id, "subject": ticket.subject, "status": str(ticket.status)}
            for ticket in listed.items]
    return {"tickets": rows, "total": listed.total, "page": listed.page, "pages": listed.pages}


def clip(text: str, longest: int = MESSAGE_CLIP) -> str:
    return text if len(text) <= longest else text[: longest - 1].rstrip() + "…"


def newest_that_fit(messages: list[dict], budget: int = THREAD_BUDGET) -> tuple[list[dict], int]:
    """The newest messages whose texts fit the budget (oldest first) and how many were left out."""
    kept: list[dict] = []
    used = 0
    for message in reversed(messages):
        used += len(message["text"]) + 40  # the author line and spacing
        if kept and used > budget:
            break
        kept.append(message)
    kept.reverse()
    return kept, len(messages) - len(kept)


@registry.getter("support.thread")
async def thread(dialog_manager: DialogManager, shop_user, **_) -> dict:
    ticket_id = dialog_manager.dialog_data["ticket_id"]
    found = await tickets.thread(ticket_id, shop_user.id, is_admin=False)
    messages = [{"from_admin": message.from_admin, "text": clip(message.text),
                 "created_at": message.created_at} for message in found.messages]
    shown, hidden = newest_that_fit(messages)
    ticket = found.ticket
    return {
        "ticket": {"id": ticket.id, "subject": ticket.subject, "status": str(ticket.status)},
        "is_open": ticket.status == TicketStatus.OPEN,
        "messages": shown,
        "hidden": hidden,
    }
