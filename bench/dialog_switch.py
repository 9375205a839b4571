"""Side by side: the shop's CPU per browse update with its dialogs behind one DialogSwitch
(nanostore/ui/dialog_switch.py) and behind a plain Router, which offers each update to every
dialog in turn as aiogram does when dialogs are included one by one.

    python3 -m bench.dialog_switch [--pairs 3]

Runs alternate (switch, plain, switch, ...) in one process so machine noise hits both.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics

from aiogram import Router

from bench import browse
from nanostore.ui import setup as screens_setup
from nanostore.ui.dialog_switch import DialogSwitch


class PlainRouter(Router):
    def __init__(self, dialogs):
        super().__init__(name="screens")
        for dialog in dialogs:
            self.include_router(dialog)


async def main(pairs: int) -> None:
    figures = {"switch": [], "plain": []}
    try:
        for _ in range(pairs):
            for label in figures:
                screens_setup.DialogSwitch = DialogSwitch if label == "switch" else PlainRouter
                result = await browse.measure("shop", 20, 3, None, 0.0, in_thread=True)  # patched here
                figures[label].append(result["cpu_ms_per_update"])
                print(label, f"{result['cpu_ms_per_update']:.2f} ms CPU/update, "
                             f"{result['throughput']:.1f} updates/s", flush=True)
    finally:
        screens_setup.DialogSwitch = DialogSwitch
    for label, values in figures.items():
        print(f"{label}: median {statistics.median(values):.2f} ms CPU per update over "
              f"{[round(value, 2) for value in values]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3)
    asyncio.run(main(parser.parse_args().pairs))
