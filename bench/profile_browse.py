"""Where the shop's time goes in the browse benchmark: one closed-loop shop run under cProfile,
profiling only the measured part (start-up and the warm-up journey excluded).

    python3 -m bench.profile_browse [--customers 20] [--rounds 3] [--top 40]

The emulator runs in the same process and event loop, so its share appears too (the bare bot
pays it as well); look at the cumulative times under nanostore/, aiogram_dialog/, tortoise/.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats

from bench import browse

PROFILE = cProfile.Profile()


async def _warm_up_then_profile(person, steps) -> None:
    await ORIGINAL_WARM_UP(person, steps)
    PROFILE.enable()


ORIGINAL_WARM_UP = browse._warm_up


async def main(args) -> dict:
    browse._warm_up = _warm_up_then_profile
    try:
        figures = await browse.measure("shop", args.customers, args.rounds, None, 0.0)
    finally:
        PROFILE.disable()
        browse._warm_up = ORIGINAL_WARM_UP
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--save", help="also write the raw profile here (for snakeviz, pstats)")
    arguments = parser.parse_args()
    print(asyncio.run(main(arguments)))
    if arguments.save:
        PROFILE.dump_stats(arguments.save)
    stats = pstats.Stats(PROFILE).strip_dirs()
    stats.sort_stats("tottime").print_stats(arguments.top)
    stats.sort_stats("cumulative").print_stats(arguments.top)
