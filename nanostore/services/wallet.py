"""Wallet top-ups (manual with a screenshot, or paid in Stars), admin adjustments, history.

Every decision on a top-up is one conditional UPDATE on `status='pending'` in the transaction
that credits, so a double tap or two admins approving at once credit exactly once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tortoise.exceptions import IntegrityError
from tortoise.timezone import now as utc_now
from tortoise.transactions import in_transaction

from nanostore.db.models import CardPayment, LedgerEntry, PaymentMethod, StarsPayment, User, WalletTopUp
from nanostore.db.models.enums import CardPaymentStatus, LedgerReason, ReviewStatus, StarsPaymentStatus
from nanostore.domain.staff import Actor
from nanostore.domain.wallet import topup_bonus

from . import admin_alerts, audit, ledger, staff
from . import settings as shop_settings
from .errors import (
    AlreadyDecided,
    AlreadyExists,
    AmountOutOfRange,
    InvalidInput,
    NotFound,
    TopUpDisabled,
    UserBanned,
)
from .events import TopUpCredited, publish
from .outbox import notify_admins, notify_user
from .paging import DEFAULT_PAGE_SIZE, Page, paginate

NOTE_MAX = 1000
PAYMENTS = "payments"  # the staff role that decides top-ups
USERS = "users"  # the staff role that adjusts a balance


async def check_topup_amount(amount: int) -> None:
    """Top-ups on and the amount within the shop's range (the screen asks before the upload)."""
    settings = await shop_settings.load()
    if not settings.topup_enabled:
        raise TopUpDisabled()
    if not settings.topup_min <= amount <= settings.topup_max:
        # Both spellings: `minimum`/`maximum` as the error message uses, `min`/`max` as before.
        raise AmountOutOfRange(amount=amount, minimum=settings.topup_min, maximum=settings.topup_max,
                               min=settings.topup_min, max=settings.topup_max)


async def request_topup(user_id: int, amount: int, method_id: int, file_id: str) -> WalletTopUp:
    await check_topup_amount(amount)
    if not file_id:
        raise InvalidInput(field="file_id", reason="required")
    method = await PaymentMethod.get_or_none(id=method_id, is_active=True)
    if method is None:
        raise NotFound(entity="payment_method", id=method_id)
    await _ensure_customer(user_id)
    async with in_transaction():
        topup = await WalletTopUp.create(user_id=user_id, amount=amount, method=method, file_id=file_id)
        await notify_admins("new_topup", topup_id=topup.id, user_id=user_id, amount=amount,
                            method=method.name, file_id=file_id)
    return topup


async def _ensure_customer(user_id: int) -> None:
    banned = await User.filter(id=user_id).values_list("is_banned", flat=True)
    if not banned:
        raise NotFound(entity="user", id=user_id)
    if banned[0]:
        raise UserBanned()


async def approve_topup(topup_id: int, by: Actor, note: str | None = None) -> WalletTopUp:
    staff.require(by, PAYMENTS)  # behind the screens' access: payments
    admin_id = by.id
    _check_note(note)
    topup = await _get_topup(topup_id)
    bonus = await bonus_for(topup.amount)
    async with in_transaction():
        await _decide(topup, ReviewStatus.APPROVED, admin_id, note, bonus=bonus)
        await _credit_topup(topup, bonus, via="proof")
        await audit.record(admin_id, "topup.approve", f"topup:{topup.id}",
                           after={"amount": topup.amount, "bonus": bonus, "note": note})
        await admin_alerts.decided(admin_alerts.TOPUP, topup.id, admin_alerts.APPROVED, admin_id)
    return topup


async def bonus_for(amount: int) -> int:
    """The bonus a top-up of `amount` gets under today's settings."""
    return topup_bonus(amount, (await shop_settings.load()).topup_bonus_percent)


async def reject_topup(topup_id: int, by: Actor, note: str | None = None) -> WalletTopUp:
    staff.require(by, PAYMENTS)
    admin_id = by.id
    _check_note(note)
    topup = await _get_topup(topup_id)
    async with in_transaction():
        await _decide(topup, ReviewStatus.REJECTED, admin_id, note)
        await audit.record(admin_id, "topup.reject", f"topup:{topup.id}", after={"note": note})
        await admin_alerts.decided(admin_alerts.TOPUP, topup.id, admin_alerts.REJECTED, admin_id,
                                   reason=note)
        await notify_user(topup.user_id, "topup_rejected", topup_id=topup.id, amount=topup.amount,
                          note=note or "")
    return topup


def _check_note(note: str | None) -> None:
    if note is not None and len(note) > NOTE_MAX:
        raise InvalidInput(field="note", reason="too_long", max=NOTE_MAX)


async def _get_topup(topup_id: int) -> WalletTopUp:
    topup = await WalletTopUp.get_or_none(id=topup_id)
    if topup is None:
        raise NotFound(entity="topup", id=topup_id)
    return topup


async def _decide(topup: WalletTopUp, status: ReviewStatus, admin_id: int, note: str | None,
                  bonus: int = 0) -> None:
    decided = {"status": status, "decided_by": admin_id, "decided_at": utc_now(),
               "admin_note": note, "bonus": bonus}
    if await WalletTopUp.filter(id=topup.id, status=ReviewStatus.PENDING).update(**decided) != 1:
        current = await WalletTopUp.filter(id=topup.id).values_list("status", flat=True)
        raise AlreadyDecided(status=str(current[0]) if current else "deleted")
    for field, value in decided.items():
        setattr(topup, field, value)


