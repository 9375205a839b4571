"""Paying by hand: the customer sends a screenshot, an admin approves or rejects it, once.

Deciding takes the acting person and refuses without the payments role (staff.require), behind
the screens' own `access: payments`. A decision is a guarded UPDATE on `status = pending`: a
double tap or a second admin finds it decided (AlreadyDecided) and changes nothing. Approval
marks the order paid in the same transaction, so a proof is never approved for an order left
unpaid.
Payment methods are managed in payment_methods.py.
"""

from __future__ import annotations

from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import Order, PaymentProof
from nanostore.db.models.enums import PaymentStatus, ReviewStatus
from nanostore.domain.orders import PAYABLE
from nanostore.domain.staff import Actor

from . import admin_alerts, audit, orders, settings, staff
from .errors import AlreadyDecided, InvalidInput, NotFound, OrderNotPayable
from .outbox import notify_admins, notify_user, post_to_channel
from .paging import DEFAULT_PAGE_SIZE, Page, paginate

NOTE_MAX = 1000
PAYMENTS = "payments"  # the staff role that decides proofs


async def submit_proof(order_id: int, user_id: int, file_id: str) -> PaymentProof:
    if not file_id:
        raise InvalidInput(field="file_id", reason="required")
    async with in_transaction():
        order = await orders.owned(order_id, user_id)
        awaiting = await Order.filter(id=order_id, user_id=user_id, **PAYABLE).update(
            payment_status=PaymentStatus.AWAITING_REVIEW)
        if awaiting != 1:
            raise OrderNotPayable(order_id=order_id, payment_status=str(order.payment_status))
        proof = await PaymentProof.create(order_id=order_id, user_id=user_id, file_id=file_id,
                                          method_id=order.payment_method_id)
        await notify_admins("new_proof", proof_id=proof.id, order_id=order_id, user_id=user_id,
                            amount=order.amount_due, currency=order.currency, file_id=file_id)
        return proof


async def _decide(proof_id: int, admin_id: int, status: ReviewStatus, note: str | None) -> PaymentProof:
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput(field="note", reason="length", min=0, max=NOTE_MAX)
    decided = await PaymentProof.filter(id=proof_id, status=ReviewStatus.PENDING).update(
        status=status, decided_by=admin_id, decided_at=utc_now(), admin_note=note)
    if decided != 1:
        proof = await PaymentProof.get_or_none(id=proof_id)
        if proof is None:
            raise NotFound(entity="proof", id=proof_id)
        raise AlreadyDecided(proof_id=proof_id, status=str(proof.status))
    return await PaymentProof.get(id=proof_id).select_related("order")


async def approve_proof(proof_id: int, by: Actor, note: str | None = None,
                        fallback_channel_id: int | None = None) -> PaymentProof:
    """`fallback_channel_id` (PROOFS_CHANNEL_ID from the environment) is used when the shop
    settings name no proofs channel."""
    staff.require(by, PAYMENTS)
    admin_id = by.id
    async with in_transaction():
        proof = await _decide(proof_id, admin_id, ReviewStatus.APPROVED, note)
        if not await orders.mark_paid(proof.order_id, via="proof"):
            # Cancelled or paid another way meanwhile: roll the approval back, keep it pending.
            raise OrderNotPayable(order_id=proof.order_id, payment_status=str(proof.order.payment_status))
        await audit.record(admin_id, "proof.approve", proof_id, after={"order_id": proof.order_id})
        await admin_alerts.decided(admin_alerts.PROOF, proof_id, admin_alerts.APPROVED, admin_id)
        channel = (await settings.load()).proofs_channel_id or fallback_channel_id
        if channel:
            await post_to_channel(channel, "proof_approved", proof_id=proof_id,
                                  order_id=proof.order_id, file_id=proof.file_id,
                                  amount=proof.order.amount_due, currency=proof.order.currency)
        return proof


async def reject_proof(proof_id: int, by: Actor, note: str) -> PaymentProof:
    """Back to unpaid, so the customer can send a better screenshot; they are told why."""
    staff.require(by, PAYMENTS)
    admin_id = by.id
    async with in_transaction():
        proof = await _decide(proof_id, admin_id, ReviewStatus.REJECTED, note)
        await Order.filter(id=proof.order_id, payment_status=PaymentStatus.AWAITING_REVIEW).update(
            payment_status=PaymentStatus.UNPAID)
        await notify_user(proof.user_id, "payment_rejected", order_id=proof.order_id,
                          proof_id=proof_id, reason=note or "")
        await audit.record(admin_id, "proof.reject", proof_id, after={"note": note})
        await admin_alerts.decided(admin_alerts.PROOF, proof_id, admin_alerts.REJECTED, admin_id,
                                   reason=note)
        return proof


async def pending_proofs(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[PaymentProof]:
    """Oldest first: the admin works through the queue in the order people paid."""
    query = PaymentProof.filter(status=ReviewStatus.PENDING).select_related("order")
    return await paginate(query.order_by("created_at", "id"), page, page_size)


async def history(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[PaymentProof]:
    query = PaymentProof.filter(status__not=ReviewStatus.PENDING).select_related("order")
    return await paginate(query.order_by("-decided_at", "-id"), page, page_size)


async def get_proof(proof_id: int) -> PaymentProof:
    proof = await PaymentProof.get_or_none(id=proof_id).select_related("order", "user", "method")
    if proof is None:
        raise NotFound(entity="proof", id=proof_id)
    return proof


async def pending_count() -> int:
    return await PaymentProof.filter(status=ReviewStatus.PENDING).count()
