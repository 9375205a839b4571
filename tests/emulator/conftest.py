"""Fixtures for end-to-end tests against the loopback Bot API.

Written to move into a shared pytest plugin later: nothing here depends on this directory.
``bare_bot`` runs a tiny real aiogram Dispatcher (see bare_dispatcher.py) once by polling and
once by webhook.
"""

from __future__ import annotations

import pytest

from nanostore.emulator import Emulator, Timing
from nanostore.emulator.harness import MODES, run_bot
from tests.emulator.bare_dispatcher import build_bare_dispatcher


@pytest.fixture
def emulator_timing() -> Timing:
    """Override in a test module to shorten Telegram's deadlines."""
    return Timing(quiet_period=0.03, settle_timeout=10.0)


@pytest.fixture
async def emulator(emulator_timing):
    emu = Emulator(timing=emulator_timing)
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture(params=MODES)
def bot_mode(request) -> str:
    return request.param


@pytest.fixture
async def bare_bot(emulator, bot_mode):
    """A running bot with echo, a callback button, a photo handler and a Stars invoice."""
    async with run_bot(emulator, build_bare_dispatcher(), bot_mode) as running:
        yield running


@pytest.fixture
async def bot(emulator):
    """An aiogram Bot on the emulator with no dispatcher: for calling methods directly."""
    from nanostore.emulator.harness import make_bot

    bot = make_bot(emulator)
    yield bot
    await bot.session.close()
