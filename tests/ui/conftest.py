"""A dispatcher with the sample screens, driven by aiogram-dialog's test tools (the harness is
in tests/fixtures/ui_harness.py)."""

from __future__ import annotations

import itertools
import shutil

import pytest
from aiogram_dialog.api.entities import stack as aiogd_stack

from nanostore.content import BUILTIN_CONTENT
from tests.fixtures.ui_harness import Harness, make_harness


@pytest.fixture(autouse=True)
def distinct_intent_ids(monkeypatch):
    # aiogram-dialog ids come from time() plus a small random number: they collide in fast tests.
    counter = itertools.count(10_000)
    monkeypatch.setattr(aiogd_stack, "new_int_id", lambda: next(counter))


@pytest.fixture
def shop() -> Harness:
    return make_harness()


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """The shipped screens and locales, in a folder the test may break, as the working
    directory (problems then name `screens/...` and `locales/...`)."""
    for kind in ("screens", "locales"):
        shutil.copytree(BUILTIN_CONTENT / kind, tmp_path / kind)
    monkeypatch.chdir(tmp_path)
    return tmp_path
