"""Where the shop's time goes in the browse benchmark: one closed-loop shop run under cProfile,
profiling only the measured part (start-up and the warm-up journey excluded).

    python3 -m bench.profile_browse [--customers 50] [--rounds 3] [--top 40] [--kind shop]

The bot runs in a thread of its own (bench/bots.py) and only that thread is profiled: the
emulator and the customers are not in the figures. SQLite's work runs in aiosqlite's thread
and shows only as the time the bot waits for it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats

from bench import browse

PROFILE = cProfile.Profile()


async def main(args) -> dict:
    side = None

    def start_profiling(bot_side) -> None:
        nonlocal side
        side = bot_side
        bot_side.call_in_bot_thread(PROFILE.enable)

    try:
        figures = await browse.measure(args.kind, args.customers, args.rounds, None, 0.0,
                                       measuring=start_profiling)
    finally:
        if side is not None:
            # The thread has ended by now; disabling from here only stops this thread's hook.
            PROFILE.disable()
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--kind", default="shop", choices=browse.KINDS)
    parser.add_argument("--save", help="also write the raw profile here (for snakeviz, pstats)")
    arguments = parser.parse_args()
    print(asyncio.run(main(arguments)))
    if arguments.save:
        PROFILE.dump_stats(arguments.save)
    stats = pstats.Stats(PROFILE).strip_dirs()
    stats.sort_stats("tottime").print_stats(arguments.top)
    stats.sort_stats("cumulative").print_stats(arguments.top)
