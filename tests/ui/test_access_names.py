"""`access:` names in the screens: the checker knows the shop's names from the catalogue and
reports any other, at its line, with the closest name; the engine itself names no role."""

from __future__ import annotations

import shutil
from pathlib import Path

from nanostore.bot.screens import LOCALES_DIR, SCREENS_DIR
from nanostore.shop_catalogue import check_shop_screens

UI = Path(__file__).resolve().parents[2] / "nanostore" / "ui"
ROLE_WORDS = ("payments", "owner", "staff", "broadcast")  # the shop's roles, not its dialogs


def test_unknown_access_names_are_reported_at_their_line_with_the_closest_name(tmp_path):
    screens, locales = tmp_path / "screens", tmp_path / "locales"
    shutil.copytree(SCREENS_DIR, screens)
    shutil.copytree(LOCALES_DIR, locales)
    proofs = screens / "admin_proofs.yaml"
    text = proofs.read_text(encoding="utf-8")
    proofs.write_text(text.replace("access: payments", "access: paymnets", 1), encoding="utf-8")
    users = screens / "admin_users.yaml"
    text = users.read_text(encoding="utf-8")
    users.write_text(text.replace("access: owner", "access: ownr", 1), encoding="utf-8")

    problems = check_shop_screens(screens, locales)
    line = next(number for number, row in enumerate(proofs.read_text().splitlines(), 1)
                if row.startswith("access:"))
    assert any(p.startswith(f"{proofs}:{line}:9: access: unknown access 'paymnets'")
               and "did you mean 'payments'" in p for p in problems), problems
    assert any("windows.roles.access: unknown access 'ownr' (did you mean 'owner'?)" in p
               for p in problems), problems
    assert len(problems) == 2


def test_the_shipped_screens_check_clean():
    assert check_shop_screens() == []


def test_the_engine_names_no_role():
    for path in UI.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not any(f'"{word}"' in source for word in ROLE_WORDS), path.name
