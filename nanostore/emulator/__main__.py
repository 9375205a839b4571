"""python -m nanostore.emulator --port 8081: run the emulator standalone."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from nanostore.emulator.emulator import Emulator


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m nanostore.emulator",
                                     description="Loopback Telegram Bot API emulator")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default=None, help="bot token to accept (default: generated)")
    parser.add_argument("--bot-username", default="nanostore_test_bot")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    emulator = Emulator(args.token, bot_username=args.bot_username, port=args.port)
    await emulator.start()
    print(f"base_url={emulator.base_url}", flush=True)
    print(f"token={emulator.token}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await emulator.stop()


def main(argv=None) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
