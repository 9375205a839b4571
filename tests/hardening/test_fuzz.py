"""Seeded random input against every screen: a customer, a banned customer and the admin open
dialogs (by /start and taps, and by a forged background start), tap random buttons (fresh and
stale), type random texts in many scripts and lengths, send photos and documents where nobody
asked for one, and send forged callback data. Nothing may log an unhandled error, crash the
emulator's API server or leave an update unsettled, and the shop's invariants hold at the end.

Runs on the `db` fixture's backends (SQLite always; PostgreSQL when one answers).
Reproduce a failure with NANOSTORE_FUZZ_SEED=<seed printed in the message>."""

from __future__ import annotations

import asyncio
import os
import random

from aiogram_dialog import StartMode
from aiogram_dialog.manager.bg_manager import BgManagerFactoryImpl

from nanostore.services import coupons, payment_methods, users
from nanostore.ui.states import STATES_FIELD
from tests.e2e.shop import ADMIN_ID
from tests.fixtures.catalog import a_product
from tests.fixtures.checks import describe
from tests.fixtures.fuzz import callback_buttons, forged_data, random_text
from tests.fixtures.people import calls_to, customer
from tests.hardening.invariants import undelivered_paid_orders, violations

ACTIONS_PER_PERSONA = 150
DEFAULT_SEED = 20261125
# Dialogs a button starts without start data. Dialogs opened for one row (a product's keys, a
# category's products) need that row's id in start_data and are reached by taps instead; only
# the admin is given admin dialogs (no button lets anyone else start one).
ENTRY_DIALOGS = ("menu", "catalog", "cart", "checkout", "orders", "wallet", "referrals", "rewards",
                 "search", "support", "language")
ADMIN_ENTRY_DIALOGS = ("admin", "admin_orders", "admin_users", "admin_coupons", "admin_methods",
                       "admin_settings", "admin_broadcast", "admin_channels", "admin_content",
                       "admin_audit", "admin_proofs", "admin_topups", "admin_tickets", "admin_catalog")


