"""Where `media: {path: ...}` files are found: the media folders, highest first (layers.py).
One home for the rule, used by the checker and by the screens at run time."""

from __future__ import annotations

from pathlib import Path

from nanostore.ui.layers import Folders, find_file

# The first docs wrote `path: media/welcome.mp4`, relative to the project: still understood.
OLD_PREFIX = "media/"


def media_name(value: str) -> str:
    return value.removeprefix(OLD_PREFIX)


def find_media(folders: Folders, value: str) -> Path | None:
    """The highest media folder's file; `media/x` is read as `x` when no `media/x` exists."""
    return find_file(folders, value) or (find_file(folders, media_name(value))
                                         if value.startswith(OLD_PREFIX) else None)
