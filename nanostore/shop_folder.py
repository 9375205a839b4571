"""The shop folder: a shop's own content, settings and data, apart from the installed package.

    myshop/
      .env            settings (BOT_TOKEN, ADMIN_IDS, ...)
      screens/        screen files that replace the built-in ones of the same name, or add new ones
      locales/<lang>/ templates that replace built-in ones; message keys that override one by one
      media/          pictures and files for `path:` media
      data/           the SQLite database and its backups

The folder is chosen once per process: `--shop DIR`, else NANOSTORE_SHOP, else the current
directory. Everything else asks `Settings` for its folders; nothing looks next to the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nanostore.content import BUILTIN_CONTENT

SHOP_ENV = "NANOSTORE_SHOP"
CONTENT_KINDS = ("screens", "locales", "media")


class ShopFolderError(Exception):
    """A shop folder that cannot be used, explained in one line."""


@dataclass(frozen=True)
class ShopFolder:
    root: Path

    @property
    def env_file(self) -> Path:
        return self.root / ".env"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def own(self, kind: str) -> Path:
        return self.root / kind

    def stack(self, kind: str, own: Path | None = None) -> tuple[Path, ...]:
        """The folders searched for `kind`, highest first: the shop's own, then the built-in."""
        return (own or self.own(kind), BUILTIN_CONTENT / kind)


def shop_root(flag: str | os.PathLike | None = None) -> Path:
    chosen = flag or os.environ.get(SHOP_ENV) or os.getcwd()
    return Path(chosen).expanduser().resolve()


def open_shop_folder(flag: str | os.PathLike | None = None) -> ShopFolder:
    root = shop_root(flag)
    if not root.exists():
        raise ShopFolderError(f"the shop folder {root} does not exist; "
                              f"create one with `nanostore init {root}`")
    if not root.is_dir():
        raise ShopFolderError(f"the shop folder {root} is a file, not a folder")
    if not os.access(root, os.R_OK | os.X_OK):
        raise ShopFolderError(f"the shop folder {root} cannot be read (check its permissions)")
    return ShopFolder(root)
