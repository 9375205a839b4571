"""`nanostore init DIR`: a new shop folder an editor can start from."""

from __future__ import annotations

import shutil
from pathlib import Path

from nanostore.content import BUILTIN_CONTENT
from nanostore.shop_folder import ShopFolderError

TEMPLATE = BUILTIN_CONTENT / "shop_template"
FOLDERS = ("screens", "locales/en/messages", "locales/ru/messages", "media", "data")
GITIGNORE = ".env\ndata/\n.nanostore/\n"


def init_shop(target: Path) -> list[str]:
    """Create the folder with its README, .env.example and empty content folders; refuse to
    write into a folder that already holds files (an existing shop stays untouched)."""
    target = target.expanduser().resolve()
    if target.is_file():
        raise ShopFolderError(f"{target} is a file; give a folder for the new shop")
    if target.is_dir() and any(target.iterdir()):
        raise ShopFolderError(f"{target} is not empty; give a new folder for the shop")
    for folder in FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATE / "README.md", target / "README.md")
    shutil.copyfile(TEMPLATE / "env.example", target / ".env.example")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return [f"created the shop folder {target}",
            f"next: cd {target} && nanostore sandbox   (try it in the browser)",
            "      nanostore eject screens/menu.yaml   (copy a built-in screen here to edit it)"]
