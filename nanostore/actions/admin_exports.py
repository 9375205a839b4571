"""Sending exported rows to the admin as a CSV or JSON document (orders, users)."""

from __future__ import annotations

import csv
import io
import json

from aiogram.types import BufferedInputFile
from aiogram_dialog import ShowMode

from nanostore.actions.shop_deps import deps
from nanostore.ui import ActionContext, Stay


def export_document(rows: list[dict], stem: str, kind: str) -> BufferedInputFile:
    """Rows of plain values as a CSV (Excel-friendly UTF-8) or JSON file to send."""
    if kind == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=2).encode()
        return BufferedInputFile(body, filename=f"{stem}.json")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["id"])
    writer.writeheader()
    writer.writerows(rows)
    return BufferedInputFile(buffer.getvalue().encode("utf-8-sig"), filename=f"{stem}.csv")


async def send_export(ctx: ActionContext, rows: list[dict], stem: str, caption_key: str) -> Stay:
    kind = ctx.args.get("format", "csv")
    await deps(ctx).bot.send_document(
        ctx.user.id, export_document(rows, stem, kind), caption=ctx.t(caption_key, count=len(rows)))
    # The file is a new message: show the screen again below it.
    ctx.manager.show_mode = ShowMode.SEND
    return Stay()
