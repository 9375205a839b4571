"""Admin users: a paged list (or search results), and one person's profile at a glance."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.getters.admin_orders import order_row
from nanostore.services import orders, tickets, users, wallet
from nanostore.ui import default_registry as registry

RECENT_LEDGER = 5


def user_row(user) -> dict:
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    return {"id": user.id, "username": user.username, "name": name, "balance": user.balance,
            "is_banned": user.is_banned, "has_blocked_bot": user.has_blocked_bot,
            "language": user.language or user.telegram_language or "",
            "joined_at": user.joined_at, "last_seen_at": user.last_seen_at}


@registry.getter("admin_users.page")
async def users_page(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    query = dialog_manager.dialog_data.get("query")
    found = await (users.search(query, page, page_size) if query
                   else users.list_users(page, page_size))
    return {"users": [user_row(user) for user in found.items], "total": found.total,
            "query": query or "", "page": found.page, "pages": found.pages}


@registry.getter("admin_users.detail")
async def user_detail(dialog_manager: DialogManager, **_) -> dict:
    user_id = dialog_manager.dialog_data["user_id"]
    person = await users.get(user_id)
    ledger = await wallet.history(user_id, 0, RECENT_LEDGER)
    return {
        "person": user_row(person), "orders_count": await orders.count_for_user(user_id),
        "tickets_count": await tickets.count_for_user(user_id),
        "ledger": [{"amount": entry.amount, "reason": str(entry.reason), "note": entry.note,
                    "created_at": entry.created_at} for entry in ledger.items],
        "ledger_total": ledger.total,
    }


@registry.getter("admin_users.orders")
async def user_orders(dialog_manager: DialogManager, page: int = 0, page_size: int = 8,
                      **_) -> dict:
    """One page of the person's orders, newest first."""
    user_id = dialog_manager.dialog_data["user_id"]
    listed = await orders.list_for_user(user_id, page, page_size)
    return {"person": user_row(await users.get(user_id)),
            "orders": [order_row(order) for order in listed.items],
            "total": listed.total, "page": listed.page, "pages": listed.pages}