class Fuzzer:
    def __init__(self, shop, person, rng: random.Random, seed: int, errors_logged) -> None:
        self.shop, self.person, self.rng, self.seed = shop, person, rng, seed
        self.errors_logged = errors_logged
        self.log: list[str] = []
        self.is_admin = person.id == ADMIN_ID

    def context(self) -> str:
        return f"seed={self.seed} person={self.person.id}, last actions:\n  " + "\n  ".join(self.log[-12:])

    async def run(self, count: int) -> None:
        actions = [(self.tap_fresh, 40), (self.send_text, 15), (self.start_command, 5),
                   (self.start_dialog, 8), (self.send_media, 8), (self.forge, 12), (self.tap_stale, 12)]
        functions, weights = zip(*actions, strict=True)
        for _ in range(count):
            action = self.rng.choices(functions, weights)[0]
            try:
                await action()
            except AssertionError as problem:  # SettleTimeout is an AssertionError too
                raise AssertionError(f"{problem}\n{self.context()}") from problem
            assert not self.errors_logged(), describe(self.errors_logged()) + "\n" + self.context()
            assert self.shop.emulator.server.crashes == 0, self.context()

    def _live_with_buttons(self) -> list:
        return [m for m in self.person.inbox if callback_buttons(m)]

    async def _press(self, message, button) -> None:
        if isinstance(button, str) or "callback_data" not in button:
            text = button if isinstance(button, str) else button["text"]
            self.log.append(f"reply-keyboard {text!r}")
            await self.person.send(text)
            return
        self.log.append(f"tap {button['text']!r} ({button['callback_data']!r}) on #{message.message_id}")
        await self.person._callback(message, button["callback_data"])

    async def tap_fresh(self) -> None:
        live = self._live_with_buttons()
        if not live:
            return await self.start_command()
        await self._press(live[-1], self.rng.choice(callback_buttons(live[-1])))

    async def tap_stale(self) -> None:
        live = self._live_with_buttons()
        if len(live) < 2:
            return await self.tap_fresh()
        message = self.rng.choice(live[:-1])
        await self._press(message, self.rng.choice(callback_buttons(message)))

    async def send_text(self) -> None:
        text = random_text(self.rng)
        self.log.append(f"text len={len(text)} {text[:40]!r}")
        await self.person.send(text)

    async def start_command(self) -> None:
        payload = self.rng.choice((None, None, "ref123", random_text(self.rng)[:60].strip() or None))
        self.log.append(f"/start {payload!r}")
        await self.person.command("start", payload)

    async def send_media(self) -> None:
        if self.rng.random() < 0.5:
            self.log.append("photo")
            await self.person.send_photo(caption=self.rng.choice((None, random_text(self.rng)[:1024])))
        else:
            name = self.rng.choice(("keys.txt", "x.exe", "фото.jpg", "a" * 200))
            self.log.append(f"document {name[:20]!r}")
            await self.person.send_document(name, os.urandom(self.rng.randint(0, 2048)))

    async def forge(self) -> None:
        live = self._live_with_buttons()
        message = self.rng.choice(live) if live else None
        if message is None:
            return await self.start_command()
        real = [b["callback_data"] for b in callback_buttons(message) if isinstance(b, dict)
                and "callback_data" in b]
        data = forged_data(self.rng, real)
        self.log.append(f"forged {data!r} on #{message.message_id}")
        await self.person._callback(message, data)

    async def start_dialog(self) -> None:
        """A background start of a dialog that menus start without data, on top of whatever
        screen the person is in: what a stale StartDialog button from another screen does."""
        names = ENTRY_DIALOGS + (ADMIN_ENTRY_DIALOGS if self.is_admin else ())
        name = self.rng.choice(names)
        data = None
        self.log.append(f"start dialog {name}")
        dispatcher = self.shop.shop.dispatcher
        group = dispatcher[STATES_FIELD][name]
        manager = BgManagerFactoryImpl(dispatcher).bg(self.shop.shop.bot, self.person.id, self.person.id)
        before = len(calls_to(self.shop, self.person))
        await manager.start(group.__states__[0], data=data, mode=StartMode.RESET_STACK)
        # The start runs as a background task; a gated person may get no answer at all.
        for _ in range(30):
            if len(calls_to(self.shop, self.person)) > before:
                break
            await asyncio.sleep(0.01)
        await self.shop.emulator.settle()


async def seed_catalog() -> None:
    await a_product("Steam key", price=1000, stars_price=40, stock=6, keys=[f"K{i}" for i in range(6)])
    await a_product("Gift card", price=250, stock=3, keys=["G1", "G2", "G3"])
    await a_product("Custom logo", price=5000)  # manual delivery, unlimited
    await payment_methods.create("Bank transfer", "🏦", "IBAN <code>DE00</code>")
    await coupons.create("SAVE10", 10)


async def test_random_input_never_breaks_a_screen(shop, errors_logged, scale):
    seed = int(os.environ.get("NANOSTORE_FUZZ_SEED", DEFAULT_SEED))
    rng = random.Random(seed)
    await seed_catalog()
    ann = await customer(shop, 1001, "Ann", balance=20000)
    bob = await customer(shop, 1002, "Bob", balance=5000)
    await users.ban(bob.id, ADMIN_ID)
    admin = shop.admin
    await admin.command("start")
    for person in (ann, bob, admin):
        await Fuzzer(shop, person, rng, seed, errors_logged).run(ACTIONS_PER_PERSONA * scale)

    await shop.flush()
    assert not errors_logged(), f"seed={seed}\n" + describe(errors_logged())
    assert shop.emulator.server.crashes == 0, f"seed={seed}"
    assert await violations() == [], f"seed={seed}"
    assert await undelivered_paid_orders() == [], f"seed={seed}"
