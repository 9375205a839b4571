"""Admin coupons: the list with usage counts, and one coupon."""

from __future__ import annotations

from aiogram_dialog import DialogManager

from nanostore.services import coupons
from nanostore.ui import default_registry as registry


def coupon_row(coupon) -> dict:
    expired = coupons.is_expired(coupon)
    return {"id": coupon.id, "code": coupon.code, "percent": coupon.percent,
            "used": coupon.used_count, "max_uses": coupon.max_uses, "is_active": coupon.is_active,
            "expires_at": coupon.expires_at, "expired": expired}


@registry.getter("admin_coupons.page")
async def coupons_page(dialog_manager: DialogManager, page: int = 0, page_size: int = 8,
                       **_) -> dict:
    listed = await coupons.list_all(page, page_size)
    return {"coupons": [coupon_row(coupon) for coupon in listed.items], "total": listed.total,
            "page": listed.page, "pages": listed.pages}


@registry.getter("admin_coupons.coupon")
async def coupon(dialog_manager: DialogManager, **_) -> dict:
    return {"coupon": coupon_row(await coupons.get(dialog_manager.dialog_data["coupon_id"]))}
