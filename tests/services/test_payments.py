import asyncio

import pytest

from nanostore.db.models import DeliveryItem, OutboxMessage, PaymentProof
from nanostore.db.models.enums import DeliveryType, OrderStatus, PaymentStatus, ReviewStatus
from nanostore.services import checkout, delivery_pool, orders, payment_methods, payments, settings
from nanostore.services.errors import AccessDenied, AlreadyDecided, InvalidInput, NotFound, OrderNotPayable
from tests.fixtures.ledger import assert_balances_match_ledger, in_cart, person, product
from tests.fixtures.staff import person as staff_person

# Every test ends with balances equal to their ledger rows (tests/services/conftest.py).
pytestmark = pytest.mark.usefixtures("ledger_stays_balanced")


def cashier(user_id: int):
    """Staff with the payments role: who decides proofs."""
    return staff_person("payments", user_id=user_id)


async def order_with_proof(keys: str = "K1\nK2"):
    await person(1)
    key = await product(price=700, stock=None, delivery_type=DeliveryType.AUTO)
    await delivery_pool.add_items_from_text(key.id, keys)
    await in_cart(1, (key, 1))
    order = await checkout.place_order(1, "tok")
    proof = await payments.submit_proof(order.id, 1, "photo-1")
    return order, proof


async def test_methods_crud_and_active_list(db):
    bank = await payment_methods.create("Bank", "🏦", "IBAN XX")
    card = await payment_methods.create("Card")
    with pytest.raises(InvalidInput):
        await payment_methods.create("x" * 65)
    await payment_methods.update(bank.id, details="IBAN YY")
    assert (await payment_methods.get(bank.id)).details == "IBAN YY"
    assert await payment_methods.toggle(card.id) is False
    assert [m.name for m in await payment_methods.list_active()] == ["Bank"]
    assert [m.name for m in await payment_methods.list_all()] == ["Bank", "Card"]
    await payment_methods.delete(card.id)
    with pytest.raises(NotFound):
        await payment_methods.delete(card.id)


async def test_submit_proof_waits_for_review_and_tells_admins(db):
    order, proof = await order_with_proof()
    assert (await orders.get(order.id)).payment_status == PaymentStatus.AWAITING_REVIEW
    notice = await OutboxMessage.get(kind="new_proof")
    assert notice.audience == "admins" and notice.payload["proof_id"] == proof.id
    with pytest.raises(OrderNotPayable):
        await payments.submit_proof(order.id, 1, "photo-2")


async def test_only_the_owner_can_submit_a_proof(db):
    await person(1), await person(2)
    await in_cart(1, (await product(), 1))
    order = await checkout.place_order(1, "tok")
    with pytest.raises(AccessDenied):
        await payments.submit_proof(order.id, 2, "photo")
    assert not await PaymentProof.exists()


async def test_parallel_approvals_pay_and_deliver_once(db):
    await settings.update("proofs_channel_id", -100123)
    order, proof = await order_with_proof()
    approvals = (payments.approve_proof(proof.id, cashier(admin)) for admin in (7, 8, 7, 8))
    results = await asyncio.gather(*approvals,
                                   return_exceptions=True)
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert all(isinstance(r, AlreadyDecided) for r in results if isinstance(r, Exception))
    stored = await orders.get(order.id)
    assert stored.payment_status == PaymentStatus.PAID and stored.status == OrderStatus.DELIVERED
    assert await DeliveryItem.exclude(order_line_id=None).count() == 1
    assert await OutboxMessage.filter(kind="payment_approved").count() == 1
    assert await OutboxMessage.filter(kind="order_delivered").count() == 1
    post = await OutboxMessage.get(kind="proof_approved")
    assert post.audience == "channel" and post.chat_id == -100123
    await assert_balances_match_ledger()


async def test_reject_then_resubmit_then_approve(db):
    order, proof = await order_with_proof()
    await payments.reject_proof(proof.id, cashier(7), "blurry")
    assert (await orders.get(order.id)).payment_status == PaymentStatus.UNPAID
    notice = await OutboxMessage.get(kind="payment_rejected")
    assert notice.chat_id == 1 and notice.payload["reason"] == "blurry"
    with pytest.raises(AlreadyDecided):
        await payments.approve_proof(proof.id, cashier(7))
    second = await payments.submit_proof(order.id, 1, "photo-2")
    await payments.approve_proof(second.id, cashier(7))
    assert (await orders.get(order.id)).payment_status == PaymentStatus.PAID


async def test_reject_after_approve_is_refused(db):
    order, proof = await order_with_proof()
    await payments.approve_proof(proof.id, cashier(7))
    with pytest.raises(AlreadyDecided):
        await payments.reject_proof(proof.id, cashier(8), "late")
    assert (await orders.get(order.id)).payment_status == PaymentStatus.PAID
    assert (await PaymentProof.get(id=proof.id)).status == ReviewStatus.APPROVED


async def test_approving_a_proof_of_a_cancelled_order_changes_nothing(db):
    order, proof = await order_with_proof()
    await orders.cancel(order.id, by=staff_person(owner=True, user_id=9))
    with pytest.raises(OrderNotPayable):
        await payments.approve_proof(proof.id, cashier(7))
    assert (await PaymentProof.get(id=proof.id)).status == ReviewStatus.PENDING
    assert await DeliveryItem.exclude(order_line_id=None).count() == 0


async def test_pending_and_history_pages(db):
    order, proof = await order_with_proof()
    assert [p.id for p in (await payments.pending_proofs()).items] == [proof.id]
    await payments.reject_proof(proof.id, cashier(7), "no")
    assert (await payments.pending_proofs()).total == 0
    assert [p.id for p in (await payments.history()).items] == [proof.id]


@pytest.mark.parametrize("role", [None, "support", "orders", "settings"])
async def test_deciding_a_proof_without_the_payments_role_is_refused_and_changes_nothing(db, role):
    order, proof = await order_with_proof()
    with pytest.raises(AccessDenied):
        await payments.approve_proof(proof.id, staff_person(role, user_id=7))
    with pytest.raises(AccessDenied):
        await payments.reject_proof(proof.id, staff_person(role, user_id=7), "no")
    assert (await PaymentProof.get(id=proof.id)).status == ReviewStatus.PENDING
    assert (await orders.get(order.id)).payment_status == PaymentStatus.AWAITING_REVIEW
