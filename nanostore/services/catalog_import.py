"""Changing many products at once, all or nothing: a bulk stock update and a product import.

The import checks every line first and returns a report naming each wrong line and field; if any
line is wrong nothing is written, so a half-imported catalog never has to be cleaned up by hand.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from nanostore.db.models import Category, Product
from nanostore.db.models.enums import DeliveryType, StockMode
from nanostore.domain.staff import Actor

from . import staff
from .errors import DomainError, InvalidInput, NotFound
from .events import ProductAvailable, publish
from .products import clean_description, clean_name, clean_price, clean_stars_price, clean_stock
from .search_text import searchable

CATALOG = "catalog"  # the staff role that changes them


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    reason: str


@dataclass
class ImportReport:
    imported: int = 0
    created_categories: list[str] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


async def bulk_stock_update(updates: list[tuple[int, int]], *, by: Actor | None = None) -> int:
    """Set counted stock for each (product_id, stock); any bad pair changes nothing."""
    staff.check(by, CATALOG)
    for _, stock in updates:
        clean_stock(stock)
    ids = [product_id for product_id, _ in updates]
    async with in_transaction():
        known = set(await Product.filter(id__in=ids).values_list("id", flat=True))
        missing = [product_id for product_id in ids if product_id not in known]
        if missing:
            raise NotFound(entity="product", id=missing[0], ids=missing)
        for product_id, stock in updates:
            await Product.filter(id=product_id).update(stock_mode=StockMode.COUNTED, stock=stock)
            await publish(ProductAvailable(product_id))
    return len(updates)


_STOCK_LINE = re.compile(r"^\s*#?(\d{1,10})\s*[=:]\s*(-?\d{1,10})\s*$")


def parse_stock_lines(text: str) -> tuple[list[tuple[int, int]], list[LineError]]:
    """`id=stock` per line (blank lines skipped) into pairs, and every wrong line with why."""
    updates, errors, seen = [], [], set()
    for line, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        match = _STOCK_LINE.match(raw)
        if not match:
            errors.append(LineError(line, "line", "format"))
            continue
        product_id, stock = int(match.group(1)), int(match.group(2))
        if stock < 0:
            errors.append(LineError(line, "stock", "non_negative_integer"))
        elif product_id in seen:
            errors.append(LineError(line, "id", "duplicate"))
        else:
            seen.add(product_id)
            updates.append((product_id, stock))
    if not updates and not errors:
        errors.append(LineError(1, "line", "empty"))
    return updates, errors


def read_import_file(file_name: str, text: str) -> tuple[list[Any], int]:
    """Rows of a .csv (header line, then one product a line) or .json (a list of objects) file,
    and the line number of the first row: 2 for CSV, 1 (the first record) for JSON."""
    name = (file_name or "").lower()
    if name.endswith(".csv"):
        return list(csv.DictReader(io.StringIO(text))), 2
    if name.endswith(".json"):
        try:
            rows = json.loads(text)
        except ValueError as error:
            raise InvalidInput(field="file", reason="json", line=getattr(error, "lineno", 1)) from None
        if not isinstance(rows, list):
            raise InvalidInput(field="file", reason="json_list")
        return rows, 1
    raise InvalidInput(field="file", reason="file_type")


def _whole_number(value: Any) -> Any:
    """CSV gives text, JSON gives numbers: accept both, leave anything else for the check."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_row(row: dict[str, Any]) -> dict[str, Any]:
    """The product's columns, or InvalidInput naming the first wrong field."""
    stock = None if _blank(row.get("stock")) else clean_stock(_whole_number(row.get("stock")))
    delivery = str(row.get("delivery_type") or DeliveryType.MANUAL).strip().lower()
    if delivery not in {item.value for item in DeliveryType}:
        raise InvalidInput(field="delivery_type", reason="unknown")
    category = str(row.get("category") or "").strip()
    if not 1 <= len(category) <= 128:
        raise InvalidInput(field="category", reason="required")
    stars = row.get("stars_price")
    return {
        "name": clean_name(row.get("name")), "price": clean_price(_whole_number(row.get("price"))),
        "description": clean_description(row.get("description")), "category": category,
        "stock_mode": StockMode.UNLIMITED if stock is None else StockMode.COUNTED,
        "stock": stock or 0, "delivery_type": DeliveryType(delivery),
        "stars_price": None if _blank(stars) else clean_stars_price(_whole_number(stars)),
    }


def validate_rows(rows: list[dict[str, Any]], first_line: int) -> tuple[list[dict], list[LineError]]:
    parsed, errors = [], []
    for line, row in enumerate(rows, start=first_line):
        if not isinstance(row, dict):
            errors.append(LineError(line, "row", "not_a_record"))
            continue
        try:
            parsed.append(_parse_row(row))
        except DomainError as error:
            errors.append(LineError(line, error.params.get("field", "row"),
                                    str(error.params.get("reason", error.code))))
    return parsed, errors


async def _category_ids(names: list[str], report: ImportReport) -> dict[str, int]:
    # Matched by case-folded name; a category named in the file but not in the shop is created.
    existing = {name.casefold(): cid for cid, name in await Category.all().values_list("id", "name")}
    for name in names:
        if name.casefold() not in existing:
            existing[name.casefold()] = (await Category.create(name=name)).id
            report.created_categories.append(name)
    return existing


async def import_products(rows: list[dict[str, Any]], first_line: int = 2,
                          *, by: Actor | None = None) -> ImportReport:
    """`first_line` is the file line of rows[0] (2 for a CSV with a header)."""
    staff.check(by, CATALOG)
    parsed, errors = validate_rows(rows, first_line)
    report = ImportReport(errors=errors)
    if errors or not parsed:
        if not parsed and not errors:
            report.errors.append(LineError(first_line, "row", "empty"))
        return report
    async with in_transaction():
        category_ids = await _category_ids(list(dict.fromkeys(row["category"] for row in parsed)), report)
        await Product.bulk_create([
            Product(category_id=category_ids[row.pop("category").casefold()],
                    search_text=searchable(row["name"], row["description"]), **row)
            for row in parsed])
    report.imported = len(parsed)
    return report
