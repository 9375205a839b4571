"""Calling the emulator over plain HTTP, to test the protocol without aiogram in between."""

from __future__ import annotations

import aiohttp


async def call(emulator, method: str, *, token: str | None = None, json=None, data=None):
    """Returns (HTTP status, decoded envelope)."""
    url = f"{emulator.base_url}/bot{token or emulator.token}/{method}"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=json, data=data) as response:
            return response.status, await response.json()
