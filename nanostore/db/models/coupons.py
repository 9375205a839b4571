from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:  # related models, for the relation types only
    from .orders import Order
    from .users import User


class Coupon(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)  # stored upper-case
    percent = fields.IntField()  # 1..100
    max_uses = fields.IntField(default=0)  # 0 = unlimited
    used_count = fields.IntField(default=0)
    expires_at = fields.DatetimeField(null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "coupons"


class CouponRedemption(Model):
    # A use of a coupon by a person; unique per (coupon, user): once per user.

    id = fields.BigIntField(primary_key=True)
    coupon: fields.ForeignKeyRelation[Coupon] = fields.ForeignKeyField(
        "models.Coupon", related_name="redemptions", on_delete=fields.CASCADE)
    coupon_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="coupon_redemptions", on_delete=fields.CASCADE)
    user_id: int
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="coupon_redemptions", on_delete=fields.CASCADE)
    order_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "coupon_redemptions"
        unique_together = (("coupon", "user"),)
        indexes = (Index(fields=("order_id",)),)
