"""The audit log, newest first, with before/after values trimmed to fit a screen."""

from __future__ import annotations

import json

from aiogram_dialog import DialogManager

from nanostore.actions.admin_access import admin_only
from nanostore.db.models import AuditEntry
from nanostore.services import audit
from nanostore.ui import default_registry as registry

LIST_VALUE = 40
ENTRY_VALUE = 1500


def _trimmed(value, limit: int) -> str:
    value = audit.shown(value)
    text = "—" if value is None else value if isinstance(value, str) else json.dumps(
        value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _row(entry: AuditEntry, limit: int) -> dict:
    return {"id": entry.id, "admin_id": entry.admin_id, "action": entry.action,
            "target": entry.target, "created_at": entry.created_at,
            "before": _trimmed(entry.before, limit), "after": _trimmed(entry.after, limit)}


@registry.getter("admin_audit.entries")
@admin_only
async def entries(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    listed = await audit.page(page, page_size)
    return {"page": listed.page, "pages": listed.pages, "total": listed.total,
            "entries": [_row(entry, LIST_VALUE) for entry in listed.items]}


@registry.getter("admin_audit.entry")
@admin_only
async def entry(dialog_manager: DialogManager, **_) -> dict:
    found = await AuditEntry.get_or_none(id=dialog_manager.dialog_data.get("entry_id"))
    if found is None:
        return {"entry": {"id": 0, "admin_id": 0, "action": "—", "target": "", "created_at": None,
                          "before": "—", "after": "—"}}
    return {"entry": _row(found, ENTRY_VALUE)}
