"""Admin payment methods: the list, and one method with its details as customers see them."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import payment_methods
from nanostore.ui import default_registry as registry


def method_row(method) -> dict:
    return {"id": method.id, "name": method.name, "emoji": method.emoji,
            "details": method.details, "is_active": method.is_active}


@registry.getter("admin_methods.all")
async def all_methods(dialog_manager: DialogManager, **_) -> dict:
    # A shop has a handful of methods: one short list, no paging.
    methods = await payment_methods.list_all()
    return {"methods": [method_row(method) for method in methods], "total": len(methods)}


@registry.getter("admin_methods.method")
async def method(dialog_manager: DialogManager, **_) -> dict:
    found = await payment_methods.get(dialog_manager.dialog_data["method_id"])
    position, positions = await payment_methods.position(found.id)
    return {"method": method_row(found), "position": position, "positions": positions}
