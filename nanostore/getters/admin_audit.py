"""The audit log, newest first, filtered by admin and by kind of action, with before/after
values trimmed to fit a screen."""

from __future__ import annotations

import json

from aiogram_dialog import DialogManager

from nanostore.services import audit
from nanostore.ui import default_registry as registry

LIST_VALUE = 40
ENTRY_VALUE = 1500
ALL_KINDS = "all"  # the kind picker's "All" item
ALL_ADMINS = 0     # the admin picker's "All" item (no admin has id 0)


def _trimmed(value, limit: int) -> str:
    value = audit.shown(value)
    text = "—" if value is None else value if isinstance(value, str) else json.dumps(
        value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row(entry: audit.AuditEntry, limit: int, names: dict[int, str] | None = None) -> dict:
    return {"id": entry.id, "admin_id": entry.admin_id, "action": entry.action,
            "admin_name": (names or {}).get(entry.admin_id, ""),
            "target": entry.target, "created_at": entry.created_at,
            "before": _trimmed(entry.before, limit), "after": _trimmed(entry.after, limit)}


def chosen_filters(dialog_data: dict) -> tuple[str | None, int | None]:
    """The kind and admin the list is filtered by; whatever else dialog data holds is no filter."""
    admin_id = dialog_data.get("admin")
    return audit.known_kind(dialog_data.get("kind")), admin_id if isinstance(admin_id, int) else None


@registry.getter("admin_audit.entries")
async def entries(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    kind, admin_id = chosen_filters(dialog_manager.dialog_data)
    names = {admin.id: admin.name for admin in await audit.admins()}
    listed = await audit.page(page, page_size, admin_id=admin_id, kind=kind)
    return {"page": listed.page, "pages": listed.pages, "total": listed.total,
            "kind": kind or "", "filtered": bool(kind or admin_id),
            "admin": {"id": admin_id, "name": names.get(admin_id, "")} if admin_id else None,
            "entries": [_row(entry, LIST_VALUE, names) for entry in listed.items]}


@registry.getter("admin_audit.kinds")
async def kinds(dialog_manager: DialogManager, **_) -> dict:
    """The kinds an admin can filter by, "all" first; `chosen` marks the current one."""
    kind, _admin = chosen_filters(dialog_manager.dialog_data)
    return {"kinds": [{"id": kind_id, "chosen": kind_id == (kind or ALL_KINDS)}
                      for kind_id in (ALL_KINDS, *audit.KINDS_BY_ID)]}


@registry.getter("admin_audit.admins")
async def admins(dialog_manager: DialogManager, **_) -> dict:
    """The admins who appear in the log, "all" (id 0) first; `chosen` marks the current one."""
    _kind, admin_id = chosen_filters(dialog_manager.dialog_data)
    listed = [{"id": ALL_ADMINS, "name": ""}] + [
        {"id": admin.id, "name": admin.name} for admin in await audit.admins()]
    return {"admins": [row | {"chosen": row["id"] == (admin_id or ALL_ADMINS)} for row in listed]}


@registry.getter("admin_audit.entry")
async def entry(dialog_manager: DialogManager, **_) -> dict:
    found = await audit.find_entry(dialog_manager.dialog_data.get("entry_id"))
    if found is None:
        return {"entry": {"id": 0, "admin_id": 0, "admin_name": "", "action": "—", "target": "",
                          "created_at": None, "before": "—", "after": "—"}}
    return {"entry": _row(found, ENTRY_VALUE)}
