"""Every callback query is answered and nothing odd leaves a traceback: a customer and the admin
send a seeded mix of what real clients send besides taps on live buttons: random and malformed
callback data, data from an older version of the screens (a reset dialog's buttons), taps on
messages the bot can no longer see (older than 48 hours, deleted) and on messages without a
keyboard, stickers, contacts, locations, voice and video notes, edits of their own messages,
4,096-character texts, zero-width and right-to-left text. 300 updates per mode by default,
2,000 with --long-hardening; polling and webhook.

Reproduce a failure with NANOSTORE_ODD_SEED=<seed printed in the message>."""

from __future__ import annotations

import logging
import os
import random

from tests.e2e.shop import ADMIN_ID
from tests.fixtures.catalog import a_product
from tests.fixtures.checks import describe
from tests.fixtures.fuzz import callback_buttons, forged_data, random_text
from tests.fixtures.people import customer
from tests.hardening.invariants import violations

DEFAULT_SEED = 20261206
ODD_TEXTS = ("\u200b", "\u200b\u200c\u200d\ufeff", "\u202eright-to-left override\u202c",
             "مرحبا بالمتجر", "שלום \u200f123", "a\u0301\u0301\u0301", "x" * 4096, "😀" * 2048,
             "  \n\t ", "/start", "/start " + "y" * 4000, "/unknown_command", "/admin")


class OddSender:
    def __init__(self, person, rng: random.Random) -> None:
        self.person, self.rng = person, rng
        self.log: list[str] = []
        self.retired_data: list[str] = []  # callback data of screens reset since

    def _keyboards(self) -> list:
        return [m for m in self.person.inbox if callback_buttons(m)]

    def _real_data(self) -> list[str]:
        return [b["callback_data"] for m in self._keyboards()[-3:] for b in callback_buttons(m)
                if isinstance(b, dict) and "callback_data" in b]

    async def run(self, count: int) -> None:
        actions = [(self.move_on, 20), (self.junk_callback, 14), (self.retired_callback, 8),
                   (self.unseen_message, 8), (self.no_keyboard, 8), (self.odd_message, 14),
                   (self.odd_text, 10), (self.edit_own, 6), (self.restart, 4), (self.stranger, 6)]
        functions, weights = zip(*actions, strict=True)
        for _ in range(count):
            await self.rng.choices(functions, weights)[0]()

    async def move_on(self) -> None:
        """A tap on a live button, so the person goes through real screens."""
        keyboards = self._keyboards()
        buttons = [b for b in callback_buttons(keyboards[-1]) if isinstance(b, dict)
                   and "callback_data" in b] if keyboards else []
        if not buttons:
            return await self.restart()
        button = self.rng.choice(buttons)
        self.log.append(f"tap {button['text']!r}")
        await self.person.send_callback(button["callback_data"], keyboards[-1])

    async def restart(self) -> None:
        self.retired_data += self._real_data()  # /start resets the stack: these are outdated
        self.log.append("/start")
        await self.person.command("start")

    async def junk_callback(self) -> None:
        data = forged_data(self.rng, self._real_data())
        self.log.append(f"junk data {data!r}")
        await self.person.send_callback(data)

    async def retired_callback(self) -> None:
        if not self.retired_data:
            return await self.junk_callback()
        data = self.rng.choice(self.retired_data)
        self.log.append(f"retired data {data!r}")
        await self.person.send_callback(data)

    async def unseen_message(self) -> None:
        data = self.rng.choice(self._real_data() + self.retired_data + ["x"])
        message_id = self.rng.choice((1, 999_999, self.rng.randint(2, 10_000)))
        self.log.append(f"data {data!r} on unseen message #{message_id}")
        await self.person.send_callback(data, message_id)

    async def no_keyboard(self) -> None:
        plain = [m for m in self.person.messages if not m.reply_markup]
        if not plain:
            return await self.junk_callback()
        message = self.rng.choice(plain)
        data = self.rng.choice(self._real_data() + ["", "0", "menu"])
        self.log.append(f"data {data!r} on #{message.message_id} without keyboard")
        await self.person.send_callback(data, message)

    async def stranger(self) -> None:
        """Someone the bot has never seen (no dialog at all) taps a button of a forwarded or
        years-old message."""
        number = len(self.log)
        stranger = self.person.emulator.person(500_000 + number + self.rng.randint(0, 10**6), "Stranger")
        data = self.rng.choice(self._real_data() + self.retired_data + ["buy", ""])
        self.log.append(f"stranger taps {data!r}")
        await stranger.send_callback(data, self.rng.choice((1, 77, 10**6)))

    async def odd_message(self) -> None:
        kind = self.rng.choice(("sticker", "contact", "location", "voice", "video_note"))
        self.log.append(kind)
        if kind == "sticker":
            await self.person.send_sticker()
        elif kind == "contact":
            await self.person.send_contact("+15550001111", "Someone", user_id=self.person.id)
        elif kind == "location":
            await self.person.send_location(self.rng.uniform(-90, 90), self.rng.uniform(-180, 180))
        elif kind == "voice":
            await self.person.send_voice()
        else:
            await self.person.send_video_note()

    async def odd_text(self) -> None:
        text = self.rng.choice(ODD_TEXTS) if self.rng.random() < 0.7 else random_text(self.rng)
        self.log.append(f"text len={len(text)} {text[:30]!r}")
        await self.person.send(text)

    async def edit_own(self) -> None:
        own = [m for m in self.person.messages if not m.from_bot and m.text is not None]
        if not own:
            return await self.odd_text()
        self.log.append("edit own message")
        await self.person.edit_message(self.rng.choice(own), self.rng.choice(ODD_TEXTS))


def tracebacks(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR
            or "failed after retries" in r.getMessage()]


async def test_odd_updates_leave_no_button_spinning_and_no_traceback(shop_any_mode, caplog, long_run):
    shop, emu = shop_any_mode, shop_any_mode.emulator
    caplog.set_level(logging.INFO)
    seed = int(os.environ.get("NANOSTORE_ODD_SEED", DEFAULT_SEED))
    updates = 2000 if long_run else 300
    await a_product("Steam key", price=1000, stock=5, keys=["K1", "K2", "K3", "K4", "K5"])
    ann = await customer(shop, 1001, "Ann", balance=5000)
    await shop.admin.command("start")
    senders = [OddSender(ann, random.Random(seed)), OddSender(shop.admin, random.Random(seed + 1))]
    for sender in senders:
        try:
            await sender.run(updates // len(senders))
        except AssertionError as problem:  # a SettleTimeout names what was pending
            raise AssertionError(f"seed={seed}: {problem}\n" + "\n".join(sender.log[-12:])) from problem
    spinning = emu.unanswered_callbacks()
    assert spinning == [], f"seed={seed}: {len(spinning)} unanswered, e.g. {spinning[:3]}"
    assert tracebacks(caplog) == [], f"seed={seed}: " + describe(tracebacks(caplog))
    assert emu.server.crashes == 0
    assert await violations() == []
    assert senders[1].person.id == ADMIN_ID
