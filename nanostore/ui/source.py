"""Read screen files: YAML with positions, then the schema. Content mistakes become Problems."""

from __future__ import annotations

import functools
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nanostore.ui import check_cache
from nanostore.ui.layers import Folders, layered_files
from nanostore.ui.loader import YamlError, load_yaml_text
from nanostore.ui.problems import Problem, problem_at
from nanostore.ui.schema import DialogSpec
from nanostore.ui.schema_base import recording_allowed_keys
from nanostore.ui.schema_errors import validation_problems
from nanostore.ui.yaml_hints import with_indentation_hint

SCREEN_SUFFIXES = (".yaml", ".yml")
_DIALOG_LINE = re.compile(r"^dialog:[ \t]*[\"']?([\w.-]+)", re.MULTILINE)
_WINDOWS_LINE = re.compile(r"^windows:[ \t]*(#.*)?$", re.MULTILINE)
_KEY_LINE = re.compile(r"^( +)([\w-]+):")


@dataclass
class ParsedScreen:
    file: str  # as shown in problems: relative to the working directory when inside it
    tree: Any
    spec: DialogSpec
    digest: str | None = None  # of the file's text: what caches of its results are keyed by


@dataclass(frozen=True)
class DeclaredDialog:
    """What a screen file that failed to load still tells: the dialog it defines, so that
    the screens starting that dialog are not reported too (one error per mistake)."""
    file: str
    dialog: str
    windows: tuple[str, ...] | None  # None when not even a line scan finds them


@dataclass
class ScreenFiles:
    screens: list[ParsedScreen] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken: list[DeclaredDialog] = field(default_factory=list)

    def dialogs(self) -> dict[str, list[str] | None]:
        """Every declared dialog name -> its window names (None: unknown, the file is broken)."""
        declared: dict[str, list[str] | None] = {
            item.dialog: list(item.windows) if item.windows is not None else None
            for item in self.broken}
        declared.update({screen.spec.dialog: list(screen.spec.windows) for screen in self.screens})
        return declared


def display_path(path: Path) -> str:
    """The path as problems show it: relative to the working directory when inside it."""
    return _display(str(path), os.getcwd())


@functools.lru_cache(maxsize=4096)  # asked hundreds of times a check, for the same few files
def _display(path: str, cwd: str) -> str:
    # abspath, not resolve(): resolving every built-in file's path (a stat per component) was
    # a sixth of a warm check, and the folders are named as the person gave them anyway.
    absolute = os.path.abspath(os.path.join(cwd, path))
    inside = absolute.startswith(cwd.rstrip(os.sep) + os.sep)
    return os.path.relpath(absolute, cwd) if inside else absolute


def screen_files(screens_dirs: Folders) -> list[Path]:
    """One file per relative path: a shop's own file replaces the built-in one."""
    return list(layered_files(screens_dirs, SCREEN_SUFFIXES).values())


def parse_screen(path: Path) -> tuple[ParsedScreen | None, list[Problem]]:
    screen, problems, _ = load_screen(path)
    return screen, problems


def load_screen(path: Path) -> tuple[ParsedScreen | None, list[Problem], DeclaredDialog | None]:
    """The screen, or its problems and what it still declares."""
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [problem_at(None, file, "", f"cannot read the file: {error}")], \
            _declared(file, path, text="")
    try:
        tree = load_yaml_text(text, file)
    except YamlError as error:
        message = with_indentation_hint(text, error.position.line, error.message)
        return None, [problem_at(error.position, file, error.path, message)], \
            _declared(file, path, text=text)
    if not isinstance(tree, dict):
        return None, [problem_at(getattr(tree, "position", None), file, "",
                                 "a screen file is a mapping with `dialog:` and `windows:`")], \
            _declared(file, path, text="")
    spec = _valid_spec(tree, text, file)
    if isinstance(spec, ValidationFailure):
        return None, spec.problems, _declared(file, path, tree=tree)
    return ParsedScreen(file, tree, spec, check_cache.key_of(file, text)), [], None


@dataclass
class ValidationFailure:
    problems: list[Problem]


def _valid_spec(tree: dict, text: str, file: str) -> DialogSpec | ValidationFailure:
    """Validated once per file content: validation (and building the schema's validators, which
    pydantic defers to the first use) was a third of a check that found nothing new."""
    cache = check_cache.pack("specs")
    key = check_cache.key_of(file, text)
    spec = cache.decoded.get(key) or _unpickled(cache.get(key))
    if isinstance(spec, DialogSpec):
        cache.decoded[key] = spec  # frozen: a reloading sandbox reuses it as it is
        return spec
    with recording_allowed_keys() as allowed:
        try:
            spec = DialogSpec.model_validate(tree)
        except ValidationError as error:
            return ValidationFailure(validation_problems(error, tree, file, allowed))
    # Packs hold marshal data; a spec goes in pickled (the cache folder is as trusted as the
    # compiled template code it already holds).
    cache.put(key, pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL))
    cache.decoded[key] = spec
    return spec


def _unpickled(data: object) -> object:
    if not isinstance(data, bytes):
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - a damaged entry is a miss, whatever it raises
        return None


def read_screens(screens_dirs: Folders) -> ScreenFiles:
    found = ScreenFiles()
    seen: dict[str, ParsedScreen] = {}
    for path in screen_files(screens_dirs):
        screen, problems, declared = load_screen(path)
        found.problems.extend(problems)
        if declared is not None:
            found.broken.append(declared)
        if screen is None:
            continue
        name = screen.spec.dialog
        if name in seen:
            found.problems.append(problem_at(_dialog_position(screen), screen.file, "dialog",
                                             f"dialog '{name}' is also defined in {seen[name].file}"))
            continue
        seen[name] = screen
        found.screens.append(screen)
    return found


def parse_screens(screens_dirs: Folders) -> tuple[list[ParsedScreen], list[Problem]]:
    found = read_screens(screens_dirs)
    return found.screens, found.problems


def _dialog_position(screen: ParsedScreen):
    return screen.tree.value_positions.get("dialog")


def _declared(file: str, path: Path, *, tree: Any = None, text: str = "") -> DeclaredDialog:
    """From the parsed tree when YAML parsed, else a line scan, else the file's name."""
    if isinstance(tree, dict):
        name = tree.get("dialog")
        windows = tree.get("windows")
        window_names = tuple(str(key) for key in windows) if isinstance(windows, dict) else None
        return DeclaredDialog(file, name if isinstance(name, str) and name else path.stem, window_names)
    match = _DIALOG_LINE.search(text)
    return DeclaredDialog(file, match.group(1) if match else path.stem, _scanned_windows(text))


def _scanned_windows(text: str) -> tuple[str, ...] | None:
    """The keys one level under a top-level `windows:` line, or None without one."""
    start = _WINDOWS_LINE.search(text)
    if start is None:
        return None
    names, indent = [], None
    for line in text[start.end():].splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            break  # the next top-level key
        match = _KEY_LINE.match(line)
        if match and (indent is None or len(match.group(1)) == indent):
            indent = len(match.group(1))
            names.append(match.group(2))
    return tuple(names)
