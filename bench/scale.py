"""Customer screens, the admin dashboard and memory on a big shop, against a small one, in one run.

    python3 -m bench.scale                 # 100 000 users, 10 000 products, 1 000 000 orders
    python3 -m bench.scale --scale 0.1     # a tenth of that, for a quick run

Each screen's getters run the way the bot runs them, without Telegram (as bench/sql_per_screen
does): the registered getter called with the middleware data (User row, shop settings) and the
window's YAML args. Both datasets use the same customer (~10-20 orders, a 3-line cart), so the
ratio shows what the shop's size costs a screen. Times are wall-clock on a shared machine, so
the two shops are timed in alternating rounds (small, big, small, big, …): a burst of load from
other processes lands on both sides of the ratio, not on one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.scale_data import BENCH_USER, Sizes, generate
from bench.sql_per_screen import fake_manager
from nanostore.db.connection import close_database, open_database
from nanostore.db.models import Order, User
from nanostore.services import cart, dashboard
from nanostore.services import settings as shop_settings

SMALL = 0.0001  # 10 users, 50 products, 100 orders: the "empty shop" baseline

# Screen -> the getters its window runs, with YAML args, and its dialog_data (from the seed).
SCREENS = {
    "menu: welcome/hub": ([("menu.profile", {}), ("screen_images.content", {"screen": "welcome"})], {}),
    "catalog: categories": ([("catalog.categories", {})], {}),
    "catalog: products": ([("catalog.products", {"page_size": 8})], {"category_id": 2}),
    "catalog: product card": ([("catalog.product", {})], {"product_id": 1}),
    # "key 1" matches 11% of the products (11 of 50, 1 112 of 10 000); "key 7 a" matches one.
    "search: results": ([("search.results", {"page_size": 8})], {"query": "key 1"}),
    "search: one match": ([("search.results", {"page_size": 8})], {"query": "key 7 a"}),
    "cart: lines": ([("cart.view", {})], {}),
    "orders: list": ([("orders.page", {"page_size": 8})], {}),
    "orders: detail": ([("orders.detail", {})], {"order_id": None}),
    "wallet: main": ([("wallet.overview", {})], {}),
}


def rss_mb() -> dict:
    status = Path("/proc/self/status").read_text()
    fields = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith("Vm")}
    return {"rss_mb": int(fields["VmRSS"]) / 1024, "peak_rss_mb": int(fields["VmHWM"]) / 1024,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


async def time_screens(repeats: int, samples: dict[str, list[float]]) -> None:
    """Adds `repeats` timings of every screen to `samples` (seconds, by screen)."""
    from nanostore.bot.screens import shop_registry
    from nanostore.ui import default_registry
    shop_registry()
    user = await User.get(id=BENCH_USER)
    latest_order = await Order.filter(user_id=BENCH_USER).order_by("-created_at").first()
    for screen, (getters, dialog_data) in SCREENS.items():
        data = {key: (latest_order.id if key == "order_id" else value) for key, value in dialog_data.items()}
        for _ in range(repeats):
            began = time.perf_counter()
            shop = await shop_settings.load()  # the middleware's (cached), as on every update
            for name, args in getters:
                await default_registry.get("getter", name)(
                    fake_manager(dict(data)), shop_user=user, shop=shop, is_admin=False, locale="en",
                    page=0, pages_by_widget={}, **args)
            samples.setdefault(screen, []).append(time.perf_counter() - began)


def percentiles(samples: dict[str, list[float]]) -> dict:
    results = {}
    for screen, times in samples.items():
        times = sorted(times)
        results[screen] = {"p50_ms": 1000 * statistics.median(times),
                           "p99_ms": 1000 * times[min(len(times) - 1, int(0.99 * len(times)))]}
    return results


async def time_admin(repeats: int) -> dict:
    figures = {}
    calls = (("dashboard stats", dashboard.stats), ("revenue chart data", dashboard.revenue_series))
    for label, call in calls:
        samples = []
        for _ in range(repeats):
            began = time.perf_counter()
            await call()
            samples.append(time.perf_counter() - began)
        figures[label] = {"median_ms": 1000 * statistics.median(samples), "max_ms": 1000 * max(samples)}
    return figures


async def generate_shop(folder: str, name: str, scale: float) -> dict:
    sizes = Sizes.at(scale)
    path = Path(folder) / f"{name}.db"
    url = f"sqlite://{path}"
    await open_database(url)  # the production schema, from the migrations
    await close_database()
    began = time.perf_counter()
    generate(str(path), sizes)
    generated = time.perf_counter() - began
    await open_database(url, migrate=False)
    try:
        for product_id in (1, 2, 3):
            await cart.add(BENCH_USER, product_id, 1)
    finally:
        await close_database()
    return {"url": url, "path": path, "sizes": sizes.__dict__, "generate_s": generated, "samples": {}}


async def time_round(shop: dict, repeats: int) -> None:
    await open_database(shop["url"], migrate=False)
    try:
        shop_settings.forget_cached()
        await time_screens(1, {})  # warm-up, not counted: a running bot's connection is warm
        await time_screens(repeats, shop["samples"])
    finally:
        await close_database()


async def time_admin_once(shop: dict, repeats: int) -> dict:
    await open_database(shop["url"], migrate=False)
    try:
        return await time_admin(repeats)
    finally:
        await close_database()


async def measure(scale: float, repeats: int, rounds: int) -> tuple[dict, dict]:
    with tempfile.TemporaryDirectory() as folder:
        small = await generate_shop(folder, "small", SMALL)
        big = await generate_shop(folder, "big", scale)
        for _ in range(rounds):
            for shop in (small, big):
                await time_round(shop, max(1, repeats // rounds))
        for shop in (small, big):
            shop["admin"] = await time_admin_once(shop, max(3, repeats // 20))
            shop["screens"] = percentiles(shop["samples"])
            shop["db_mb"] = shop["path"].stat().st_size / 2**20
        big["memory"] = rss_mb()
    return small, big


def report(small: dict, big: dict) -> None:
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
          f"load {os.getloadavg()[0]:.2f}")
    for label, run in (("small", small), ("big", big)):
        print(f"{label}: {run['sizes']}, generated in {run['generate_s']:.1f} s, file {run['db_mb']:.0f} MB")
    print("| screen | small p50 ms | small p99 ms | big p50 ms | big p99 ms | big ÷ small (p99) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for screen in SCREENS:
        a, b = small["screens"][screen], big["screens"][screen]
        print(f"| {screen} | {a['p50_ms']:.2f} | {a['p99_ms']:.2f} | {b['p50_ms']:.2f} | {b['p99_ms']:.2f} |"
              f" {b['p99_ms'] / a['p99_ms']:.2f}× |")
    print("| admin query | small median ms | small max ms | big median ms | big max ms | |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label in big["admin"]:
        a, b = small["admin"][label], big["admin"][label]
        print(f"| {label} | {a['median_ms']:.1f} | {a['max_ms']:.1f} | "
              f"{b['median_ms']:.1f} | {b['max_ms']:.1f} | |")
    memory = big["memory"]
    print(f"process memory after both runs: RSS {memory['rss_mb']:.0f} MB, "
          f"peak {memory['peak_rss_mb']:.0f} MB")


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


async def main(args) -> None:
    report(*await measure(args.scale, args.repeats, args.rounds))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=300, help="calls per screen and shop")
    parser.add_argument("--rounds", type=int, default=6, help="alternations of small and big")
    arguments = parser.parse_args()
    asyncio.run(main(arguments))
