"""`nanostore sandbox`: start everything, print the address, open a browser, stop on Ctrl+C."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import webbrowser

from aiohttp import web

from nanostore.sandbox.session import Sandbox
from nanostore.sandbox.web import build_app
from nanostore.ui import ScreenErrors

EXIT_SCREENS = 3
HOST = "127.0.0.1"  # the sandbox has no login: never listen beyond this machine


async def serve(port: int, open_browser: bool) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sandbox = Sandbox()
    try:
        await sandbox.start()
    except ScreenErrors as errors:
        print("\n".join(str(problem) for problem in errors.problems), file=sys.stderr)
        print("nanostore: fix the screens (listed above), then start the sandbox again", file=sys.stderr)
        await sandbox.stop()
        return EXIT_SCREENS
    # Started on the built-in screens (problems in the shop's own): say why, here and on the page.
    if sandbox.watcher and sandbox.watcher.problems:
        print("\n".join(sandbox.watcher.problems), file=sys.stderr)
    runner = web.AppRunner(build_app(sandbox), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, HOST, port).start()
        url = f"http://{HOST}:{runner.addresses[0][1]}/"
        print(f"NanoStore sandbox: {url}  (edit screens/ or locales/ and tap on; Ctrl+C stops)",
              flush=True)
        if open_browser:
            webbrowser.open(url)
        await _until_stopped()
    finally:
        await runner.cleanup()
        await sandbox.stop()
    return 0


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for name in ("SIGINT", "SIGTERM"):
        with contextlib.suppress(NotImplementedError, AttributeError):  # Windows has no handlers
            loop.add_signal_handler(getattr(signal, name), stop.set)
    await stop.wait()


def run_sandbox(port: int, open_browser: bool) -> int:
    return asyncio.run(serve(port, open_browser))
