"""`nanostore check` must not pay for aiogram: the checker's import chain stays free of it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from aiogram_dialog.api.entities.stack import id_to_str as aiogram_dialog_id_to_str
from aiogram_dialog.utils import CB_SEP as AIOGRAM_DIALOG_CB_SEP

import nanostore.ui
from nanostore.ui import callback_size

HEAVY = ("aiogram", "aiogram_dialog", "tortoise")


def imported_after(statement: str) -> list[str]:
    code = (f"{statement}\nimport sys\n"
            f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.parametrize("statement", [
    "import nanostore.ui.check",
    "from nanostore.ui import Registry, default_registry, check_screens, format_problems",
    "from nanostore.ui.rendering import render_part",
])
def test_the_check_chain_imports_no_aiogram_nor_tortoise(statement):
    assert imported_after(statement) == []


def test_every_public_name_of_the_package_still_imports():
    for name in nanostore.ui.__all__:
        assert getattr(nanostore.ui, name) is not None
    with pytest.raises(AttributeError):
        getattr(nanostore.ui, "no_such_name")


def test_the_callback_size_facts_equal_aiogram_dialogs():
    assert callback_size.CB_SEP == AIOGRAM_DIALOG_CB_SEP
    for value in (0, 1, 61, 62, 12_345_678, callback_size.LARGEST_INTENT_ID):
        assert callback_size.id_to_str(value) == aiogram_dialog_id_to_str(value)
    assert callback_size.INTENT_ID_BYTES == len(aiogram_dialog_id_to_str(callback_size.LARGEST_INTENT_ID))


def test_the_screens_and_the_checker_share_one_render_part_and_one_pager_ids():
    from nanostore.ui import pager_names, paging, rendering, texts

    assert texts.render_part is rendering.render_part
    assert paging.pager_ids is pager_names.pager_ids
