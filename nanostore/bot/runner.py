"""`nanostore run`: check config and screens, migrate, then poll or serve the webhook until
SIGINT/SIGTERM, and close everything so the process really exits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys

from nanostore.bot.app import build_bot, build_shop
from nanostore.bot.crypto_reconciler import CryptoReconciler
from nanostore.bot.recovery import finish_interrupted_work
from nanostore.bot.screens import load_shop_bundle
from nanostore.bot.stars_ledger import StarsLedger, payer_translator
from nanostore.config import load_settings
from nanostore.db.connection import close_database, open_database
from nanostore.ui import ScreenErrors

log = logging.getLogger("nanostore")

EXIT_SCREENS = 3


def start_background_work(shop, settings, stars_ledger=None,
                          crypto_reconciler=None) -> list[asyncio.Task]:
    """Work off the updates' critical path: notifications, broadcasts, scheduled backups,
    unpaid orders' holds, subscriptions' access, reconciling with the Stars ledger and Crypto Pay."""
    from nanostore.bot.broadcaster import Broadcaster
    from nanostore.bot.hold_keeper import HoldKeeper
    from nanostore.bot.subscription_keeper import SubscriptionKeeper
    from nanostore.ops.scheduled_backup import run_scheduled_backups

    tasks = [
        asyncio.create_task(shop.notifier.run_forever(), name="notifier"),
        asyncio.create_task(Broadcaster(shop.bot).run_forever(), name="broadcaster"),
        asyncio.create_task(HoldKeeper(shop.notifier).run_forever(), name="holds"),
        asyncio.create_task(SubscriptionKeeper(shop.bot, shop.notifier).run_forever(),
                            name="subscriptions"),
        asyncio.create_task(run_scheduled_backups(
            shop.bot, settings.admin_ids, settings.backup_interval_hours,
            database_url=settings.database_url), name="backups"),
    ]
    if stars_ledger is not None:
        tasks.append(asyncio.create_task(stars_ledger.run_forever(), name="stars_ledger"))
    if crypto_reconciler is not None:
        tasks.append(asyncio.create_task(crypto_reconciler.run_forever(), name="crypto_reconciler"))
    return tasks


def crypto_webhook_routes(shop, settings):
    """Crypto Pay's webhook route, when a Crypto Pay token is set."""
    token = settings.crypto_token()
    if shop.crypto_pay is None or token is None:
        return None
    from nanostore.bot.crypto_webhook import add_crypto_webhook

    return lambda app: add_crypto_webhook(app, settings.crypto_pay_webhook_path, token, shop.notifier)


async def run_bot() -> int:
    settings = load_settings()
    settings.require_bot_token()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        bundle = load_shop_bundle(settings.screen_folders, settings.locale_folders,
                                  media_dir=settings.media_folders,
                                  default_locale=settings.default_locale)
    except ScreenErrors as errors:
        for problem in errors.problems:
            print(problem, file=sys.stderr)
        print("nanostore: the screens have problems (listed above); the bot was not started",
              file=sys.stderr)
        return EXIT_SCREENS
    await open_database(settings.database_url)
    bot = build_bot(settings)
    shop = build_shop(settings, bundle, bot)
    stars_ledger = StarsLedger(bot, payer_translator(bundle, settings.default_locale), shop.notifier)
    crypto = CryptoReconciler(shop.crypto_pay, shop.notifier) if shop.crypto_pay else None
    background = start_background_work(shop, settings, stars_ledger, crypto)
    try:
        # Asking Telegram's Stars ledger and Crypto Pay what a crash left unapplied takes
        # network round trips; every step is keyed by its charge id or guarded by a
        # conditional update, so it runs beside the first updates instead of before them.
        background.append(asyncio.create_task(_finish_interrupted_work(stars_ledger, crypto),
                                              name="finish_interrupted_work"))
        await _serve(shop, bot, settings)
    finally:
        for task in background:
            task.cancel()
        for task in background:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if shop.crypto_pay is not None:
            await shop.crypto_pay.close()
        await bot.session.close()
        await close_database()
        log.info("stopped")
    return 0


async def _finish_interrupted_work(stars_ledger, crypto) -> None:
    try:
        await finish_interrupted_work(stars_ledger, crypto)
    except Exception:  # the shop serves on; what is left stays recorded for the next start-up
        log.exception("could not finish the work a crash interrupted")


async def _serve(shop, bot, settings) -> None:
    """Serve the webhook, or poll (with a small server for Crypto Pay's webhook if needed)."""
    from nanostore.bot.webhook import serve_webhook, start_side_server

    routes = crypto_webhook_routes(shop, settings)
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        await serve_webhook(shop.dispatcher, bot, webhook_url=settings.webhook_url, secret=secret,
                            host=settings.webhook_host, port=settings.webhook_port, add_routes=routes)
        return
    side = await start_side_server(routes, settings.webhook_host, settings.webhook_port) if routes else None
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        await shop.dispatcher.start_polling(bot, handle_signals=True, close_bot_session=False)
    finally:
        if side is not None:
            await side.cleanup()
