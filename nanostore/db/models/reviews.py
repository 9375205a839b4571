from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:  # related models, for the relation types only
    from .catalog import Product
    from .users import User


class Review(Model):
    # One per product per customer (editing changes this row); only who received the product
    # may write one (services/reviews.py). The text is plain text, escaped wherever shown.
    id = fields.BigIntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="reviews", on_delete=fields.CASCADE)
    product_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reviews", on_delete=fields.CASCADE)
    user_id: int
    rating = fields.SmallIntField()  # 1..5
    text = fields.TextField(default="")
    is_hidden = fields.BooleanField(default=False)  # an admin hid it from the product card
    reply = fields.TextField(default="")  # the shop's public answer, shown under it
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reviews"
        unique_together = (("product", "user"),)
        indexes = (Index(fields=("product_id", "is_hidden", "created_at")),
                   Index(fields=("created_at",)))


class StockAlert(Model):
    # A customer waiting for a product to be buyable again; the row goes when they are told
    # (or cancel), so each request is answered once.
    id = fields.BigIntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="stock_alerts", on_delete=fields.CASCADE)
    product_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="stock_alerts", on_delete=fields.CASCADE)
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "stock_alerts"
        unique_together = (("product", "user"),)
