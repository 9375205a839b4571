"""`nanostore check` reports a line break that whitespace control removes between two lines of
text, where it is written: in a template file, in a locale message, in an inline screen text.
The rule itself is tested in test_check_whitespace.py; this is what an editor reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nanostore.content import BUILTIN_CONTENT
from nanostore.shop_catalogue import shop_catalogue
from nanostore.ui import check_screens

@pytest.fixture
def shop(tmp_path, monkeypatch) -> Path:
    """A shop folder over the built-in content, checked from inside it."""
    for kind in ("screens", "locales/en/messages", "locales/ru/messages"):
        (tmp_path / kind).mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NANOSTORE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def check(shop: Path) -> list[str]:
    folders = [shop / "screens", BUILTIN_CONTENT / "screens"]
    locales = [shop / "locales", BUILTIN_CONTENT / "locales"]
    return [str(problem) for problem in check_screens(folders, locales, shop_catalogue())]


def test_a_template_that_glues_subtotal_to_the_total_is_reported_at_the_dash(shop):
    summary = shop / "locales" / "en" / "checkout" / "summary.j2"
    summary.parent.mkdir()
    shutil.copyfile(BUILTIN_CONTENT / "locales" / "en" / "checkout" / "summary.j2", summary)
    text = summary.read_text()
    summary.write_text(text.replace("{% if quote.coupon_code %}", "{%- if quote.coupon_code %}", 1)
                       .replace("💰 From wallet: −{{ quote.wallet_used | money }}\n{% endif %}",
                                "💰 From wallet: −{{ quote.wallet_used | money }}\n{%- endif %}", 1))
    lines = check(shop)
    assert len(lines) == 2, lines
    assert lines[0].startswith("locales/en/checkout/summary.j2:7:3: checkout/summary: line 6 runs "
                               "into line 8: the '-' in '{%- if quote.coupon_code %}'")
    assert lines[1].startswith("locales/en/checkout/summary.j2:12:3: checkout/summary: line 11 runs "
                               "into line 13")


def test_a_message_that_glues_two_lines_points_into_the_messages_file(shop):
    (shop / "locales" / "en" / "messages" / "menu.yaml").write_text(
        'menu:\n  enter: |\n    Come in\n    {%- if name %}\n    {{ name }}\n    {% endif %}\n')
    lines = check(shop)
    assert lines == ["locales/en/messages/menu.yaml:4:3: menu.enter: line 1 runs into line 3: the '-' "
                     "in '{%- if name %}' removes the line break"], lines


def test_an_inline_text_points_into_the_screen_file(shop):
    (shop / "screens" / "about.yaml").write_text(
        "dialog: about\nwindows:\n  main:\n    text: |\n      We sell keys.\n"
        "      {%- if True %}\n      Since 2020.\n      {% endif %}\n")
    assert check(shop) == ["screens/about.yaml:6:3: windows.main.text: line 1 runs into line 3: the "
                           "'-' in '{%- if True %}' removes the line break"]


def test_the_shipped_content_has_no_glued_lines(shop):
    assert check(shop) == []
