"""The text a product is found by: name and description without HTML, case-folded in Python.

SQLite folds only ASCII, so `icontains` misses "Ключ" for "ключ"; folding here and searching a
pre-folded column with a case-sensitive `contains` works the same on every script and database.
"""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")


def searchable(name: str, description: str) -> str:
    plain = html.unescape(TAG.sub(" ", description or ""))
    return SPACES.sub(" ", f"{name} {plain}").strip().casefold()


def query_text(query: str) -> str:
    # A NUL is no product's text, and no database takes it in a search: PostgreSQL refuses it
    # in a string, SQLite's FTS5 stops reading the query there.
    return SPACES.sub(" ", (query or "").replace("\x00", " ")).strip().casefold()
