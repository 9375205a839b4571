from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Setting(Model):
    # One admin-changeable value, JSON-encoded; typed defaults live in services.settings.

    key = fields.CharField(max_length=64, primary_key=True)
    value: fields.JSONField[dict[str, Any]] = fields.JSONField()  # {"v": the setting's value}
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "settings"


class ScreenContent(Model):
    # Image or text override of one screen, set by an admin; the screen named global holds the banner.

    screen = fields.CharField(max_length=32, primary_key=True)
    image_file_id = fields.CharField(max_length=255, null=True)
    text = fields.TextField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "screen_content"


class ForceJoinChannel(Model):
    id = fields.IntField(primary_key=True)
    chat_id = fields.BigIntField(unique=True)
    username = fields.CharField(max_length=64, null=True)
    title = fields.CharField(max_length=255, default="")
    invite_link = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "force_join_channels"


class JobLease(Model):
    # Which instance runs a background job now (services/leases): one row per job, taken over
    # only once its holder stopped renewing it.

    name = fields.CharField(max_length=64, primary_key=True)
    holder = fields.CharField(max_length=64)
    until = fields.DatetimeField()

    class Meta:
        table = "job_leases"
