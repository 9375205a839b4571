import asyncio

import pytest

from nanostore.db.models import (AuditEntry, LedgerEntry, OutboxMessage, PaymentMethod, StarsPayment,
                                 User, WalletTopUp)
from nanostore.db.models.enums import LedgerReason, ReviewStatus, StarsPaymentStatus
from nanostore.services import settings as shop_settings
from nanostore.services import wallet
from nanostore.services.errors import (AccessDenied, AlreadyDecided, AlreadyExists, AmountOutOfRange,
                                       InsufficientBalance, InvalidInput, NotFound, TopUpDisabled,
                                       UserBanned)
from tests.fixtures.staff import person as staff_person


BOSS = staff_person(owner=True, user_id=9000)


def cashier(user_id: int):
    """Staff with the payments role: who decides top-ups."""
    return staff_person("payments", user_id=user_id)


async def ledger_sum(user_id: int) -> int:
    return sum(await LedgerEntry.filter(user_id=user_id).values_list("amount", flat=True))


async def balance_of(user_id: int) -> int:
    return (await User.get(id=user_id)).balance


@pytest.fixture
async def shop(db):
    await User.create(id=10, first_name="Ann")
    return await PaymentMethod.create(name="Bank")


async def test_request_creates_pending_topup_and_tells_admins(shop):
    topup = await wallet.request_topup(10, 500, shop.id, "photo-1")
    assert topup.status == ReviewStatus.PENDING and topup.amount == 500
    message = await OutboxMessage.get(kind="new_topup")
    assert message.audience == "admins"
    assert message.payload == {"topup_id": topup.id, "user_id": 10, "amount": 500, "method": "Bank",
                               "file_id": "photo-1"}
    assert await balance_of(10) == 0


@pytest.mark.parametrize("amount", [0, -5, 99, 1_000_001])
async def test_request_outside_limits_is_refused(shop, amount):
    with pytest.raises(AmountOutOfRange) as error:
        await wallet.request_topup(10, amount, shop.id, "photo")
    assert error.value.params["min"] == 100 and error.value.params["max"] == 1_000_000
    assert await WalletTopUp.all().count() == 0


async def test_limits_follow_settings(shop):
    await shop_settings.update("topup_min", 1000)
    with pytest.raises(AmountOutOfRange):
        await wallet.request_topup(10, 999, shop.id, "photo")
    await wallet.request_topup(10, 1000, shop.id, "photo")


async def test_request_when_disabled_is_refused(shop):
    await shop_settings.update("topup_enabled", False)
    with pytest.raises(TopUpDisabled):
        await wallet.request_topup(10, 500, shop.id, "photo")


async def test_request_needs_active_method_screenshot_and_known_unbanned_user(shop):
    with pytest.raises(NotFound):
        await wallet.request_topup(10, 500, 999, "photo")
    await PaymentMethod.filter(id=shop.id).update(is_active=False)
    with pytest.raises(NotFound):
        await wallet.request_topup(10, 500, shop.id, "photo")
    await PaymentMethod.filter(id=shop.id).update(is_active=True)
    with pytest.raises(InvalidInput):
        await wallet.request_topup(10, 500, shop.id, "")
    with pytest.raises(NotFound):
        await wallet.request_topup(404, 500, shop.id, "photo")
    await User.filter(id=10).update(is_banned=True)
    with pytest.raises(UserBanned):
        await wallet.request_topup(10, 500, shop.id, "photo")


async def test_approve_credits_amount_and_bonus_as_separate_rows(shop):
    await shop_settings.update("topup_bonus_percent", 10)
    topup = await wallet.request_topup(10, 1005, shop.id, "photo")
    approved = await wallet.approve_topup(topup.id, by=cashier(1), note="ok")
    assert approved.status == ReviewStatus.APPROVED and approved.bonus == 100
    rows = await LedgerEntry.filter(user_id=10).order_by("id")
    assert [(row.amount, row.reason) for row in rows] == [
        (1005, LedgerReason.TOPUP), (100, LedgerReason.TOPUP_BONUS)]
    assert all(row.reference == f"topup:{topup.id}" for row in rows)
    assert await balance_of(10) == 1105 == await ledger_sum(10)
    stored = await WalletTopUp.get(id=topup.id)
    assert (stored.decided_by, stored.admin_note, stored.bonus) == (1, "ok", 100)
    notice = await OutboxMessage.get(kind="topup_approved")
    assert notice.chat_id == 10 and notice.payload["balance"] == 1105
    assert await AuditEntry.filter(action="topup.approve").count() == 1


