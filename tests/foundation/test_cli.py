"""The `nanostore` command as an operator meets it: clear one-line refusals, clean exits."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nanostore.emulator import Emulator
from tests.fixtures.cli import nanostore_env

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nanostore.cli", *args], cwd=tmp_path,
                          env=nanostore_env(tmp_path, **env), capture_output=True, text=True,
                          timeout=120)


def test_run_without_token_exits_with_one_clear_line(tmp_path):
    result = run_cli("run", tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "nanostore: BOT_TOKEN is not set; create a bot with @BotFather in Telegram and put its "
        "token in BOT_TOKEN (or try the shop without one: `nanostore sandbox`)"]
    assert "Traceback" not in result.stderr


def test_invalid_admin_ids_name_the_variable(tmp_path):
    result = run_cli("run", tmp_path=tmp_path, BOT_TOKEN="1:x", ADMIN_IDS="me")
    assert result.returncode == 2
    assert result.stderr.startswith("nanostore: ADMIN_IDS is invalid")


def test_check_passes_on_the_shipped_screens(tmp_path):
    result = run_cli("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "screens and locales are clean"


def test_run_refuses_broken_screens_with_the_checkers_lines(tmp_path):
    screens = tmp_path / "screens"
    screens.mkdir()
    (screens / "menu.yaml").write_text("dialog: menu\nwindows:\n  main:\n    text: Hi\n    keybord: []\n")
    env = {"BOT_TOKEN": "1:x", "SCREENS_DIR": str(screens)}
    checked = run_cli("check", tmp_path=tmp_path, **env)
    result = run_cli("run", tmp_path=tmp_path, **env)
    assert checked.returncode == 1 and result.returncode == 3
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("screens/")]
    assert problem_lines and problem_lines == [
        line for line in checked.stdout.splitlines() if line.startswith("screens/")]
    assert "keybord" in problem_lines[0] and "did you mean 'keyboard'" in problem_lines[0]
    assert "Traceback" not in result.stderr


def test_db_migrate_needs_no_token(tmp_path):
    result = run_cli("db", "migrate", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shop.db").exists()


async def test_run_serves_people_and_stops_cleanly_on_sigterm(tmp_path):
    async with Emulator() as emulator:
        env = nanostore_env(tmp_path, BOT_TOKEN=emulator.token, TELEGRAM_API_URL=emulator.base_url)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "nanostore.cli", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            while not emulator.calls_of("getUpdates"):
                if process.returncode is not None:
                    pytest.fail((await process.stderr.read()).decode())
                await asyncio.sleep(0.1)
            ann = emulator.person(1001, "Ann")
            await ann.command("start")
            # A real run handles updates as tasks: the reply may follow the acknowledgement.
            while ann.screen is None:
                await asyncio.sleep(0.05)
            assert "Welcome" in ann.screen.text
            process.send_signal(signal.SIGTERM)
            returncode = await asyncio.wait_for(process.wait(), timeout=60)  # a safety net only
        finally:
            if process.returncode is None:
                process.kill()
        assert returncode == 0, (await process.stderr.read()).decode()[-2000:]
