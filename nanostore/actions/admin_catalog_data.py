"""Many products at once: bulk stock, import from CSV/JSON, export as CSV/JSON documents.

Bulk stock and import are all or nothing: on any wrong line the admin gets a report naming each
line and nothing is saved.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from aiogram.types import BufferedInputFile
from aiogram_dialog import ShowMode

from nanostore.actions.shop_deps import deps, sent_document
from nanostore.services import audit, catalog_import, exports
from nanostore.services.catalog_import import LineError
from nanostore.services.errors import InvalidInput, NotFound
from nanostore.ui import ActionContext, Stay, SwitchTo
from nanostore.ui import default_registry as registry
from nanostore.ui.notice import set_notice

from .replies import note

IMPORT_MAX_BYTES = 2_000_000
REPORT_LINES = 15  # a note above the window must stay well under Telegram's 4096 characters


def _report(ctx: ActionContext, errors: list[LineError]) -> str:
    lines = [str(ctx.t("admin_catalog_data.report_title", count=len(errors)))]
    for error in errors[:REPORT_LINES]:
        reason = ctx.t(f"admin_catalog_data.reasons.{error.reason}")
        lines.append(str(ctx.t("admin_catalog_data.report_line", line=error.line,
                               field=error.field, reason=reason)))
    if len(errors) > REPORT_LINES:
        lines.append(str(ctx.t("admin_catalog_data.report_more", count=len(errors) - REPORT_LINES)))
    return "\n".join(lines)


def _refuse(ctx: ActionContext, text) -> Stay:
    set_notice(ctx.manager, text)
    return Stay()


@registry.action("admin_catalog_data.bulk_stock")
async def bulk_stock(ctx: ActionContext):
    updates, errors = catalog_import.parse_stock_lines(ctx.value)
    if errors:
        return _refuse(ctx, _report(ctx, errors))
    try:
        count = await catalog_import.bulk_stock_update(updates, by=deps(ctx).actor)
    except NotFound as error:
        ids = ", ".join(f"#{product_id}" for product_id in error.params.get("ids", []))
        return _refuse(ctx, ctx.t("admin_catalog_data.unknown_ids", ids=ids))
    await audit.record(ctx.user.id, "product.bulk_stock", "products",
                       after={str(product_id): stock for product_id, stock in updates})
    note(ctx, "admin_catalog_data.stock_updated", count=count)
    return SwitchTo("menu")


@registry.action("admin_catalog_data.import_file")
async def import_file(ctx: ActionContext):
    document = sent_document(ctx)
    if (document.file_size or 0) > IMPORT_MAX_BYTES:
        return _refuse(ctx, ctx.t("admin_catalog_data.too_big"))
    data = await deps(ctx).download(document.file_id)
    try:
        rows, first_line = catalog_import.read_import_file(document.file_name or "",
                                                           data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _refuse(ctx, ctx.t("admin_catalog_data.reasons.not_utf8"))
    except InvalidInput as error:
        return _refuse(ctx, ctx.t(f"admin_catalog_data.reasons.{error.params['reason']}",
                                  **error.params))
    report = await catalog_import.import_products(rows, first_line, by=deps(ctx).actor)
    if not report.ok:
        return _refuse(ctx, _report(ctx, report.errors))
    await audit.record(ctx.user.id, "product.import", document.file_name or "file",
                       after={"imported": report.imported,
                              "created_categories": report.created_categories})
    note(ctx, "admin_catalog_data.imported", count=report.imported,
         categories=", ".join(report.created_categories))
    return SwitchTo("menu")


def _csv_bytes(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["id"])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet apps see UTF-8


@registry.action("admin_catalog_data.export")
async def export(ctx: ActionContext):
    kind = ctx.args.get("format", "csv")
    rows = await exports.export_products()
    content = _csv_bytes(rows) if kind == "csv" else \
        json.dumps(rows, ensure_ascii=False, indent=1).encode()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    await deps(ctx).bot.send_document(
        ctx.user.id, BufferedInputFile(content, f"products-{stamp}.{kind}"),
        caption=str(ctx.t("admin_catalog_data.exported", count=len(rows))))
    await audit.record(ctx.user.id, "product.export", kind, after={"rows": len(rows)})
    # The document lands below the menu: send the menu again so it stays the last message.
    ctx.manager.show_mode = ShowMode.SEND
