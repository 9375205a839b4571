"""python -m nanostore.emulator prints its base URL and answers getMe."""

from __future__ import annotations

import asyncio
import sys

import aiohttp


async def test_standalone_emulator_prints_base_url_and_serves():
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nanostore.emulator", "--port", "0", "--token", "123:ABC",
        stdout=asyncio.subprocess.PIPE)
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode().strip()
        assert line.startswith("base_url=http://127.0.0.1:")
        base_url = line.removeprefix("base_url=")
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base_url}/bot123:ABC/getMe") as response:
                assert (await response.json())["result"]["id"] == 123
    finally:
        process.terminate()
        await process.wait()
