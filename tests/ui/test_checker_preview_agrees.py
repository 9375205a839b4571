"""`nanostore check` and `nanostore preview` agree: every shipped window renders on the preview
page, and a window that fails there is a check error."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from nanostore.bot.screens import LOCALES_DIR, SCREENS_DIR, shop_registry
from nanostore.sandbox.preview_windows import preview_dispatcher, render_windows
from nanostore.ui import check_screens, load_bundle


def preview_errors(screens: Path, locales: Path) -> dict[str, str]:
    bundle = load_bundle(screens, locales, shop_registry(), check_previews=False)
    dialogs = asyncio.run(render_windows(bundle, preview_dispatcher(bundle)))
    return {window.state: window.error for dialog in dialogs for window in dialog.windows
            if window.error}


def test_every_shipped_window_renders_on_the_preview_page():
    assert preview_errors(SCREENS_DIR, LOCALES_DIR) == {}


def test_a_when_reading_dialog_data_renders_in_both():
    # admin_topups:topup asks `dialog_data.get('confirm')` before anything was remembered
    assert "admin_topups:topup" not in preview_errors(SCREENS_DIR, LOCALES_DIR)


# The preview page renders leniently (an unknown name shows as nothing, as in production), so
# these mistakes are ones that fail even so: calling something that is not there.
@pytest.mark.parametrize("old, new", [
    ('file_id: "{{ topup.file_id }}"', 'file_id: "{{ topupp.get(\'file_id\') }}"'),  # media source
    ("dialog_data.get('confirm') != 'approve'\"", "dialog_dat.get('confirm') != 'approve'\""),  # a when
])
def test_a_window_whose_preview_fails_is_a_check_error(tmp_path, monkeypatch, old, new):
    shutil.copytree(SCREENS_DIR, tmp_path / "screens")
    screen = tmp_path / "screens" / "admin_topups.yaml"
    text = screen.read_text(encoding="utf-8")
    assert old in text
    screen.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    errors = preview_errors(Path("screens"), LOCALES_DIR)
    assert "admin_topups:topup" in errors
    problems = [str(p) for p in check_screens(Path("screens"), LOCALES_DIR, shop_registry())]
    assert len(problems) == 1 and problems[0].startswith("screens/admin_topups.yaml:")
    assert "is undefined" in problems[0] or "has no attribute" in problems[0]
