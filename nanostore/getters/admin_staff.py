"""A person's staff roles, for the owner's Users → a person → Roles window."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.domain.staff import ROLES
from nanostore.services import staff
from nanostore.ui import default_registry as registry


@registry.getter("admin_staff.roles")
async def roles(dialog_manager: DialogManager, settings=None, **_) -> dict:
    """Each role with whether the person holds it; an owner (ADMIN_IDS) holds them all."""
    user_id = dialog_manager.dialog_data["user_id"]
    held = await staff.roles_of(user_id)
    is_owner = settings is not None and user_id in settings.admin_ids
    return {"is_owner": is_owner,
            "roles": [] if is_owner else [{"id": role, "held": role in held} for role in ROLES],
            "held_count": len(ROLES) if is_owner else len(held)}
