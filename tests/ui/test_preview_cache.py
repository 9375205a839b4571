"""Preview problems come from the cache only while nothing they read has changed: a template,
a message, the screen itself, or the getters' fields."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nanostore.content import BUILTIN_CONTENT
from nanostore.shop_catalogue import shop_catalogue
from nanostore.ui import check_cache, check_screens


@pytest.fixture
def shop(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NANOSTORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NANOSTORE_NO_CACHE", raising=False)
    check_cache.start_afresh()
    for kind in ("screens", "locales"):
        shutil.copytree(BUILTIN_CONTENT / kind, tmp_path / kind)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    check_cache.start_afresh()


def check_in_a_new_process() -> list[str]:
    """What the next `nanostore check` says: the packs written, then read afresh."""
    check_cache.save_all()
    check_cache.start_afresh()
    return [str(problem) for problem in check_screens(Path("screens"), Path("locales"),
                                                       shop_catalogue())]


def break_wallet_template(shop: Path, name: str) -> None:
    template = shop / "locales" / "en" / "wallet" / "main.j2"
    text = template.read_text()
    template.write_text(re.sub(r"\{\{ balan[cs]e \| money \}\}", "{{ " + name + " | money }}", text,
                               count=1))


def test_a_template_edited_after_a_clean_warm_check_is_rendered_again(shop):
    assert check_in_a_new_process() == []
    assert check_in_a_new_process() == []  # warm: every preview from the cache
    break_wallet_template(shop, "balanse")
    lines = check_in_a_new_process()
    assert len(lines) == 1 and "'balanse' is undefined (did you mean 'balance'?)" in lines[0]
    break_wallet_template(shop, "balance")  # fixed again
    assert check_in_a_new_process() == []


def test_preview_data_edited_in_a_screen_is_rendered_again(shop):
    assert check_in_a_new_process() == []
    screen = shop / "screens" / "wallet.yaml"
    text = screen.read_text()
    assert "balance: " in text
    screen.write_text(text.replace("balance: ", "balanse: ", 1))
    lines = check_in_a_new_process()
    assert lines and all("'balance' is undefined" in line for line in lines), lines
