"""Start-up: how long `nanostore run` takes from the process starting to its first getUpdates
(the moment it can hear a customer), by long polling against the emulator.

    python3 -m bench.startup [--runs 5]

Each run is a fresh process (`python -m nanostore.cli run`) on a SQLite file: the first run
migrates a new database, the others start on the migrated one, as a restart does. Also timed in
fresh processes: the imports a start cannot skip (aiogram's ~300 pydantic types, the shop's
modules) and `python -c pass`, the floor under any start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nanostore
from nanostore.emulator import Emulator

CODE = str(Path(nanostore.__file__).resolve().parents[1])  # the child runs this same code


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def first_poll(emulator: Emulator, folder: Path, database_url: str) -> tuple[float, float]:
    """Seconds from spawning `nanostore run` to its first getUpdates reaching the emulator, and
    the CPU seconds the process used until then (which the machine's load moves far less)."""
    seen = len(emulator.calls)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BOT_", "WEBHOOK_"))}
    env |= {"BOT_TOKEN": emulator.token, "TELEGRAM_API_URL": emulator.base_url,
            "DATABASE_URL": database_url, "ADMIN_IDS": "1", "REDIS_URL": "",
            "NANOSTORE_CACHE_DIR": str(folder / "cache"), "PYTHONPATH": CODE}
    began = time.perf_counter()
    with open(folder / "run.log", "ab") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "nanostore.cli", "run", cwd=folder, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=log)
    try:
        while not any(call.method == "getUpdates" for call in emulator.calls[seen:]):
            if process.returncode is not None:
                raise RuntimeError((folder / "run.log").read_text()[-3000:])
            await asyncio.sleep(0.002)
        return time.perf_counter() - began, cpu_seconds(process.pid)
    finally:
        if process.returncode is None:
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=60)
        except TimeoutError:  # a start-up that does not stop is a finding, not a crash here
            kept = Path(tempfile.gettempdir()) / f"nanostore-startup-stuck-{process.pid}.log"
            kept.write_bytes((folder / "run.log").read_bytes())
            print(f"nanostore run did not stop within 60 s of SIGTERM; its log: {kept}")
            process.kill()
            await process.wait()


def fresh_process(code: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ | {"PYTHONPATH": CODE})
    return time.perf_counter() - began


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite://{Path(folder) / 'shop.db'}"
        async with Emulator() as emulator:
            starts = [await first_poll(emulator, Path(folder), database_url) for _ in range(runs + 1)]
    imports = [fresh_process("import nanostore.cli") for _ in range(runs)]
    framework = [fresh_process("import aiogram.types, aiogram_dialog") for _ in range(runs)]
    shop = [fresh_process("import nanostore.bot.app, nanostore.bot.screens as s; s.shop_registry()")
            for _ in range(runs)]
    floor = [fresh_process("pass") for _ in range(runs)]
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    print("| start | median ms | runs (ms) |\n| --- | ---: | --- |")
    wall, cpu = [start[0] for start in starts], [start[1] for start in starts]
    rows = [("`nanostore run` → first getUpdates, new database (migrations)", wall[:1]),
            ("the same, CPU time of the process", cpu[:1]),
            ("`nanostore run` → first getUpdates, migrated database", wall[1:]),
            ("the same, CPU time of the process", cpu[1:]),
            ("`python -c 'import nanostore.cli'`", imports),
            ("`python -c 'import aiogram.types, aiogram_dialog'` (the framework's types)", framework),
            ("the shop's modules: bot assembly, every getter and action", shop),
            ("`python -c pass`", floor)]
    for label, values in rows:
        print(f"| {label} | {1000 * statistics.median(values):.0f} | "
              f"{', '.join(f'{1000 * value:.0f}' for value in values)} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
