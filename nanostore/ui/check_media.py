"""`media: {path: ...}` files exist in the media folders (the shop's media/, then the built-in).

A path is relative to the media folders; `media/about.png` is read as `about.png` too, as the
old docs wrote it. A path with Jinja in it depends on data, so only the run time can tell.
"""

from __future__ import annotations

from nanostore.ui.layers import Folders, folder_stack, layered_files
from nanostore.ui.loader import locate
from nanostore.ui.media_files import find_media, media_name
from nanostore.ui.problems import Problem, did_you_mean, problem_at
from nanostore.ui.source import ParsedScreen, display_path
from nanostore.ui.walk import windows


def is_templated(value: str) -> bool:
    return "{{" in value or "{%" in value


class MediaChecker:
    def __init__(self, media_dirs: Folders):
        self.media_dirs = folder_stack(media_dirs)
        self._available: list[str] | None = None  # read once, only when a file is missing

    def check(self, screen: ParsedScreen) -> list[Problem]:
        problems = []
        for _, window, path in windows(screen.spec):
            value = window.media.path if window.media is not None else None
            if value is None or is_templated(value) or find_media(self.media_dirs, value):
                continue
            value_path = path + ("media", "path")
            problems.append(problem_at(locate(screen.tree, value_path), screen.file, value_path,
                                       self._not_found(value)))
        return problems

    def _not_found(self, value: str) -> str:
        if self._available is None:
            self._available = list(layered_files(self.media_dirs))
        wanted = media_name(value)
        folders = ", ".join(display_path(folder) for folder in self.media_dirs) or "no media folder"
        return f"media file '{value}' not found in {folders}{did_you_mean(wanted, self._available)}"
