"""Webhooks: setWebhook/deleteWebhook/getWebhookInfo and the Bot API methods for them.

Delivery itself lives in webhook_delivery.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.core import Core
from nanostore.emulator.params import Params

if TYPE_CHECKING:
    from nanostore.emulator.webhook_delivery import WebhookDelivery

SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


async def set_webhook(core: Core, params: Params) -> bool:
    url = params.str("url") or ""
    if not url:
        return await delete_webhook(core, params)
    # Telegram demands HTTPS; the emulator also takes http://127.0.0.1 so tests need no TLS.
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise errors.bad_request(errors.BAD_WEBHOOK_URL)
    secret = params.str("secret_token")
    if secret is not None and not SECRET_TOKEN.match(secret):
        raise errors.bad_request(errors.BAD_WEBHOOK_SECRET)
    if params.bool("drop_pending_updates"):
        core.queue.drop_all()
    if params.has("allowed_updates"):
        core.queue.set_allowed(params.json("allowed_updates"))
    _delivery(core).register(url, secret, params.int("max_connections", 40))
    return True


async def delete_webhook(core: Core, params: Params) -> bool:
    if params.bool("drop_pending_updates"):
        core.queue.drop_all()
    _delivery(core).clear()
    return True


async def get_webhook_info(core: Core, params: Params) -> dict:
    delivery = _delivery(core)
    info = {"url": delivery.url or "", "has_custom_certificate": False,
            "pending_update_count": len(core.queue.pending)}
    if delivery.active:
        info["max_connections"] = delivery.max_connections
        if core.queue.allowed:
            info["allowed_updates"] = sorted(core.queue.allowed)
    if delivery.last_error_message:
        info["last_error_date"] = delivery.last_error_date
        info["last_error_message"] = delivery.last_error_message
    return info


def _delivery(core: Core) -> WebhookDelivery:
    assert core.webhook is not None  # the Emulator gives its Core one at once
    return core.webhook


METHODS = {"setWebhook": set_webhook, "deleteWebhook": delete_webhook,
           "getWebhookInfo": get_webhook_info}
