"""The only way a balance changes: a guarded UPDATE on the user row plus a ledger row, together.

Debits are conditional (`balance >= amount`) so a wallet can never go negative, however many
spends race; both functions join the caller's transaction when there is one.
"""

from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from nanostore.db.models import LedgerEntry, User
from nanostore.db.models.enums import LedgerReason

from .columns import column
from .errors import InsufficientBalance, InvalidInput, NotFound


async def credit(user_id: int, amount: int, reason: LedgerReason, reference: str = "",
                 note: str = "") -> int:
    """Add `amount` (> 0) to the balance; returns the new balance."""
    if amount <= 0:
        raise InvalidInput(field="amount", reason="positive")
    return await _apply(user_id, amount, reason, reference, note)


async def debit(user_id: int, amount: int, reason: LedgerReason, reference: str = "",
                note: str = "") -> int:
    """Take `amount` (> 0) from the balance or raise InsufficientBalance; returns the new balance."""
    if amount <= 0:
        raise InvalidInput(field="amount", reason="positive")
    return await _apply(user_id, -amount, reason, reference, note)


async def _apply(user_id: int, delta: int, reason: LedgerReason, reference: str, note: str) -> int:
    async with in_transaction():
        query = User.filter(id=user_id)
        if delta < 0:
            query = query.filter(balance__gte=-delta)
        changed = await query.update(balance=F("balance") + delta)
        if changed != 1:
            balance = await User.filter(id=user_id).values_list("balance", flat=True)
            if not balance:
                raise NotFound(entity="user", id=user_id)
            raise InsufficientBalance(balance=balance[0], needed=-delta)
        balance_after: int = (await column(User.filter(id=user_id), "balance"))[0]
        await LedgerEntry.create(user_id=user_id, amount=delta, balance_after=balance_after,
                                 reason=reason, reference=reference, note=note)
        return balance_after
