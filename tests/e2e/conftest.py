"""End-to-end fixtures: the whole shop on a fresh database, driven through the emulator."""

from __future__ import annotations

import pytest

from nanostore.emulator import Emulator, Timing
from tests.e2e.shop import running_shop


@pytest.fixture
async def emulator():
    emu = Emulator(timing=Timing(quiet_period=0.03, settle_timeout=15.0))
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
async def shop(db, emulator):
    """The shop by long polling (the default way to run it)."""
    async with running_shop(emulator, db) as running:
        yield running


@pytest.fixture(params=["polling", "webhook"])
async def shop_any_mode(request, db, emulator):
    async with running_shop(emulator, db, request.param) as running:
        yield running


@pytest.fixture(autouse=True)
def distinct_intent_ids(monkeypatch):
    # aiogram-dialog derives intent ids from the clock: dialogs started within one second in a
    # fast test could share an id. Production starts are seconds apart per person.
    import itertools

    from aiogram_dialog.api.entities import stack

    counter = itertools.count(10_000)
    monkeypatch.setattr(stack, "new_int_id", lambda: next(counter))
