"""`nanostore eject`: copy one built-in file into the shop folder to edit it, and remember which
built-in version it came from, so that `nanostore check` can say when an upgrade changed (or
removed) a built-in file the shop overrides.

The record is `.nanostore/ejected.json` in the shop folder: relative path -> the SHA-256 of the
built-in file when it was copied, and the nanostore version that shipped it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import shutil
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from nanostore.content import BUILTIN_CONTENT
from nanostore.shop_folder import CONTENT_KINDS, ShopFolder
from nanostore.ui.layers import content_files

RECORD = Path(".nanostore") / "ejected.json"


class EjectError(Exception):
    """A file that cannot be ejected, explained in one line."""


@dataclass(frozen=True)
class Drift:
    relative: str
    message: str

    def __str__(self) -> str:
        return f"warning: {self.relative}: {self.message}"


def nanostore_version() -> str:
    try:
        return version("nanostore")
    except PackageNotFoundError:
        return "unknown"


def builtin_files() -> list[str]:
    return sorted(f"{kind}/{relative}" for kind in CONTENT_KINDS
                  for relative in content_files(BUILTIN_CONTENT / kind))


def eject(shop: ShopFolder, relative: str, *, force: bool = False) -> Path:
    relative = _normalise(relative)
    source = BUILTIN_CONTENT / relative
    if not source.is_file():
        raise EjectError(f"there is no built-in file {relative}{_suggestion(relative)}")
    target = shop.root / relative
    if target.exists() and not force:
        raise EjectError(f"{target} already exists; edit it, or add --force to replace it with "
                         "the built-in file")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    records = read_records(shop)
    records[relative] = {"sha256": _digest(source), "version": nanostore_version()}
    _write_records(shop, records)
    return target


def drift(shop: ShopFolder) -> list[Drift]:
    """Ejected files whose built-in original changed or disappeared since they were copied."""
    found = []
    for relative, record in sorted(read_records(shop).items()):
        if not (shop.root / relative).exists():
            continue  # the shop deleted its copy: the built-in applies again
        source = BUILTIN_CONTENT / relative
        if not source.is_file():
            found.append(Drift(relative, "overrides a built-in file that no longer exists in "
                                         f"nanostore {nanostore_version()}; it is now a file of "
                                         "the shop's own (rename or delete it if it was a copy)"))
        elif _digest(source) != record.get("sha256"):
            found.append(Drift(relative, f"the built-in file changed since it was ejected "
                                         f"(from nanostore {record.get('version', '?')}); "
                                         f"`nanostore eject --diff {relative}` shows how"))
    return found


def builtin_diff(shop: ShopFolder, relative: str) -> str:
    """What differs between the shop's copy and today's built-in file."""
    relative = _normalise(relative)
    source, ours = BUILTIN_CONTENT / relative, shop.root / relative
    if not source.is_file():
        raise EjectError(f"there is no built-in file {relative}{_suggestion(relative)}")
    if not ours.is_file():
        raise EjectError(f"the shop folder has no {relative}; `nanostore eject {relative}` copies it")
    lines = difflib.unified_diff(
        source.read_text(encoding="utf-8").splitlines(keepends=True),
        ours.read_text(encoding="utf-8").splitlines(keepends=True),
        f"built-in/{relative}", f"shop/{relative}")
    return "".join(lines) or f"{relative} is the same as the built-in file\n"


def read_records(shop: ShopFolder) -> dict[str, dict]:
    path = shop.root / RECORD
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or damaged by hand: nothing to compare against
    return records if isinstance(records, dict) else {}


def _write_records(shop: ShopFolder, records: dict[str, dict]) -> None:
    path = shop.root / RECORD
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)


def _normalise(relative: str) -> str:
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise EjectError(f"{relative}: give a path inside the built-in content, "
                         "like screens/menu.yaml or locales/en/menu/main.j2")
    return path.as_posix()


def _suggestion(relative: str) -> str:
    names = builtin_files()
    close = difflib.get_close_matches(relative, names, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]}?)"
    return "; `nanostore eject --list` shows them all"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
