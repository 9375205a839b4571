from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:  # related models, for the relation types only
    from .catalog import Product
    from .users import User


class CartLine(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="cart_lines", on_delete=fields.CASCADE)
    user_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="cart_lines", on_delete=fields.CASCADE)
    product_id: int
    quantity = fields.IntField()
    added_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "cart_lines"
        unique_together = (("user", "product"),)
        indexes = (Index(fields=("product_id",)),)
