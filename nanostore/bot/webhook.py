"""Webhook mode: Telegram (or a load balancer) POSTs updates to every instance.

Updates are handled before the POST is answered, so Telegram retries what an instance did not
finish, and stopping an instance first stops accepting, then waits for the updates in flight.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from tortoise import connections

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
SHUTDOWN_GRACE_SECONDS = 30

# More routes on the same server: Crypto Pay's webhook (bot/crypto_webhook.add_crypto_webhook).
AddRoutes = Callable[[web.Application], None]


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


async def health(request: web.Request) -> web.Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        return web.json_response({"ok": False, "database": str(error)}, status=503)
    return web.json_response({"ok": True})


def build_webhook_app(dispatcher: Dispatcher, bot: Bot, path: str, secret: str | None,
                      add_routes: AddRoutes | None = None) -> web.Application:
    app = web.Application()
    handler = SimpleRequestHandler(dispatcher, bot, secret_token=secret, handle_in_background=False)
    handler.register(app, path=path)
    app.router.add_get(HEALTH_PATH, health)
    if add_routes is not None:
        add_routes(app)
    return app


async def start_side_server(add_routes: AddRoutes, host: str, port: int) -> web.AppRunner:
    """In polling mode, a small server for the webhooks that are not Telegram's (Crypto Pay),
    with /healthz; the caller cleans the returned runner up."""
    app = web.Application()
    app.router.add_get(HEALTH_PATH, health)
    add_routes(app)
    runner = web.AppRunner(app, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("listening on %s:%s for payment webhooks", host, port)
    return runner


async def serve_webhook(dispatcher: Dispatcher, bot: Bot, *, webhook_url: str, secret: str | None,
                        host: str, port: int, register: bool = True,
                        add_routes: AddRoutes | None = None) -> None:
    """Serve until SIGINT/SIGTERM; `register` calls setWebhook (one instance is enough)."""
    app = build_webhook_app(dispatcher, bot, webhook_path(webhook_url), secret, add_routes)
    runner = web.AppRunner(app, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    if register:
        await bot.set_webhook(webhook_url, secret_token=secret,
                              allowed_updates=dispatcher.resolve_used_update_types())
    log.info("webhook listening on %s:%s%s", host, port, webhook_path(webhook_url))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await runner.cleanup()  # stops accepting, then waits for in-flight updates
