from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class CartLine(Model):
    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="cart_lines", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("models.Product", related_name="cart_lines", on_delete=fields.CASCADE)
    quantity = fields.IntField()
    added_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "cart_lines"
        unique_together = (("user", "product"),)
        indexes = (Index(fields=("product_id",)),)
