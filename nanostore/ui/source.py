"""Read screen files: YAML with positions, then the schema. Content mistakes become Problems."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nanostore.ui.layers import Folders, layered_files
from nanostore.ui.loader import YamlError, load_yaml_file
from nanostore.ui.problems import Problem, problem_at
from nanostore.ui.schema import DialogSpec
from nanostore.ui.schema_base import recording_allowed_keys
from nanostore.ui.schema_errors import validation_problems

SCREEN_SUFFIXES = (".yaml", ".yml")


@dataclass
class ParsedScreen:
    file: str  # as shown in problems: relative to the working directory when inside it
    tree: Any
    spec: DialogSpec


def display_path(path: Path) -> str:
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return os.path.relpath(absolute) if not absolute.is_absolute() else str(absolute)


def screen_files(screens_dirs: Folders) -> list[Path]:
    """One file per relative path: a shop's own file replaces the built-in one."""
    return list(layered_files(screens_dirs, SCREEN_SUFFIXES).values())


def parse_screen(path: Path) -> tuple[ParsedScreen | None, list[Problem]]:
    file = display_path(path)
    try:
        tree = load_yaml_file(path, file)
    except YamlError as error:
        return None, [problem_at(error.position, file, error.path, error.message)]
    except (OSError, UnicodeDecodeError) as error:
        return None, [problem_at(None, file, "", f"cannot read the file: {error}")]
    if not isinstance(tree, dict):
        return None, [problem_at(getattr(tree, "position", None), file, "",
                                 "a screen file is a mapping with `dialog:` and `windows:`")]
    with recording_allowed_keys() as allowed:
        try:
            spec = DialogSpec.model_validate(tree)
        except ValidationError as error:
            return None, validation_problems(error, tree, file, allowed)
    return ParsedScreen(file, tree, spec), []


def parse_screens(screens_dirs: Folders) -> tuple[list[ParsedScreen], list[Problem]]:
    screens, problems = [], []
    seen: dict[str, ParsedScreen] = {}
    for path in screen_files(screens_dirs):
        screen, found = parse_screen(path)
        problems.extend(found)
        if screen is None:
            continue
        name = screen.spec.dialog
        if name in seen:
            problems.append(problem_at(_dialog_position(screen), screen.file, "dialog",
                                       f"dialog '{name}' is also defined in {seen[name].file}"))
            continue
        seen[name] = screen
        screens.append(screen)
    return screens, problems


def _dialog_position(screen: ParsedScreen):
    return screen.tree.value_positions.get("dialog")
