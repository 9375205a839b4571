from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from .enums import TicketStatus

if TYPE_CHECKING:  # related models, for the relation types only
    from .users import User


class Ticket(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tickets", on_delete=fields.CASCADE)
    user_id: int
    subject = fields.CharField(max_length=128)
    status = fields.CharEnumField(TicketStatus, max_length=8, default=TicketStatus.OPEN)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tickets"
        indexes = (Index(fields=("user_id", "updated_at")), Index(fields=("status", "updated_at")))


class TicketMessage(Model):
    id = fields.BigIntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="messages", on_delete=fields.CASCADE)
    ticket_id: int
    author_id = fields.BigIntField()
    from_admin = fields.BooleanField(default=False)
    text = fields.TextField()
    file_id = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ticket_messages"
        indexes = (Index(fields=("ticket_id", "created_at")),)
