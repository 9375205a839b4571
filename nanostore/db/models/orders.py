from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .enums import DeliveryType, OrderStatus, PaymentStatus

if TYPE_CHECKING:  # related models, for the relation types only
    from .catalog import Product
    from .coupons import Coupon
    from .payments import PaymentMethod
    from .users import User


class Order(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="orders", on_delete=fields.RESTRICT)
    user_id: int
    status = fields.CharEnumField(OrderStatus, max_length=16, default=OrderStatus.PENDING)
    payment_status = fields.CharEnumField(PaymentStatus, max_length=16, default=PaymentStatus.UNPAID)
    subtotal = fields.BigIntField()
    discount = fields.BigIntField(default=0)
    wallet_used = fields.BigIntField(default=0)
    amount_due = fields.BigIntField()  # what is left to pay after discount and wallet
    currency = fields.CharField(max_length=8)
    coupon: fields.ForeignKeyNullableRelation[Coupon] = fields.ForeignKeyField(
        "models.Coupon", related_name="orders", null=True, on_delete=fields.SET_NULL)
    coupon_id: int | None
    payment_method: fields.ForeignKeyNullableRelation[PaymentMethod] = fields.ForeignKeyField(
        "models.PaymentMethod", related_name="orders", null=True, on_delete=fields.SET_NULL)
    payment_method_id: int | None
    stars_amount = fields.IntField(null=True)  # the price in Stars fixed when the invoice was sent
    # One checkout produces one order: the dialog's checkout token is unique.
    checkout_token = fields.CharField(max_length=64, null=True, unique=True)
    admin_note = fields.TextField(null=True)
    paid_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    # An unpaid order holds its stock until then (services/holds); None: no deadline (paid at
    # once, or holds switched off when it was placed).
    hold_until = fields.DatetimeField(null=True)
    reminded_at = fields.DatetimeField(null=True)  # the "pay soon" reminder went out
    expired_at = fields.DatetimeField(null=True)  # cancelled because its hold ran out
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "orders"
        indexes = (Index(fields=("user_id", "created_at")), Index(fields=("status", "created_at")),
                   Index(fields=("payment_status", "created_at")), Index(fields=("created_at",)),
                   Index(fields=("hold_until",)))


class OrderLine(Model):
    # A snapshot of what was bought: renaming or repricing a product never rewrites history.

    id = fields.BigIntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="lines", on_delete=fields.CASCADE)
    order_id: int
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="order_lines", null=True, on_delete=fields.SET_NULL)
    product_id: int | None
    product_name = fields.CharField(max_length=128)
    unit_price = fields.BigIntField()
    quantity = fields.IntField()
    delivery_type = fields.CharEnumField(DeliveryType, max_length=16)
    protect_content = fields.BooleanField(default=False)
    # True while stock was taken from a counted product, so a cancel gives back exactly that.
    stock_counted = fields.BooleanField(default=False)

    class Meta:
        table = "order_lines"
        indexes = (Index(fields=("order_id",)), Index(fields=("product_id",)))
