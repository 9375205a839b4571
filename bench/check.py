"""How long `nanostore check` takes as a whole process: cold, warm, after editing a file.

    python3 -m bench.check [--runs 7] [--python PATH]

Each figure is the median wall time of N fresh `nanostore check` processes (Python startup,
imports and the check), the way an editor runs the check after saving a file, in a shop
folder made by `nanostore init` with two files ejected (screens/catalog.yaml and
locales/en/menu/hub.j2), so the whole shop is checked: the built-in content with the
folder's files over it.

- cold: an empty cache folder (NANOSTORE_CACHE_DIR) every run;
- warm: the same folder, filled by one run before;
- one screen edited: warm, the ejected screen changed before every run;
- one template edited: warm, the ejected template changed before every run (every window's
  preview reads the locale folders, so all previews render again);
- no cache: NANOSTORE_NO_CACHE=1;
- import: `import nanostore.ui.check` alone, and `python -c pass` for scale.

`--python` runs the check with another interpreter, e.g. a virtual environment with the wheel
installed normally (the editable install of a checkout adds an import hook to every start).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EDITED_SCREEN = "screens/catalog.yaml"
EDITED_TEMPLATE = "locales/en/menu/hub.j2"


def run_once(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    last = (done.stdout.strip().splitlines() or [done.stderr.strip()[-200:]])[-1]
    return elapsed, last


def median_of(runs: int, command: list[str], env: dict[str, str], cwd: Path, before=None
              ) -> tuple[float, list[float], str]:
    times, last = [], ""
    for index in range(runs):
        if before is not None:
            before(index)
        elapsed, last = run_once(command, env, cwd)
        times.append(elapsed)
    return statistics.median(times), times, last


def editing(path: Path, comment: str):
    """Before each run, a new comment at the end: new content, the same screen. `comment` is
    a format with one {} for the note: "# {}" in YAML, "{{# {} #}}" in a template."""
    original = path.read_text(encoding="utf-8")

    def edit(index: int) -> None:
        note = comment.format(f"edited {time.time_ns()} {index}")
        path.write_text(f"{original}\n{note}\n", encoding="utf-8")
    return edit


def report(label: str, median: float, times: list[float], last: str) -> None:
    spread = ", ".join(f"{value * 1000:.0f}" for value in sorted(times))
    print(f"{label:<22} median {median * 1000:6.0f} ms   (runs: {spread})   -> {last}", flush=True)


def machine(python: str) -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown CPU")
    return (f"machine: {os.cpu_count()} cores, {model}, Python {platform.python_version()} "
            f"({python}); load {os.getloadavg()[0]:.2f}")


def make_shop(python: str, work: Path, env: dict[str, str]) -> Path:
    shop = work / "myshop"
    nanostore = [python, "-m", "nanostore.cli"]
    subprocess.run([*nanostore, "init", str(shop)], env=env, check=True, capture_output=True)
    for relative in (EDITED_SCREEN, EDITED_TEMPLATE):
        subprocess.run([*nanostore, "eject", relative], env=env, cwd=shop, check=True,
                       capture_output=True)
    return shop


def main(runs: int, python: str) -> None:
    print(machine(python))
    with tempfile.TemporaryDirectory(prefix="bench-check-") as folder:
        work = Path(folder)
        cache = work / "cache"
        base = {key: value for key, value in os.environ.items()
                if not key.startswith(("NANOSTORE_", "SCREENS_DIR", "LOCALES_DIR", "MEDIA_DIR"))}
        shop = make_shop(python, work, base)
        command = [python, "-m", "nanostore.cli", "check"]
        print(f"{runs} runs each; a shop folder from `nanostore init` with {EDITED_SCREEN} and "
              f"{EDITED_TEMPLATE} ejected")

        def empty_cache(index: int) -> None:
            shutil.rmtree(cache, ignore_errors=True)
        with_cache = {**base, "NANOSTORE_CACHE_DIR": str(cache)}
        report("cold", *median_of(runs, command, with_cache, shop, empty_cache))
        run_once(command, with_cache, shop)
        report("warm", *median_of(runs, command, with_cache, shop))
        report("one screen edited", *median_of(runs, command, with_cache, shop,
                                               editing(shop / EDITED_SCREEN, "# {}")))
        report("one template edited", *median_of(runs, command, with_cache, shop,
                                                 editing(shop / EDITED_TEMPLATE, "{{# {} #}}")))
        report("no cache", *median_of(runs, command, {**base, "NANOSTORE_NO_CACHE": "1"}, shop))
        report("import check chain", *median_of(
            runs, [python, "-c", "import nanostore.ui.check, sys; "
                   "print('aiogram imported' if 'aiogram' in sys.modules else 'no aiogram')"],
            base, shop))
        report("python -c pass", *median_of(runs, [python, "-c", "pass"], base, shop))
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter to check with (default: this one)")
    arguments = parser.parse_args()
    main(arguments.runs, arguments.python)
