"""Where `media: {path: ...}` files are found: the media folders, highest first (layers.py)."""

from __future__ import annotations

from pathlib import Path

from nanostore.ui.layers import Folders, find_file

# The first docs wrote `path: media/welcome.mp4`, relative to the project: still understood.
OLD_PREFIX = "media/"


def media_name(value: str) -> str:
    return value.removeprefix(OLD_PREFIX)


def find_media(folders: Folders, value: str) -> Path | None:
    return find_file(folders, media_name(value))
