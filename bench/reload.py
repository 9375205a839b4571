"""Live reload in the sandbox: from saving a screen's text to a tap that shows the change.

    python3 -m bench.reload [--edits 20]

A sandbox (emulator, demo shop, watcher loop as `nanostore sandbox` runs it) on a copy of the
built-in screens and locales. Each round saves menu/hub.j2 with a new line, waits for the
screens version to move (checked every few ms: a person tapping as soon as they could), taps
"🛍 Open the shop" and stops the clock when the hub on screen shows the new line. The parts
(they add up to the total in each round): the watcher noticing the save, loading and checking
every screen, swapping the bot's screens, and the tap itself. Wall-clock on a shared machine:
read the median and p90, not one round.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from nanostore.bot.screens import LOCALES_DIR, SCREENS_DIR
from nanostore.sandbox import watcher as watcher_module
from nanostore.sandbox.session import Sandbox

HUB_LINE = "Choose a section:"
OPEN, PROFILE = "🛍 Open the shop", "👤 My profile"
CHECK_EVERY = 0.002  # how often the bench looks at the version and the screen
PAUSES = random.Random(7)  # seeded: the same pauses before the saves on every run


class Timeline:
    """When the watcher's load and the bot's swap started and ended, in the latest round."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.load_started = self.load_ended = self.swap_started = self.swap_ended = 0.0
        load, swap = sandbox.watcher.load, sandbox.live_bot.swap

        def timed_load():  # runs in the watcher's thread
            self.load_started = time.perf_counter()
            try:
                return load()
            finally:
                self.load_ended = time.perf_counter()

        async def timed_swap(bundle):
            self.swap_started = time.perf_counter()
            await swap(bundle)
            self.swap_ended = time.perf_counter()

        sandbox.watcher.load, sandbox.live_bot.swap = timed_load, timed_swap


async def wait_until(condition) -> float:
    while not condition():
        await asyncio.sleep(CHECK_EVERY)
    return time.perf_counter()


async def one_round(sandbox: Sandbox, timeline: Timeline, hub: Path, original: str, edit: int) -> dict:
    ann = sandbox.person("customer")
    marker = f"Edit number {edit}:"
    version = sandbox.live_bot.version
    # A person's save falls anywhere in the watcher's poll period, not just after a reload.
    await asyncio.sleep(PAUSES.uniform(0, 2 * watcher_module.POLL_SECONDS))
    hub.write_text(original.replace(HUB_LINE, marker), encoding="utf-8")
    saved = time.perf_counter()
    await wait_until(lambda: sandbox.live_bot.version > version)
    tapping = asyncio.create_task(ann.tap(OPEN))
    shown = await wait_until(lambda: marker in (ann.screen.text or "") or tapping.done())
    await tapping
    if marker not in ann.screen.text:
        raise AssertionError(f"round {edit}: the tap after the reload showed {ann.screen.text!r}")
    await ann.tap(PROFILE)  # back to the welcome screen for the next round
    t = timeline  # the parts add up to the total
    return {"total": shown - saved, "notice": t.load_started - saved,
            "load": t.load_ended - t.load_started, "hand_over": t.swap_started - t.load_ended,
            "swap": t.swap_ended - t.swap_started, "tap": shown - t.swap_ended}


async def measure(edits: int) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="nanostore-bench-reload-") as folder:
        screens, locales = Path(folder) / "screens", Path(folder) / "locales"
        shutil.copytree(SCREENS_DIR, screens)
        shutil.copytree(LOCALES_DIR, locales)
        sandbox = Sandbox(screens, locales, database_url=f"sqlite://{Path(folder) / 'bench.db'}")
        try:
            await sandbox.start()
            timeline = Timeline(sandbox)
            hub = locales / "en" / "menu" / "hub.j2"
            original = hub.read_text(encoding="utf-8")
            await sandbox.person("customer").command("start")
            rounds = []
            for edit in range(1, edits + 1):
                rounds.append(await one_round(sandbox, timeline, hub, original, edit))
                print(f"edit {edit}: {rounds[-1]['total'] * 1000:.0f} ms", flush=True)
            polls = sandbox.emulator.polls
            print(f"getUpdates: most open at once {polls.most_open}, ended by 409 {polls.terminated}")
            return rounds
        finally:
            await sandbox.stop()


def report(rounds: list[dict]) -> None:
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
          f"load {os.getloadavg()[0]:.2f}; watcher polls every {watcher_module.POLL_SECONDS} s")
    print(f"| {len(rounds)} edits | median ms | p90 ms |")
    print("| --- | ---: | ---: |")
    for part, label in (("total", "save → tap shows the change"), ("notice", "watcher notices the save"),
                        ("load", "load and check every screen (watcher's thread)"),
                        ("hand_over", "loaded bundle back on the event loop"),
                        ("swap", "build the new Dispatcher, make it current"),
                        ("tap", "reload done → tap shows the change")):
        values = sorted(r[part] * 1000 for r in rounds)
        print(f"| {label} | {statistics.median(values):.0f} | {p90(values):.0f} |")


def p90(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=20)
    report(asyncio.run(measure(parser.parse_args().edits)))
