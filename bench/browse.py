"""Browse throughput and latency: customers browsing the shop (start, shop, category, product,
add to cart, cart) through the emulator over real HTTP, against a bare aiogram bot answering
every update with one message, measured side by side in one run.

    python3 -m bench.browse [--customers 20] [--rounds 3] [--rate 100] [--json out.json]

Prints throughput (closed loop: each customer acts as soon as it sees the reply) and latency
percentiles at a fixed update rate, with no API latency and with 50 ms per Bot API call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import time

from bench.bots import running
from bench.customers import Customer, ReplyWatch
from nanostore.emulator import Emulator

SHOP_JOURNEY = [("send", "/start"), ("tap", "🛍 Open the shop"), ("tap", "🛍 Shop"), ("tap", "🎮 Games"),
                ("tap", "Game key"), ("tap", "🛒 Add to cart"), ("tap", "🛒 Cart")]
BARE_JOURNEY = [("send", "hi")] * len(SHOP_JOURNEY)


async def journey(customer: Customer, steps, rounds: int, interval: float | None, start: float) -> None:
    for number in range(rounds * len(steps)):
        if interval is not None:
            await asyncio.sleep(max(0.0, start + number * interval - time.perf_counter()))
        kind, argument = steps[number % len(steps)]
        await (customer.send(argument) if kind == "send" else customer.tap(argument))


async def measure(kind: str, customers: int, rounds: int, rate: float | None, api_latency: float) -> dict:
    async with Emulator() as emulator, running(kind, emulator):
        watch = ReplyWatch(emulator)
        people = [Customer(emulator, watch, 100_000 + n) for n in range(customers)]
        steps = SHOP_JOURNEY if kind == "shop" else BARE_JOURNEY
        await _warm_up(people[0], steps)
        emulator.faults.latency = api_latency
        interval = customers / rate if rate else None
        began, cpu_began = time.perf_counter(), time.process_time()
        await asyncio.gather(*(journey(person, steps, rounds, interval,
                                       began + (index * interval / customers if interval else 0))
                               for index, person in enumerate(people)))
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    latencies = sorted(value for person in people for value in person.latencies[len(steps) * 0:])
    # CPU time per update (this process: customers, emulator and bot) moves far less than
    # throughput when other work shares the machine.
    return {"updates": len(latencies), "seconds": elapsed, "throughput": len(latencies) / elapsed,
            "cpu_ms_per_update": 1000 * cpu / len(latencies),
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]}


async def _warm_up(person: Customer, steps) -> None:
    # First use compiles templates and fills caches: not what a running shop pays per update.
    for kind, argument in steps:
        await (person.send(argument) if kind == "send" else person.tap(argument))
    person.latencies.clear()


async def main(args) -> dict:
    results = {}
    for latency in (0.0, 0.05):
        for rate in (None, args.rate):
            pace = "closed loop" if rate is None else f"{rate:g} updates/s"
            label = f"{pace}, API latency {latency * 1000:g} ms"
            results[label] = {kind: await measure(kind, args.customers, args.rounds, rate, latency)
                              for kind in ("bare", "shop")}
    return results


def report(results: dict) -> None:
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print("| workload | bot | updates | updates/s | CPU ms/update | p50 ms | p99 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, pair in results.items():
        for kind, figures in pair.items():
            print(f"| {label} | {kind} | {figures['updates']} | {figures['throughput']:.1f} | "
                  f"{figures['cpu_ms_per_update']:.2f} | {figures['p50_ms']:.1f} | {figures['p99_ms']:.1f} |")
        bare, shop = pair["bare"], pair["shop"]
        print(f"| {label} | shop ÷ bare | | {shop['throughput'] / bare['throughput']:.0%} | "
              f"{shop['cpu_ms_per_update'] / bare['cpu_ms_per_update']:.1f}× | | "
              f"{shop['p99_ms'] / bare['p99_ms']:.2f}× |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--json", help="also write the figures to this file")
    arguments = parser.parse_args()
    figures = asyncio.run(main(arguments))
    report(figures)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as file:
            json.dump(figures, file, indent=2)
