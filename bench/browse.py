"""Browse throughput, latency and CPU: customers browsing the shop (/start, open the shop, Shop,
a category, a product, add to cart, cart, home) through the emulator over real HTTP, against
the same screens written by hand in aiogram-dialog (bench/dialog_bot.py) and a bare aiogram
bot answering every update with one message, measured side by side in one run.

    python3 -m bench.browse [--customers 50] [--rounds 3] [--repeats 3] [--rate 100] [--json out.json]

Prints, per workload, each bot's throughput (closed loop: each customer acts as soon as it sees
the reply), latency percentiles and the bot's own CPU per update (each bot runs in a process of
its own, bench/bots.py), and the shop as a ratio to the hand-written aiogram-dialog bot. With
--repeats the bots alternate and each figure is the median of the repeats.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import time
from collections.abc import Callable

from bench.bots import KINDS, BotThread, CpuClock, running
from bench.customers import Customer, ReplyWatch
from nanostore.emulator import Emulator

SHOP_JOURNEY = [("send", "/start"), ("tap", "🛍 Open the shop"), ("tap", "🛍 Shop"), ("tap", "🎮 Games"),
                ("tap", "Game key"), ("tap", "🛒 Add to cart"), ("tap", "🛒 Cart"), ("tap", "🏠 Home")]
BARE_JOURNEY = [("send", "hi")] * len(SHOP_JOURNEY)
FIGURES = ("throughput", "cpu_ms_per_update", "bot_cpu_ms_per_update", "p50_ms", "p99_ms")


async def journey(customer: Customer, steps, rounds: int, interval: float | None, start: float) -> None:
    for number in range(rounds * len(steps)):
        if interval is not None:
            await asyncio.sleep(max(0.0, start + number * interval - time.perf_counter()))
        kind, argument = steps[number % len(steps)]
        await (customer.send(argument) if kind == "send" else customer.tap(argument))


async def measure(kind: str, customers: int, rounds: int, rate: float | None, api_latency: float,
                  measuring: Callable[[BotThread], None] | None = None, tree: str | None = None,
                  mode: str = "polling", in_thread: bool = False) -> dict:
    """`measuring` (for profilers) runs the bot in a thread and is called once it is warm;
    `in_thread` alone is for benchmarks that patch the shop's modules in this process;
    `tree` runs the bot from another checkout (a before/after comparison)."""
    in_thread = in_thread or measuring is not None
    async with (Emulator() as emulator,
                running(kind, emulator, in_thread=in_thread, tree=tree, mode=mode) as side):
        watch = ReplyWatch(emulator)
        people = [Customer(emulator, watch, 100_000 + n) for n in range(customers)]
        steps = BARE_JOURNEY if kind == "bare" else SHOP_JOURNEY
        await _warm_up(people[0], steps)
        if measuring is not None:
            assert isinstance(side, BotThread)
            measuring(side)
        emulator.faults.latency = api_latency
        interval = customers / rate if rate else None
        began, clock = time.perf_counter(), CpuClock(side)
        await asyncio.gather(*(journey(person, steps, rounds, interval,
                                       began + (index * interval / customers if interval else 0))
                               for index, person in enumerate(people)))
        elapsed, cpu, bot_cpu = time.perf_counter() - began, clock.all_seconds(), clock.bot_seconds()
    latencies = sorted(value for person in people for value in person.latencies)
    return {"updates": len(latencies), "seconds": elapsed, "throughput": len(latencies) / elapsed,
            # The whole process (customers, emulator and bot) and the bot's threads alone.
            "cpu_ms_per_update": 1000 * cpu / len(latencies),
            "bot_cpu_ms_per_update": 1000 * bot_cpu / len(latencies),
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]}


async def _warm_up(person: Customer, steps) -> None:
    # First use compiles templates and fills caches: not what a running shop pays per update.
    for kind, argument in steps:
        await (person.send(argument) if kind == "send" else person.tap(argument))
    person.latencies.clear()


def workloads(args) -> list[tuple[str, float | None, float]]:
    chosen = []
    for latency in args.latencies:
        for rate in (None, args.rate) if args.rate else (None,):
            pace = "closed loop" if rate is None else f"{rate:g} updates/s"
            chosen.append((f"{args.mode}, {pace}, API latency {latency:g} ms", rate, latency / 1000))
    return chosen


async def main(args) -> dict:
    results: dict = {}
    for label, rate, latency in workloads(args):
        sides = {kind: (kind, None) for kind in KINDS}
        if args.before:
            sides["shop before"] = ("shop", args.before)
        runs: dict[str, list[dict]] = {side: [] for side in sides}
        for _ in range(args.repeats):  # alternating, so a burst of load falls on every side
            for side, (kind, tree) in sides.items():
                runs[side].append(await measure(kind, args.customers, args.rounds, rate, latency,
                                                tree=tree, mode=args.mode))
        results[label] = {kind: {"updates": figures[0]["updates"]}
                          | {name: statistics.median(run[name] for run in figures) for name in FIGURES}
                          for kind, figures in runs.items()}
    return results


def report(results: dict) -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print("| workload | bot | updates | updates/s | bot CPU ms/update | all CPU ms/update | "
          "p50 ms | p99 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, sides in results.items():
        for kind, figures in sides.items():
            print(f"| {label} | {kind} | {figures['updates']} | {figures['throughput']:.1f} | "
                  f"{figures['bot_cpu_ms_per_update']:.2f} | {figures['cpu_ms_per_update']:.2f} | "
                  f"{figures['p50_ms']:.1f} | {figures['p99_ms']:.1f} |")
        dialog = sides["dialog"]
        for name in [side for side in sides if side.startswith("shop")]:
            shop = sides[name]
            print(f"| {label} | {name} ÷ aiogram-dialog | | "
                  f"{shop['throughput'] / dialog['throughput']:.0%} | "
                  f"{shop['bot_cpu_ms_per_update'] / dialog['bot_cpu_ms_per_update']:.2f}× | | "
                  f"{shop['p50_ms'] / dialog['p50_ms']:.2f}× | {shop['p99_ms'] / dialog['p99_ms']:.2f}× |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--latencies", type=float, nargs="+", default=[0.0, 50.0],
                        help="API latencies in ms, one workload each")
    parser.add_argument("--rate", type=float, help="also a fixed update rate (updates/s)")
    parser.add_argument("--mode", choices=("polling", "webhook"), default="polling",
                        help="how the bots get updates (the emulator adds no latency to a "
                             "webhook POST; it does to every getUpdates)")
    parser.add_argument("--before", metavar="TREE",
                        help="also run the shop from this checkout (e.g. `git worktree add` of an "
                             "older commit) as a fourth side, 'shop before'")
    parser.add_argument("--json", help="also write the figures to this file")
    arguments = parser.parse_args()
    figures = asyncio.run(main(arguments))
    report(figures)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as file:
            json.dump(figures, file, indent=2)
