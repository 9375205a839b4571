"""A shop owner's first hour on a normal (non-editable) install: build the wheel, install it in
a fresh virtual environment, `nanostore init myshop`, edit the shop folder, check it, run it
against the loopback Telegram and read what a customer sees. Nothing here touches the package's
own files, and nothing runs from the source tree."""

from __future__ import annotations

import asyncio
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from nanostore.emulator import Emulator
from nanostore.sandbox.banners import banner_png

ROOT = Path(__file__).resolve().parents[2]
WELCOME = "Welcome to Kettle & Keys, {{ name }}!\nHand-picked game keys, delivered in seconds."
ABOUT_WINDOW = """
  about:
    media: {type: photo, path: about.png}
    text: "We are two friends who love games.\\nWrite to us any time."
    keyboard:
      - button: {id: back, text: {t: common.back}, on_click: {switch_to: hub}}
"""
ABOUT_BUTTON = "      - button: {id: about, text: \"ℹ️ About us\", on_click: {switch_to: about}}\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `bin/` of a new venv holding the wheel; dependencies come from this interpreter's
    site-packages as a plain path entry (no .pth of theirs runs, so the editable checkout used
    by the other tests stays invisible)."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy: pip builds in the source tree (build/, *.egg-info), and two test
    # workers building from the checkout at once would trip over each other's files.
    source = work / "source"
    shutil.copytree(ROOT / "nanostore", source / "nanostore",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(work / "dist"), str(source)], check=True, capture_output=True)
    wheel = next((work / "dist").glob("nanostore-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    venv_site = subprocess.run([python, "-c", "import site; print(site.getsitepackages()[0])"],
                               check=True, capture_output=True, text=True).stdout.strip()
    Path(venv_site, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    return venv / "bin"


def nanostore(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("NANOSTORE_", "BOT_", "DATABASE_", "TELEGRAM_", "REDIS_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([bin_dir / "nanostore", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    where = subprocess.run([installed / "python", "-c", "import nanostore; print(nanostore.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert "site-packages" in where and str(ROOT) not in where


def test_init_check_and_a_wrong_folder(installed, tmp_path):
    created = nanostore(installed, "init", "myshop", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    shop = tmp_path / "myshop"
    assert {p.name for p in shop.iterdir()} >= {"README.md", ".env.example", "screens", "locales",
                                                "media", "data", ".gitignore"}
    checked = nanostore(installed, "check", cwd=shop)
    assert (checked.returncode, checked.stdout.strip()) == (0, "screens and locales are clean")
    again = nanostore(installed, "init", "myshop", cwd=tmp_path)
    assert again.returncode == 2 and again.stderr.strip().endswith("is not empty; give a new folder "
                                                                   "for the shop")
    missing = nanostore(installed, "--shop", "nowhere", "check", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        f"nanostore: the shop folder {tmp_path / 'nowhere'} does not exist; "
        f"create one with `nanostore init {tmp_path / 'nowhere'}`"]


def edit_the_shop(installed: Path, shop: Path) -> None:
    """Typical edits: the welcome reworded, one button renamed in English only, an About us
    window with a picture from media/."""
    (shop / "locales" / "en" / "menu").mkdir(parents=True)
    (shop / "locales" / "en" / "menu" / "welcome.j2").write_text(WELCOME)
    (shop / "locales" / "en" / "messages" / "menu.yaml").write_text('menu:\n  enter: "🚪 Come in"\n')
    (shop / "media" / "about.png").write_bytes(banner_png("About us", "#4a6fa5"))
    ejected = nanostore(installed, "eject", "screens/menu.yaml", cwd=shop)
    assert ejected.returncode == 0, ejected.stderr
    menu = shop / "screens" / "menu.yaml"
    text = menu.read_text()
    support = next(line for line in text.splitlines(keepends=True) if "{id: support," in line)
    menu.write_text(text.replace(support, support + ABOUT_BUTTON) + ABOUT_WINDOW)


async def test_an_edited_shop_folder_is_what_customers_see(installed, tmp_path):
    assert nanostore(installed, "init", "myshop", cwd=tmp_path).returncode == 0
    shop = tmp_path / "myshop"
    edit_the_shop(installed, shop)
    checked = nanostore(installed, "check", cwd=shop)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    async with Emulator() as emulator:
        (shop / ".env").write_text(f"BOT_TOKEN={emulator.token}\nTELEGRAM_API_URL={emulator.base_url}\n")
        # The bot's log goes to a file: a pipe nobody reads fills up and blocks the bot.
        log = (tmp_path / "bot.log").open("w")
        process = await asyncio.create_subprocess_exec(
            installed / "nanostore", "run", cwd=shop, env={"PATH": os.environ["PATH"]},
            stdout=log, stderr=log)
        try:
            await _until_polling(emulator, process, tmp_path / "bot.log")
            ann = emulator.person(1001, "Ann", language_code="en")
            welcome = await _screen_after(ann, ann.command("start"))
            assert welcome.text.startswith("Welcome to Kettle & Keys, Ann!\nHand-picked game keys")
            assert welcome.buttons == [["🚪 Come in"]]
            hub = await _screen_after(ann, ann.tap("🚪 Come in"))
            assert "ℹ️ About us" in hub.labels and "📦 My Orders" in hub.labels
            about = await _screen_after(ann, ann.tap("ℹ️ About us"))
            assert about.text == "We are two friends who love games.\nWrite to us any time."
            assert about.media_kind == "photo"
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=60)  # a safety net, not a measurement
            log.close()
    assert (shop / "data" / "nanostore.db").exists()  # the database lives in the shop folder


async def _until_polling(emulator: Emulator, process, log: Path) -> None:
    while not emulator.calls_of("getUpdates"):
        if process.returncode is not None:
            pytest.fail(log.read_text()[-3000:])
        await asyncio.sleep(0.1)


async def _screen_after(person, action):
    """The screen once `action` changed it. What it was is kept as text: a Screen is the live
    message, which an edit changes in place. A real run handles updates as tasks, so the reply
    may come after the emulator saw the update acknowledged."""
    previous = str(person.screen or "")
    await action

    async def changed():
        while person.screen is None or str(person.screen) == previous:
            await asyncio.sleep(0.05)
    try:
        await asyncio.wait_for(changed(), timeout=60)  # a safety net against a hang, not a measure
    except TimeoutError:
        pytest.fail(f"the screen did not change from:\n{previous}\nnow:\n{person.screen}")
    return person.screen