async def _credit_topup(topup: WalletTopUp, bonus: int, via: str) -> None:
    reference = f"topup:{topup.id}"
    balance = await ledger.credit(topup.user_id, topup.amount, LedgerReason.TOPUP, reference)
    if bonus:
        balance = await ledger.credit(topup.user_id, bonus, LedgerReason.TOPUP_BONUS, reference)
    await publish(TopUpCredited(topup_id=topup.id, user_id=topup.user_id, amount=topup.amount,
                                bonus=bonus, balance=balance, via=via))


async def credit_stars_topup(user_id: int, amount: int, charge_id: str, stars_amount: int) -> WalletTopUp:
    """Credit a top-up Telegram already charged in Stars: no range check, the money is taken.

    The unique charge id is the guard: if the caller recorded the StarsPayment already it is
    linked by a conditional UPDATE (topup still empty), else it is recorded here; a second call
    with the same charge raises AlreadyExists and credits nothing.
    """
    if amount <= 0:
        raise InvalidInput(field="amount", reason="positive")
    bonus = await bonus_for(amount)
    async with in_transaction():
        topup = await WalletTopUp.create(user_id=user_id, amount=amount, bonus=bonus, via_stars=True,
                                         status=ReviewStatus.APPROVED, decided_at=utc_now())
        await _claim_charge(user_id, topup, charge_id, stars_amount)
        await _credit_topup(topup, bonus, via="stars")
    return topup


async def _claim_charge(user_id: int, topup: WalletTopUp, charge_id: str, stars_amount: int) -> None:
    linked = await StarsPayment.filter(charge_id=charge_id, topup_id=None, order_id=None,
                                       user_id=user_id).update(topup_id=topup.id)
    if linked == 1:
        return
    if await StarsPayment.exists(charge_id=charge_id):
        raise AlreadyExists(entity="stars_payment", charge_id=charge_id)
    try:
        await StarsPayment.create(charge_id=charge_id, user_id=user_id, topup=topup,
                                  amount=stars_amount, payload=f"topup:{topup.id}",
                                  status=StarsPaymentStatus.APPLIED)
    except IntegrityError:  # the same charge reported twice at once: the other call credited
        raise AlreadyExists(entity="stars_payment", charge_id=charge_id) from None


async def credit_card_topup(user_id: int, amount: int, provider_charge_id: str) -> WalletTopUp:
    """Credit a top-up the card provider already charged: no range check, the money is taken.

    The CardPayment row the caller (services/cards) recorded first is the guard: it is linked
    by a conditional UPDATE while it has no top-up and no order yet; a second call with the
    same charge links nothing, raises AlreadyExists and credits nothing.
    """

    async def link(topup: WalletTopUp) -> bool:
        return await CardPayment.filter(provider_charge_id=provider_charge_id, topup_id=None,
                                        order_id=None, user_id=user_id).update(
            topup_id=topup.id, status=CardPaymentStatus.APPLIED) == 1

    return await credit_paid_topup(user_id, amount, "card", link, provider_charge_id)


async def credit_paid_topup(user_id: int, amount: int, via: str,
                            link: Callable[[WalletTopUp], Awaitable[bool]],
                            reference: str) -> WalletTopUp:
    """Credit a top-up paid outside the shop (card, crypto): no range check, the money is
    taken. `link` ties the payment's own record to the new top-up with a conditional UPDATE,
    in the same transaction; when it links nothing the payment was credited already: nothing
    is credited and AlreadyExists names `reference`."""
    if amount <= 0:
        raise InvalidInput(field="amount", reason="positive")
    bonus = await bonus_for(amount)
    async with in_transaction():
        topup = await WalletTopUp.create(user_id=user_id, amount=amount, bonus=bonus,
                                         status=ReviewStatus.APPROVED, decided_at=utc_now())
        if not await link(topup):
            raise AlreadyExists(entity=f"{via}_payment", charge_id=reference)
        await _credit_topup(topup, bonus, via=via)
    return topup


async def admin_adjust(user_id: int, delta: int, by: Actor, reason_note: str) -> int:
    """Signed change by an admin; a debit below zero raises InsufficientBalance. Returns balance."""
    staff.require(by, USERS)  # behind the screens' access: users
    admin_id = by.id
    if delta == 0:
        raise InvalidInput(field="delta", reason="zero")
    if not reason_note.strip() or len(reason_note) > NOTE_MAX:
        raise InvalidInput(field="reason_note", reason="length", max=NOTE_MAX)
    change = ledger.credit if delta > 0 else ledger.debit
    async with in_transaction():
        balance = await change(user_id, abs(delta), LedgerReason.ADMIN_ADJUSTMENT,
                               f"admin:{admin_id}", reason_note)
        await audit.record(admin_id, "wallet.adjust", user_id, before={"balance": balance - delta},
                           after={"balance": balance, "note": reason_note})
        await notify_user(user_id, "wallet_adjusted", delta=delta, balance=balance, note=reason_note)
    return balance


async def history(user_id: int, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[LedgerEntry]:
    return await paginate(LedgerEntry.filter(user_id=user_id).order_by("-created_at", "-id"),
                          page, page_size)


async def list_topups(user_id: int, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[WalletTopUp]:
    return await paginate(WalletTopUp.filter(user_id=user_id).order_by("-created_at", "-id"),
                          page, page_size)


async def pending_topups(page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> Page[WalletTopUp]:
    """Oldest first: the admin queue is served in the order people asked."""
    query = WalletTopUp.filter(status=ReviewStatus.PENDING).select_related("user", "method")
    return await paginate(query.order_by("created_at", "id"), page, page_size)


async def get_topup(topup_id: int) -> WalletTopUp:
    """One top-up with its person and method, for the admin's review screen."""
    topup = await WalletTopUp.get_or_none(id=topup_id).select_related("user", "method")
    if topup is None:
        raise NotFound(entity="topup", id=topup_id)
    return topup


async def pending_count() -> int:
    return await WalletTopUp.filter(status=ReviewStatus.PENDING).count()
