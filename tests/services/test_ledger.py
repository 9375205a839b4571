import asyncio

import pytest

from nanostore.db.models import LedgerEntry, User
from nanostore.db.models.enums import LedgerReason
from nanostore.services import ledger
from nanostore.services.errors import InsufficientBalance


async def ledger_sum(user_id: int) -> int:
    return sum(await LedgerEntry.filter(user_id=user_id).values_list("amount", flat=True))


async def test_credit_and_debit_keep_balance_equal_to_ledger(db):
    await User.create(id=1, first_name="Ann")
    assert await ledger.credit(1, 500, LedgerReason.TOPUP, "topup:1") == 500
    assert await ledger.debit(1, 200, LedgerReason.ORDER_PAYMENT, "order:1") == 300
    user = await User.get(id=1)
    assert user.balance == 300 == await ledger_sum(1)


async def test_debit_beyond_balance_is_refused_and_changes_nothing(db):
    await User.create(id=1, first_name="Ann")
    await ledger.credit(1, 100, LedgerReason.TOPUP)
    with pytest.raises(InsufficientBalance):
        await ledger.debit(1, 101, LedgerReason.ORDER_PAYMENT)
    assert (await User.get(id=1)).balance == 100
    assert await LedgerEntry.filter(user_id=1).count() == 1


async def test_concurrent_spends_never_overdraw(db):
    await User.create(id=1, first_name="Ann")
    await ledger.credit(1, 1000, LedgerReason.TOPUP)

    async def spend():
        try:
            await ledger.debit(1, 30, LedgerReason.ORDER_PAYMENT)
            return True
        except InsufficientBalance:
            return False

    results = await asyncio.gather(*(spend() for _ in range(100)))
    assert sum(results) == 33
    user = await User.get(id=1)
    assert user.balance == 10 == await ledger_sum(1)