async def test_no_bonus_row_without_bonus(shop):
    topup = await wallet.request_topup(10, 500, shop.id, "photo")
    await wallet.approve_topup(topup.id, by=cashier(1))
    assert await LedgerEntry.filter(user_id=10).count() == 1


async def test_twenty_parallel_approvals_credit_once(shop):
    await shop_settings.update("topup_bonus_percent", 5)
    topup = await wallet.request_topup(10, 2000, shop.id, "photo")

    async def approve():
        try:
            await wallet.approve_topup(topup.id, by=cashier(1))
            return True
        except AlreadyDecided:
            return False

    assert sum(await asyncio.gather(*(approve() for _ in range(20)))) == 1
    assert await balance_of(10) == 2100 == await ledger_sum(10)
    assert await OutboxMessage.filter(kind="topup_approved").count() == 1


async def test_parallel_approve_and_reject_decide_once(shop):
    topup = await wallet.request_topup(10, 700, shop.id, "photo")

    async def decide(approve: bool):
        try:
            if approve:
                await wallet.approve_topup(topup.id, by=cashier(1))
            else:
                await wallet.reject_topup(topup.id, by=cashier(2), note="fake")
            return True
        except AlreadyDecided:
            return False

    results = await asyncio.gather(*(decide(number % 2 == 0) for number in range(10)))
    assert sum(results) == 1
    status = (await WalletTopUp.get(id=topup.id)).status
    assert await balance_of(10) == (700 if status == ReviewStatus.APPROVED else 0) == await ledger_sum(10)


async def test_reject_then_approve_is_refused(shop):
    topup = await wallet.request_topup(10, 500, shop.id, "photo")
    await wallet.reject_topup(topup.id, by=cashier(1), note="blurry")
    with pytest.raises(AlreadyDecided) as error:
        await wallet.approve_topup(topup.id, by=cashier(1))
    assert error.value.params["status"] == "rejected"
    assert await balance_of(10) == 0
    notice = await OutboxMessage.get(kind="topup_rejected")
    assert notice.chat_id == 10 and notice.payload["note"] == "blurry"


async def test_reject_after_approval_is_refused(shop):
    topup = await wallet.request_topup(10, 500, shop.id, "photo")
    await wallet.approve_topup(topup.id, by=cashier(1))
    with pytest.raises(AlreadyDecided):
        await wallet.reject_topup(topup.id, by=cashier(2), note="late")
    assert (await WalletTopUp.get(id=topup.id)).status == ReviewStatus.APPROVED
    assert await balance_of(10) == 500


@pytest.mark.parametrize("role", [None, "users", "support", "settings"])
async def test_deciding_a_topup_without_the_payments_role_is_refused(shop, role):
    topup = await wallet.request_topup(10, 500, shop.id, "photo")
    with pytest.raises(AccessDenied):
        await wallet.approve_topup(topup.id, by=staff_person(role, user_id=1))
    with pytest.raises(AccessDenied):
        await wallet.reject_topup(topup.id, by=staff_person(role, user_id=1), note="no")
    assert (await WalletTopUp.get(id=topup.id)).status == ReviewStatus.PENDING
    assert await balance_of(10) == 0


async def test_decisions_on_unknown_topup_and_overlong_note(shop):
    with pytest.raises(NotFound):
        await wallet.approve_topup(404, by=cashier(1))
    with pytest.raises(NotFound):
        await wallet.reject_topup(404, by=cashier(1), note="x")
    topup = await wallet.request_topup(10, 500, shop.id, "photo")
    with pytest.raises(InvalidInput):
        await wallet.reject_topup(topup.id, by=cashier(1), note="x" * 1001)
    assert (await WalletTopUp.get(id=topup.id)).status == ReviewStatus.PENDING


