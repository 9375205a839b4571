"""Side by side: the shop's closed-loop browse throughput with aiogram's response classes kept
alive (nanostore/bot/response_types.py) and with them left to pydantic's weak cache.

    python3 -m bench.response_pin [--pairs 3]

Runs alternate (pinned, unpinned, pinned, ...) in one process so machine noise hits both.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics

from aiogram.methods.base import Response

from bench import browse
from nanostore.bot import response_types


def pinned() -> dict:
    return {method.__returning__: Response[method.__returning__] for method in response_types.FREQUENT}


async def main(pairs: int) -> None:
    figures = {"pinned": [], "unpinned": []}
    for _ in range(pairs):
        for label in ("pinned", "unpinned"):
            response_types.PINNED.clear()  # unpinned: only pydantic's weak cache holds them
            if label == "pinned":
                response_types.PINNED.update(pinned())
            result = await browse.measure("shop", 20, 3, None, 0.0, in_thread=True)  # patched here
            figures[label].append(result["throughput"])
            print(label, f"{result['throughput']:.1f} updates/s, p99 {result['p99_ms']:.0f} ms")
    response_types.PINNED.update(pinned())
    for label, values in figures.items():
        print(f"{label}: median {statistics.median(values):.1f} updates/s over {values}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3)
    asyncio.run(main(parser.parse_args().pairs))
