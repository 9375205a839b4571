"""`nanostore check PATH...`: the problems of some files, and those they cause elsewhere.

Everything is still loaded and checked (a screen's references need every dialog); the result
keeps a problem when it is in one of the files, or when it is about what they define: a
dialog another screen starts, a template or a language's messages other files use. Problems
say what they are about in `Problem.about`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from nanostore.ui.jinja import TEMPLATE_SUFFIX
from nanostore.ui.layers import Folders, folder_stack
from nanostore.ui.problems import Problem
from nanostore.ui.source import SCREEN_SUFFIXES, ScreenFiles


def in_scope(problems: Iterable[Problem], only: Sequence[Path], screens: ScreenFiles,
             locales_dir: Folders) -> list[Problem]:
    targets = [Path(path).resolve() for path in only]
    subjects = scope_subjects(targets, screens, locales_dir)
    return [problem for problem in problems
            if _inside(Path(problem.file).resolve(), targets) or _concerns(problem.about, subjects)]


def scope_subjects(targets: list[Path], screens: ScreenFiles, locales_dir: Folders) -> frozenset[str]:
    """What the given files define, in the words of `Problem.about`."""
    declared = _declared_dialogs(screens)
    subjects: set[str] = set()
    for target in targets:
        for file, dialog in declared.items():
            if _inside(file, [target]):
                # the stem: a renamed dialog's old name
                subjects |= {f"dialog:{dialog}", f"dialog:{file.stem}"}
        subjects |= _locale_subjects(target, locales_dir)
    return frozenset(subjects)


def _declared_dialogs(screens: ScreenFiles) -> dict[Path, str]:
    declared = {Path(item.file).resolve(): item.dialog for item in screens.broken}
    declared.update({Path(screen.file).resolve(): screen.spec.dialog for screen in screens.screens})
    return declared


def _locale_subjects(target: Path, locales_dir: Folders) -> set[str]:
    for folder in folder_stack(locales_dir):
        try:
            parts = target.relative_to(folder.resolve()).parts
        except ValueError:
            continue
        if not parts:  # the whole locales folder
            return {"messages:*", "template:*"}
        language, rest = parts[0], parts[1:]
        if not rest or target.is_dir():
            return {f"messages:{language}"} | ({"template:*"} if not rest else set())
        relative = Path(*rest).as_posix()
        if relative.endswith(TEMPLATE_SUFFIX):
            return {f"template:{relative[: -len(TEMPLATE_SUFFIX)]}"}
        if relative.endswith(SCREEN_SUFFIXES):
            return {f"messages:{language}"}
    return set()


def _concerns(about: frozenset[str], subjects: frozenset[str]) -> bool:
    """`kind:*` stands for every name of a kind (a whole language or locales folder)."""
    return any(item in subjects or f"{item.split(':', 1)[0]}:*" in subjects for item in about)


def _inside(file: Path, targets: list[Path]) -> bool:
    return any(file == target or file.is_relative_to(target) for target in targets)
