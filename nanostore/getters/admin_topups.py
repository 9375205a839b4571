"""Admin wallet top-ups: the pending queue with its count, and one request with its screenshot."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.domain.wallet import topup_bonus
from nanostore.getters.admin_orders import customer_row
from nanostore.services import settings as shop_settings
from nanostore.services import wallet
from nanostore.ui import default_registry as registry


def topup_row(topup) -> dict:
    method = topup.method
    return {"id": topup.id, "user_id": topup.user_id, "amount": topup.amount, "bonus": topup.bonus,
            "status": str(topup.status), "file_id": topup.file_id or "", "note": topup.admin_note or "",
            "method": f"{method.emoji} {method.name}".strip() if method else "",
            "via_stars": topup.via_stars, "created_at": topup.created_at,
            "decided_at": topup.decided_at}


@registry.getter("admin_topups.queue")
async def queue(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    pending = await wallet.pending_topups(page, page_size)
    return {"topups": [topup_row(topup) for topup in pending.items], "pending": pending.total,
            "page": pending.page, "pages": pending.pages}


@registry.getter("admin_topups.topup")
async def topup(dialog_manager: DialogManager, **_) -> dict:
    found = await wallet.get_topup(dialog_manager.dialog_data["topup_id"])
    percent = (await shop_settings.load()).topup_bonus_percent
    is_pending = found.status == "pending"
    return {"topup": topup_row(found), "customer": customer_row(found.user, found.user_id),
            "is_pending": is_pending, "bonus_percent": percent,
            # What approving now would add: wallet.approve_topup credits the same.
            "bonus_now": topup_bonus(found.amount, percent) if is_pending else found.bonus}
