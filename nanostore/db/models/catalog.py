from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .enums import DeliveryType, ItemKind, MediaKind, StockMode

if TYPE_CHECKING:  # related models, for the relation types only
    from .orders import OrderLine


class Category(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=128)
    emoji = fields.CharField(max_length=16, default="")
    image_file_id = fields.CharField(max_length=255, null=True)
    sort_order = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)
    # Active products in this category, for the customer's category list. The database's
    # triggers on products keep it exact (migration 0004); no code writes it, so save a
    # Category with update_fields: a full save() would write back the count it was loaded with.
    active_product_count = fields.IntField(default=0, db_default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "categories"
        indexes = (Index(fields=("is_active", "sort_order")),)


class Product(Model):
    id = fields.IntField(primary_key=True)
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="products", on_delete=fields.RESTRICT)
    category_id: int
    name = fields.CharField(max_length=128)
    description = fields.TextField(default="")  # Telegram HTML, shown as written by the admin
    # Name and description without tags, case-folded in Python: SQLite folds only ASCII, so
    # searching this column finds Cyrillic and other scripts regardless of case.
    search_text = fields.TextField(default="")
    price = fields.BigIntField()  # minor units of the shop currency
    stars_price = fields.IntField(null=True)  # overrides the shop-wide conversion when set
    stock_mode = fields.CharEnumField(StockMode, max_length=16, default=StockMode.UNLIMITED)
    stock = fields.IntField(default=0)  # units left; meaningful only when counted
    image_file_id = fields.CharField(max_length=255, null=True)
    delivery_type = fields.CharEnumField(DeliveryType, max_length=16, default=DeliveryType.MANUAL)
    protect_content = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    sort_order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "products"
        indexes = (Index(fields=("category_id", "is_active", "sort_order")),)


class ProductFaq(Model):
    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="faqs", on_delete=fields.CASCADE)
    product_id: int
    question = fields.CharField(max_length=255)
    answer = fields.TextField()
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "product_faqs"
        indexes = (Index(fields=("product_id", "sort_order")),)


class ProductMedia(Model):
    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="media", on_delete=fields.CASCADE)
    product_id: int
    kind = fields.CharEnumField(MediaKind, max_length=16)
    file_id = fields.CharField(max_length=255)
    caption = fields.CharField(max_length=1024, default="")
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "product_media"
        indexes = (Index(fields=("product_id", "sort_order")),)


class DeliveryItem(Model):
    # One deliverable unit (key, text or file id); claimed by exactly one order line.

    id = fields.BigIntField(primary_key=True)
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="delivery_items", null=True, on_delete=fields.SET_NULL)
    product_id: int | None
    kind = fields.CharEnumField(ItemKind, max_length=8, default=ItemKind.TEXT)
    content = fields.TextField()  # the key/text, or a Telegram file id
    file_name = fields.CharField(max_length=255, null=True)
    order_line: fields.ForeignKeyNullableRelation[OrderLine] = fields.ForeignKeyField(
        "models.OrderLine", related_name="delivered_items", null=True, on_delete=fields.SET_NULL)
    order_line_id: int | None
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "delivery_items"
        indexes = (Index(fields=("product_id", "order_line_id")), Index(fields=("order_line_id",)))
