"""Reconciling with Telegram's Stars ledger: charges whose successful_payment update was lost.

Run once at start-up (before polling: a crash is what loses updates) and then every
EVERY_SECONDS in the background, because a live process loses one too when a handler fails
(a database blip). Five minutes bounds how long a customer can wait for what they paid, at the
cost of a handful of light calls per run; periodic runs leave charges younger than
SETTLE_SECONDS to their update, which normally lands within a second.

getStarTransactions lists the bot's transactions oldest first (telegram-bot-api asks TDLib for
ascending order) with `offset` counting lines to skip and no total, so the newest end is found
by doubling the offset then halving the gap, and pages are read from there backwards until
they are older than the service's look-back (services.stars_reconcile), at most MAX_PAGES.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.types import StarTransaction, TransactionPartnerUser
from tortoise.timezone import now as utc_now

from nanostore.bot.middlewares.identity import Translate, resolve_locale
from nanostore.bot.payments import apply_charge
from nanostore.db.models import User
from nanostore.services import stars_reconcile
from nanostore.services.stars_reconcile import LedgerCharge
from nanostore.services.users import TelegramPerson
from nanostore.ui import ScreenBundle

log = logging.getLogger(__name__)

PAGE = 100  # the most getStarTransactions returns
MAX_PAGES = 50  # 5,000 lines: a bound on one run, far above a day of a small shop
EVERY_SECONDS = 300
SETTLE_SECONDS = 60

TranslateFor = Callable[[int], Awaitable[Translate]]


def payer_translator(bundle: ScreenBundle, default_locale: str) -> TranslateFor:
    """The payer's language as their own update would have set it."""

    async def translate_for(user_id: int) -> Translate:
        row = await User.filter(id=user_id).first().values("language", "telegram_language")
        chosen, telegram = (row["language"], row["telegram_language"]) if row else (None, None)
        locale = resolve_locale(chosen, telegram, bundle.locales.languages, default_locale)
        return bundle.translator.for_language(locale)

    return translate_for


async def _page(bot: Bot, offset: int, limit: int = PAGE) -> list[StarTransaction]:
    return (await bot.get_star_transactions(offset=offset, limit=limit)).transactions


async def ledger_length(bot: Bot) -> int:
    """How many lines the ledger holds, in about 2*log2(lines/100) calls."""
    low, high, offset = 0, None, 0  # low <= length <= high, once high is known
    while True:
        got = len(await _page(bot, offset))
        if 0 < got < PAGE:
            return offset + got
        if got == PAGE:
            low = offset + PAGE
        else:
            high = offset
        if high is None:
            offset = max(PAGE, offset * 2)
        elif low >= high:  # lines added meanwhile can cross the bounds: the next run sees them
            return low
        else:
            offset = (low + high) // 2


async def pages_newest_first(bot: Bot) -> AsyncIterator[list[StarTransaction]]:
    """The ledger's pages from the newest backwards; each page itself oldest first. Lines added
    meanwhile go after the end and shift nothing, so no line is skipped."""
    end = await ledger_length(bot)
    for _ in range(MAX_PAGES):
        if end <= 0:
            return
        start = max(0, end - PAGE)
        yield await _page(bot, start, end - start)
        end = start
    log.warning("Stars ledger: stopped after %s pages; older lines were not checked", MAX_PAGES)


def ledger_charge(line: StarTransaction) -> LedgerCharge | None:
    """An incoming invoice payment from a user, or None for anything else (refunds, paid
    media, withdrawals, Telegram's own transactions)."""
    source = line.source
    if (not isinstance(source, TransactionPartnerUser) or source.invoice_payload is None
            or source.transaction_type != "invoice_payment"):
        return None
    user = source.user
    payer = TelegramPerson(user.id, user.first_name, user.username, user.last_name,
                           user.language_code)
    return LedgerCharge(charge_id=line.id, payer=payer, amount=line.amount,
                        payload=source.invoice_payload, date=line.date)


async def recent_charges(bot: Bot, since: datetime) -> list[LedgerCharge]:
    """Incoming payments dated `since` or later, oldest first, without those refunded since
    (a refund keeps the charge's id and comes after it)."""
    newest_first: list[LedgerCharge] = []
    refunded: set[str] = set()
    async for page in pages_newest_first(bot):
        for line in reversed(page):
            if line.receiver is not None:
                refunded.add(line.id)
            elif (charge := ledger_charge(line)) is not None and charge.date >= since:
                newest_first.append(charge)
        if not page or page[0].date < since:
            break
    return [charge for charge in reversed(newest_first) if charge.charge_id not in refunded]


class StarsLedger:
    def __init__(self, bot: Bot, translate_for: TranslateFor, notifier=None) -> None:
        self.bot = bot
        self.translate_for = translate_for
        self.notifier = notifier

    async def reconcile(self, settle_seconds: float = 0) -> list[str]:
        """Applies every recent charge the shop has no record of; returns their ids."""
        now = utc_now()
        charges = await recent_charges(self.bot, await stars_reconcile.lookback_start(now))
        settled = now - timedelta(seconds=settle_seconds)
        missing = await stars_reconcile.unrecorded(c for c in charges if c.date <= settled)
        applied = []
        for charge in missing:
            try:
                await self._apply(charge)
            except Exception:  # one charge that cannot be applied must not hold up the others
                log.exception("could not apply Stars charge %s from the ledger", charge.charge_id)
                continue
            applied.append(charge.charge_id)
        return applied

    async def _apply(self, charge: LedgerCharge) -> None:
        await stars_reconcile.register_payer(charge.payer)
        t = await self.translate_for(charge.user_id)
        outcome = await apply_charge(self.bot, charge.charge_id, charge.payload, charge.user_id,
                                     charge.amount, t, self.notifier)
        # Worth a look: it means an update was lost (a crash or a failed handler).
        log.warning("Stars charge %s of user %s (%s) was missing; applied from the ledger: %s",
                    charge.charge_id, charge.user_id, charge.payload, outcome.status)

    async def reconcile_quietly(self, settle_seconds: float = 0) -> None:
        try:
            await self.reconcile(settle_seconds)
        except Exception:  # Telegram or the database unavailable: the next run tries again
            log.exception("Stars ledger reconciliation failed")

    async def run_forever(self, every: float = EVERY_SECONDS) -> None:
        while True:
            await asyncio.sleep(every)
            await self.reconcile_quietly(SETTLE_SECONDS)
