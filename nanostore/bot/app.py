"""Assembles the shop: Bot, Dispatcher, middlewares, routers, screens, notifier."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram_dialog import setup_dialogs

from nanostore.bot.admin_alerts import admin_alerts_router
from nanostore.bot.errors import error_router
from nanostore.bot.membership import MembershipChecker
from nanostore.bot.message_manager import quiet_message_manager
from nanostore.bot.middlewares.gates import GatesMiddleware
from nanostore.bot.middlewares.identity import IdentityMiddleware
from nanostore.bot.notices import NoticeRenderer
from nanostore.bot.notifier import Notifier
from nanostore.bot.payments import payments_router
from nanostore.bot.product_links import product_links_router
from nanostore.bot.start import HOME_DIALOG, start_router
from nanostore.bot.storage import build_storage
from nanostore.bot.subscription_payments import join_requests_router
from nanostore.bot.telegram_retry import install as install_telegram_retry
from nanostore.config import Settings
from nanostore.services.crypto_pay_api import CryptoPayApi
from nanostore.ui import (
    ScreenBundle,
    setup_access_refusal,
    setup_screens,
    setup_stale_button_recovery,
)


@dataclass
class Shop:
    bot: Bot
    dispatcher: Dispatcher
    notifier: Notifier
    membership: MembershipChecker
    crypto_pay: CryptoPayApi | None = None  # with CRYPTO_PAY_TOKEN set


def build_crypto_pay(settings: Settings) -> CryptoPayApi | None:
    token = settings.crypto_token()
    return CryptoPayApi(token, settings.crypto_pay_api_url) if token else None


def build_bot(settings: Settings, session: AiohttpSession | None = None) -> Bot:
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(settings.require_bot_token(), session=session,
               default=DefaultBotProperties(parse_mode="HTML"))


def build_shop(settings: Settings, bundle: ScreenBundle, bot: Bot, *,
               storage: BaseStorage | None = None,
               events_isolation: BaseEventIsolation | None = None) -> Shop:
    if storage is None:
        storage, events_isolation = build_storage(settings.redis_url)
    dispatcher = Dispatcher(storage=storage, events_isolation=events_isolation)
    translator = bundle.translator
    notifier = Notifier(bot, NoticeRenderer(bundle, settings.default_locale), settings.admin_ids)
    membership = MembershipChecker(bot)
    install_telegram_retry(bot, dispatcher)
    dispatcher.update.outer_middleware(IdentityMiddleware(
        settings.admin_ids, bundle.locales.languages, settings.default_locale, translator.for_language))
    dispatcher.update.outer_middleware(GatesMiddleware(membership))
    dispatcher["notifier"] = notifier
    dispatcher["membership"] = membership
    dispatcher["settings"] = settings
    crypto_pay = build_crypto_pay(settings)
    dispatcher["crypto_pay"] = crypto_pay
    dispatcher.include_router(error_router())
    dispatcher.include_router(payments_router())
    dispatcher.include_router(join_requests_router())
    dispatcher.include_router(start_router())
    dispatcher.include_router(admin_alerts_router())
    dispatcher.include_router(product_links_router())
    setup_screens(dispatcher, bundle)
    setup_dialogs(dispatcher, message_manager=quiet_message_manager(dispatcher))
    setup_stale_button_recovery(dispatcher, home_dialog=HOME_DIALOG, note_key="common.stale")
    setup_access_refusal(dispatcher, home_dialog=HOME_DIALOG, note_key="common.no_access")
    return Shop(bot, dispatcher, notifier, membership, crypto_pay)
