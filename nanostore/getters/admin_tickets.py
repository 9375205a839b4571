"""The admin's ticket queue and one ticket's thread."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import tickets
from nanostore.ui import default_registry as registry

THREAD_SHOWN = 10  # the latest messages; a screen holds at most 4096 characters
MESSAGE_SHOWN = 300


def _customer(user) -> str:
    return user.first_name or (f"@{user.username}" if user.username else str(user.id))


@registry.getter("admin_tickets.queue")
async def queue(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    status = dialog_manager.dialog_data.get("status", "open")
    listed = await tickets.list_tickets(status, page, page_size)
    return {
        "status": status, "open_count": listed.open_count, "all_count": listed.all_count,
        "page": listed.page.page, "pages": listed.page.pages,
        "tickets": [{"id": ticket.id, "subject": ticket.subject, "status": str(ticket.status),
                     "customer": _customer(ticket.user), "updated_at": ticket.updated_at}
                    for ticket in listed.page.items],
    }


@registry.getter("admin_tickets.thread")
async def thread(dialog_manager: DialogManager, shop_user, **_) -> dict:
    found = await tickets.thread(dialog_manager.dialog_data["ticket_id"], shop_user.id, is_admin=True)
    shown = found.messages[-THREAD_SHOWN:]
    return {
        "ticket": {"id": found.ticket.id, "subject": found.ticket.subject,
                   "status": str(found.ticket.status), "customer": _customer(found.ticket.user),
                   "user_id": found.ticket.user_id, "username": found.ticket.user.username},
        "earlier": len(found.messages) - len(shown),
        "messages": [{"from_admin": message.from_admin, "created_at": message.created_at,
                      "has_file": bool(message.file_id),
                      "text": message.text if len(message.text) <= MESSAGE_SHOWN
                      else message.text[:MESSAGE_SHOWN - 1] + "…"} for message in shown],
    }
