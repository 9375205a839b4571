"""Live editing: watch screens/ and locales/ by polling file times (no extra dependency);
on a change, validate everything again. Clean: the bot is swapped for one built from the new
files. Broken: the page shows the checker's file:line lines and the bot keeps the last good
version."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from nanostore.bot.screens import load_shop_bundle
from nanostore.ui import ScreenBundle, ScreenErrors
from nanostore.ui.layers import Folders, content_files, folder_stack

log = logging.getLogger("nanostore.sandbox")
BUILTIN_NOTE = ("The shop folder's screens have problems (below): the sandbox answers with the "
                "built-in screens until you fix them.")
POLL_SECONDS = 0.1  # save -> reload starts within 0.1 s; a snapshot of the content costs ~5-10 ms


def snapshot(folders: list[Path]) -> dict[str, tuple[float, int]]:
    """Every content file (the loaders' own list: layers.content_files) with its modification
    time and size: a change in either, or a file added or removed, changes the snapshot."""
    found: dict[str, tuple[float, int]] = {}
    for folder in folders:  # a shop folder may have no screens/ or locales/ of its own
        for relative in content_files(folder):
            path = os.path.join(folder, relative)
            try:
                stat = os.stat(path)
            except OSError:
                continue  # removed while listing: the next snapshot sees it gone
            found[path] = (stat.st_mtime, stat.st_size)
    return found


class ScreenWatcher:
    def __init__(self, screens_dir: Folders, locales_dir: Folders, default_locale: str,
                 apply: Callable[[ScreenBundle], Awaitable[None]], *,
                 media_dir: Folders = ()) -> None:
        # Stacks of folders, highest first (a shop folder's own, then the built-in content).
        self.screens_dir, self.locales_dir = folder_stack(screens_dir), folder_stack(locales_dir)
        # Watched too: a picture added to media/ clears the checker's "no such file".
        self.media_dir = folder_stack(media_dir)
        self.default_locale = default_locale
        self.apply = apply
        self.problems: list[str] = []
        self.reloads = 0  # successful reloads since start
        self._seen = snapshot(self.watched)

    @property
    def watched(self) -> list[Path]:
        return [*self.screens_dir, *self.locales_dir, *self.media_dir]

    def load(self) -> ScreenBundle:
        return load_shop_bundle(self.screens_dir, self.locales_dir,
                                default_locale=self.default_locale,
                                media_dir=self.media_dir or None)

    def load_first(self) -> ScreenBundle:
        """The shop's screens; if they have problems at start there is no last good version
        yet, so the built-in screens (the lowest folders) answer until the next clean save,
        and the page shows the problems. Raises ScreenErrors when the built-in ones fail too."""
        try:
            return self.load()
        except ScreenErrors as errors:
            if len(self.screens_dir) < 2 and len(self.locales_dir) < 2:
                raise  # no built-in layer underneath to fall back on
            self.problems = [BUILTIN_NOTE, *(str(problem) for problem in errors.problems)]
            log.warning("the shop's screens have problems; the built-in screens answer until "
                        "they are fixed:\n%s", "\n".join(self.problems[1:]))
        return load_shop_bundle(self.screens_dir[-1:], self.locales_dir[-1:],
                                default_locale=self.default_locale,
                                media_dir=self.media_dir[-1:] or None)

    async def check_once(self) -> bool:
        """True when something changed (and was either applied or reported)."""
        current = await asyncio.to_thread(snapshot, self.watched)
        if current == self._seen:
            return False
        self._seen = current
        try:
            # Parsing and preview-rendering every window takes a moment: keep the loop free.
            bundle = await asyncio.to_thread(self.load)
        except ScreenErrors as errors:
            self.problems = [str(problem) for problem in errors.problems]
            log.warning("screens have problems; keeping the last good version:\n%s",
                        "\n".join(self.problems))
            return True
        await self.apply(bundle)
        self.problems = []
        self.reloads += 1
        log.info("screens reloaded (%d)", self.reloads)
        return True

    async def run_forever(self) -> None:
        while True:
            try:
                await self.check_once()
            except Exception as error:  # a half-written file must not stop live editing
                log.exception("live reload failed")
                self.problems = [f"live reload failed: {error!r}"]
            await asyncio.sleep(POLL_SECONDS)
