"""Content folders stacked like themes: a shop's own folder over the built-in content.

Every place that reads screens, locales or media takes one folder or a sequence of folders,
highest priority first. A file in a higher folder replaces the file with the same relative path
in the lower ones (locale message keys are merged key by key instead, see i18n.py).

    layered_files([Path("myshop/screens"), BUILTIN / "screens"], (".yaml", ".yml"))
    -> {"menu.yaml": Path("myshop/screens/menu.yaml"), "cart.yaml": BUILTIN / "screens/cart.yaml"}
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

Folders = Path | str | Sequence[Path | str]


def folder_stack(folders: Folders) -> tuple[Path, ...]:
    if isinstance(folders, (str, Path)):
        return (Path(folders),)
    return tuple(Path(folder) for folder in folders)


def existing(folders: Folders) -> tuple[Path, ...]:
    return tuple(folder for folder in folder_stack(folders) if folder.is_dir())


def layered_files(folders: Folders, suffixes: Iterable[str] | None = None) -> dict[str, Path]:
    """Relative path -> the file of the highest folder that has it, sorted by relative path."""
    wanted = tuple(suffixes) if suffixes is not None else None
    found: dict[str, Path] = {}
    for folder in reversed(existing(folders)):  # lowest first: higher folders overwrite
        for relative in content_files(folder):
            if wanted is None or relative.endswith(wanted):
                found[relative] = folder / relative
    return dict(sorted(found.items()))


def find_file(folders: Folders, relative: str) -> Path | None:
    """The highest folder's file at `relative`, refusing paths that leave the folders."""
    for folder in existing(folders):
        candidate = (folder / relative).resolve()
        if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
            return candidate
    return None


def content_files(folder: Path | str) -> list[str]:
    """Relative posix paths of the content files under `folder` (none if it is missing):
    what the loaders read and the sandbox watches. os.walk: the sandbox lists them ten times a
    second, and pathlib's rglob was several times slower."""
    found = []
    for root, directories, files in os.walk(folder):
        # Editors' backup and swap files (.menu.yaml.swp, ~, .#lock) are not content.
        directories[:] = [name for name in directories if not name.startswith(".")]
        base = os.path.relpath(root, folder).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        found += [prefix + name for name in files if not name.startswith(".") and not name.endswith("~")]
    return found
