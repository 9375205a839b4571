"""The code habits: ruff and mypy pass on the package (and ruff on bench/), with the settings in
pyproject.toml, so the plain `python3 -m pytest` keeps them.

A failure shows the tools' own report; `python -m ruff check --fix nanostore bench` fixes most
import-order and spelling findings by itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def report(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def test_ruff_finds_nothing():
    result = run_tool("ruff", "check", "--no-fix", "nanostore", "bench")
    assert result.returncode == 0, report(result)


def test_mypy_finds_nothing():
    # The run's cache directory (tests/conftest.py): runs side by side in one checkout never share
    # a mypy cache. Outside pytest's conftest, mypy's default .mypy_cache.
    cache_dir = os.environ.get("NANOSTORE_CACHE_DIR")
    cache = ["--cache-dir", str(Path(cache_dir) / "mypy")] if cache_dir else []
    result = run_tool("mypy", *cache)
    assert result.returncode == 0, report(result)
