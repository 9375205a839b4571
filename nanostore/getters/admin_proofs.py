"""Admin payment proofs: the pending queue with its count, the decided history, one proof."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.getters.admin_orders import customer_row, line_rows, order_row
from nanostore.services import orders, payments
from nanostore.ui import default_registry as registry


def proof_row(proof) -> dict:
    return {"id": proof.id, "order_id": proof.order_id, "user_id": proof.user_id,
            "status": str(proof.status), "file_id": proof.file_id, "note": proof.admin_note or "",
            "amount": proof.order.amount_due, "created_at": proof.created_at,
            "decided_at": proof.decided_at, "decided_by": proof.decided_by}


@registry.getter("admin_proofs.queue")
async def queue(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    pending = await payments.pending_proofs(page, page_size)
    return {"proofs": [proof_row(proof) for proof in pending.items], "pending": pending.total,
            "page": pending.page, "pages": pending.pages}


@registry.getter("admin_proofs.history")
async def history(dialog_manager: DialogManager, page: int = 0, page_size: int = 8, **_) -> dict:
    decided = await payments.history(page, page_size)
    return {"proofs": [proof_row(proof) for proof in decided.items], "total": decided.total,
            "page": decided.page, "pages": decided.pages}


@registry.getter("admin_proofs.proof")
async def proof(dialog_manager: DialogManager, shop_user=None, **_) -> dict:
    found = await payments.get_proof(dialog_manager.dialog_data["proof_id"])
    detail = await orders.detail(found.order_id, shop_user.id if shop_user else 0, is_admin=True)
    method = found.method
    return {"proof": proof_row(found), "order": order_row(found.order),
            "customer": customer_row(found.user, found.user_id), "lines": line_rows(detail),
            "method": f"{method.emoji} {method.name}".strip() if method else "",
            "is_pending": found.status == "pending"}