async def test_admin_adjust_both_ways_never_below_zero(shop):
    assert await wallet.admin_adjust(10, 300, by=BOSS, reason_note="gift") == 300
    assert await wallet.admin_adjust(10, -100, by=BOSS, reason_note="correction") == 200
    with pytest.raises(InsufficientBalance):
        await wallet.admin_adjust(10, -201, by=BOSS, reason_note="too much")
    assert await balance_of(10) == 200 == await ledger_sum(10)
    entries = await AuditEntry.filter(action="wallet.adjust").order_by("id")
    assert len(entries) == 2
    assert entries[1].before == {"balance": 300} and entries[1].after["balance"] == 200
    assert await OutboxMessage.filter(kind="wallet_adjusted").count() == 2


async def test_admin_adjust_bad_input(shop):
    with pytest.raises(InvalidInput):
        await wallet.admin_adjust(10, 0, by=BOSS, reason_note="nothing")
    with pytest.raises(InvalidInput):
        await wallet.admin_adjust(10, 5, by=BOSS, reason_note="  ")
    with pytest.raises(NotFound):
        await wallet.admin_adjust(404, 5, by=BOSS, reason_note="who")
    assert await AuditEntry.all().count() == 0


async def test_parallel_admin_debits_never_overdraw(shop):
    await wallet.admin_adjust(10, 100, by=BOSS, reason_note="seed")

    async def take():
        try:
            await wallet.admin_adjust(10, -30, by=BOSS, reason_note="take")
            return True
        except InsufficientBalance:
            return False

    assert sum(await asyncio.gather(*(take() for _ in range(10)))) == 3
    assert await balance_of(10) == 10 == await ledger_sum(10)
    assert await AuditEntry.filter(action="wallet.adjust").count() == 4


async def test_history_and_topup_lists_are_paged_newest_first(shop):
    for amount in (100, 200, 300):
        await wallet.approve_topup((await wallet.request_topup(10, amount, shop.id, "p")).id, by=cashier(1))
    await wallet.request_topup(10, 400, shop.id, "p")
    history = await wallet.history(10, page=0, page_size=2)
    assert history.total == 3 and history.pages == 2
    assert [row.amount for row in history.items] == [300, 200]
    topups = await wallet.list_topups(10)
    assert [topup.amount for topup in topups.items] == [400, 300, 200, 100]


async def test_pending_queue_is_oldest_first(shop):
    first = await wallet.request_topup(10, 100, shop.id, "p")
    second = await wallet.request_topup(10, 200, shop.id, "p")
    decided = await wallet.request_topup(10, 300, shop.id, "p")
    await wallet.reject_topup(decided.id, by=cashier(1), note="no")
    queue = await wallet.pending_topups()
    assert [topup.id for topup in queue.items] == [first.id, second.id]
    assert queue.items[0].user.first_name == "Ann" and queue.items[0].method.name == "Bank"


async def test_stars_topup_records_charge_and_credits(shop):
    topup = await wallet.credit_stars_topup(10, 500, "charge-1", stars_amount=250)
    stored = await WalletTopUp.get(id=topup.id)
    assert stored.via_stars and stored.status == ReviewStatus.APPROVED
    payment = await StarsPayment.get(charge_id="charge-1")
    assert payment.topup_id == topup.id and payment.amount == 250
    assert await balance_of(10) == 500 == await ledger_sum(10)
    assert (await OutboxMessage.get(kind="topup_approved")).payload["via_stars"] is True


async def test_stars_topup_links_a_payment_the_caller_recorded(shop):
    await StarsPayment.create(charge_id="charge-2", user_id=10, amount=100, payload="topup",
                              status=StarsPaymentStatus.APPLIED)
    topup = await wallet.credit_stars_topup(10, 200, "charge-2", stars_amount=100)
    assert (await StarsPayment.get(charge_id="charge-2")).topup_id == topup.id
    assert await StarsPayment.all().count() == 1


async def test_same_charge_credits_once_even_in_parallel(shop):
    async def credit():
        try:
            await wallet.credit_stars_topup(10, 500, "charge-3", stars_amount=250)
            return True
        except AlreadyExists:
            return False

    assert sum(await asyncio.gather(*(credit() for _ in range(10)))) == 1
    assert await balance_of(10) == 500 == await ledger_sum(10)
    assert await WalletTopUp.filter(via_stars=True).count() == 1


async def test_stars_topup_bad_amount(shop):
    with pytest.raises(InvalidInput):
        await wallet.credit_stars_topup(10, 0, "charge-4", stars_amount=1)
