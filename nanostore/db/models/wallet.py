from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .enums import LedgerReason, ReviewStatus

if TYPE_CHECKING:  # related models, for the relation types only
    from .payments import PaymentMethod
    from .users import User


class WalletTopUp(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="topups", on_delete=fields.CASCADE)
    user_id: int
    amount = fields.BigIntField()
    bonus = fields.BigIntField(default=0)  # fixed when approved, from the bonus % in force then
    method: fields.ForeignKeyNullableRelation[PaymentMethod] = fields.ForeignKeyField(
        "models.PaymentMethod", related_name="topups", null=True, on_delete=fields.SET_NULL)
    method_id: int | None
    file_id = fields.CharField(max_length=255, null=True)  # screenshot; empty for Stars top-ups
    via_stars = fields.BooleanField(default=False)
    status = fields.CharEnumField(ReviewStatus, max_length=16, default=ReviewStatus.PENDING)
    admin_note = fields.TextField(null=True)
    decided_by = fields.BigIntField(null=True)
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "wallet_topups"
        indexes = (Index(fields=("status", "created_at")), Index(fields=("user_id", "created_at")))


class LedgerEntry(Model):
    # Every change of a balance is a row; the rows of a user sum to their balance.

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="ledger", on_delete=fields.CASCADE)
    user_id: int
    amount = fields.BigIntField()  # signed: credits positive, debits negative
    balance_after = fields.BigIntField()
    reason = fields.CharEnumField(LedgerReason, max_length=24)
    reference = fields.CharField(max_length=64, default="")  # e.g. "order:12", "topup:3"
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "wallet_ledger"
        indexes = (Index(fields=("user_id", "created_at")), Index(fields=("reference",)))
