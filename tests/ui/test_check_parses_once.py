"""A check parses each text once: the previews compile from the trees the syntax check made."""

from __future__ import annotations

from collections import Counter

import jinja2

from nanostore.bot.screens import check_shop_screens


def test_the_shipped_screens_check_clean_parsing_every_text_once(monkeypatch, tmp_path):
    # An empty cache: a warm one answers without parsing at all (tests/ui/test_check_cache.py).
    monkeypatch.setenv("NANOSTORE_CACHE_DIR", str(tmp_path))
    parsed: Counter[str] = Counter()
    original = jinja2.Environment._parse

    def counting(self, source, name, filename):
        parsed[source] += 1
        return original(self, source, name, filename)

    monkeypatch.setattr(jinja2.Environment, "_parse", counting)
    assert check_shop_screens() == []
    assert len(parsed) > 200  # every locale message and template was looked at
    assert {source[:60]: count for source, count in parsed.items() if count > 1} == {}
