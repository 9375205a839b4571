"""How long `nanostore check` takes as a whole process: cold, warm, after editing one screen.

    python3 -m bench.check [--runs 7] [--registry auto|cli|stub]

Each figure is the median wall time of N fresh processes (python startup, imports and the
check), the way an editor runs the check after saving a file:

- cold: an empty cache folder (NANOSTORE_CACHE_DIR) every run;
- warm: the same folder, filled by one run before;
- one screen edited: warm, but one screen file changed before every run (its YAML, texts and
  previews are new to the cache; the other 29 are not);
- no cache: NANOSTORE_NO_CACHE=1;
- import: `import nanostore.ui.check` alone, and `python -c pass` for scale.

`--registry cli` runs the real command (`python -m nanostore.cli check`) on a copy of the shop's
content. `stub` runs the checker on the same copy with a Registry whose names are the shop's,
stubbed, for as long as `nanostore check` still imports every getter and action module (and
with them aiogram and Tortoise, seconds of imports that are not the checker's); `auto` picks
`cli` once nanostore/catalogue.json exists.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nanostore.content import BUILTIN_CONTENT

ROOT = Path(__file__).resolve().parent.parent
EDITED_SCREEN = "catalog.yaml"
STUB_CHECK = """
import json, sys
from pathlib import Path
from nanostore.ui.check import check_screens
from nanostore.ui.registry import Registry

async def getter(**kwargs):
    return {}

def stub(value=None, *args, **kwargs):
    return str(value)

registry = Registry()
for kind, names in json.loads(Path(sys.argv[1]).read_text()).items():
    for name in names:
        if not registry.has(kind, name):
            getattr(registry, kind)(name)(getter if kind == "getter" else stub)
problems = check_screens(Path(sys.argv[2]), Path(sys.argv[3]), registry)
print(len(problems), "problems")
"""


def shop_names(into: Path) -> Path:
    """The shop's registered names, from one (slow) import of every feature module."""
    code = ("import json; from nanostore.bot.screens import shop_registry; r = shop_registry(); "
            "print(json.dumps({k: r.names(k) for k in ('getter', 'action', 'condition', "
            "'input_type', 'filter')}))")
    names = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                           text=True).stdout
    path = into / "names.json"
    path.write_text(names)
    return path


def check_command(registry: str, content: Path, names: Path | None) -> list[str]:
    if registry == "cli":
        return [sys.executable, "-m", "nanostore.cli", "check"]
    return [sys.executable, "-c", STUB_CHECK, str(names), str(content / "screens"),
            str(content / "locales")]


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


def edit_screen(content: Path):
    screen = content / "screens" / EDITED_SCREEN
    original = screen.read_text(encoding="utf-8")

    def edit(index: int) -> None:  # a new comment: new content, same meaning
        screen.write_text(f"{original}\n# edited {time.time_ns()} {index}\n", encoding="utf-8")
    return edit


def report(label: str, median: float, times: list[float], last: str) -> None:
    spread = ", ".join(f"{value * 1000:.0f}" for value in sorted(times))
    print(f"{label:<20} median {median * 1000:6.0f} ms   (runs: {spread})   -> {last}", flush=True)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown CPU")
    return (f"machine: {os.cpu_count()} cores, {model}, Python {platform.python_version()} "
            f"({sys.executable}); load {os.getloadavg()[0]:.2f}")


def main(runs: int, registry: str) -> None:
    if registry == "auto":
        registry = "cli" if (ROOT / "nanostore" / "catalogue.json").exists() else "stub"
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-check-") as folder:
        work = Path(folder)
        content = work / "content"
        shutil.copytree(BUILTIN_CONTENT / "screens", content / "screens")
        shutil.copytree(BUILTIN_CONTENT / "locales", content / "locales")
        names = shop_names(work) if registry == "stub" else None
        command = check_command(registry, content, names)
        base = {**os.environ, "SCREENS_DIR": str(content / "screens"),
                "LOCALES_DIR": str(content / "locales")}
        base.pop("NANOSTORE_NO_CACHE", None)
        print(f"registry: {registry}; {runs} runs each; content: a copy of nanostore/content")
        cache = work / "cache"
        cwd = work  # not the repository: its .env and folders are not part of the figure

        def empty_cache(index: int) -> None:
            shutil.rmtree(cache, ignore_errors=True)
        with_cache = {**base, "NANOSTORE_CACHE_DIR": str(cache)}
        report("cold", *median_of(runs, command, with_cache, cwd, empty_cache))
        run_once(command, with_cache, cwd)
        report("warm", *median_of(runs, command, with_cache, cwd))
        report("one screen edited", *median_of(runs, command, with_cache, cwd, edit_screen(content)))
        report("no cache", *median_of(runs, command, {**base, "NANOSTORE_NO_CACHE": "1"}, cwd))
        report("import check chain", *median_of(
            runs, [sys.executable, "-c", "import nanostore.ui.check, sys; "
                   "print('aiogram imported' if 'aiogram' in sys.modules else 'no aiogram')"],
            base, cwd))
        report("python -c pass", *median_of(runs, [sys.executable, "-c", "pass"], base, cwd))
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--registry", choices=("auto", "cli", "stub"), default="auto")
    arguments = parser.parse_args()
    main(arguments.runs, arguments.registry)
