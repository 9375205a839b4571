"""The screen checker: every mistake in screens/ and locales/, one line each.

    problems = check_screens(Path("screens"), Path("locales"), registry)
    print(format_problems(problems))

A line reads `screens/catalog.yaml:7:9: windows.list.keyboard.0: unknown widget 'buton'
(did you mean 'button'?)`. Content mistakes never raise: they are all in the list, each once:
what depends on a broken file (a screen starting its dialog, a window rendering its template)
is not reported again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic

from nanostore.ui.bundle import R, ScreenBundle
from nanostore.ui.check_locales import LocaleChecker
from nanostore.ui.check_media import MediaChecker
from nanostore.ui.check_preview import PreviewChecker
from nanostore.ui.check_refs import ReferenceChecker
from nanostore.ui.check_scope import in_scope
from nanostore.ui.check_texts import TextChecker
from nanostore.ui.i18n import Locales, Translator, load_locales
from nanostore.ui.jinja import CompiledTexts, make_environment
from nanostore.ui.layers import Folders, existing, folder_stack
from nanostore.ui.loader import YamlError
from nanostore.ui.preview_cache import PreviewCache, inputs_digest
from nanostore.ui.problems import Problem, format_problems, problem_at
from nanostore.ui.registry import Names
from nanostore.ui.source import ParsedScreen, ScreenFiles, display_path, read_screens
from nanostore.ui.yaml_hints import with_indentation_hint

__all__ = ["InspectResult", "check_screens", "format_problems", "inspect_screens"]


@dataclass
class InspectResult(Generic[R]):
    problems: list[Problem]
    bundle: ScreenBundle[R] | None


def check_screens(screens_dir: Folders, locales_dir: Folders, registry: Names, *,
                  default_locale: str = "en", media_dir: Folders | None = None,
                  only: Sequence[Path] | None = None) -> list[Problem]:
    return inspect_screens(screens_dir, locales_dir, registry, default_locale=default_locale,
                           media_dir=media_dir, only=only).problems


def inspect_screens(screens_dir: Folders, locales_dir: Folders, registry: R, *,
                    default_locale: str = "en", strict: bool = False,
                    check_previews: bool = True, media_dir: Folders | None = None,
                    only: Sequence[Path] | None = None) -> InspectResult[R]:
    """Each folder argument is a folder or a stack of folders, highest priority first (layers.py).

    `media_dir` defaults to the `media` folder beside each screens folder. With `only`, the
    problems are those of the given files (or folders) and those they cause in other files.
    """
    if not existing(screens_dir):
        missing = folder_stack(screens_dir)[0]
        return InspectResult([problem_at(None, display_path(missing), "", "no such folder")], None)
    media_dirs = folder_stack(media_dir) if media_dir is not None else default_media_dirs(screens_dir)
    found = read_screens(screens_dir)
    problems = list(found.problems)
    locales, unreadable = _locales(locales_dir, default_locale, problems)
    check_env = make_environment(locales_dir, registry, strict=True)
    problems += _screen_problems(found, registry, check_env, locales, unreadable, media_dirs)
    if check_previews:
        problems += _previews(found, problems, check_env, Translator(locales, check_env),
                              default_locale, registry, locales_dir)
    if only is not None:
        problems = in_scope(problems, only, found, locales_dir)
    env = check_env if strict else make_environment(locales_dir, registry)
    screens = found.screens
    bundle = ScreenBundle(
        dialogs={s.spec.dialog: s.spec for s in screens}, files={s.spec.dialog: s.file for s in screens},
        trees={s.spec.dialog: s.tree for s in screens}, locales=locales, env=env,
        texts=CompiledTexts(env, default_locale), translator=Translator(locales, env), registry=registry,
        media_dirs=media_dirs)
    return InspectResult(sorted(set(problems)), bundle)


def default_media_dirs(screens_dir: Folders) -> tuple[Path, ...]:
    """A shop folder and the built-in content keep media/ beside screens/."""
    return tuple(folder.parent / "media" for folder in folder_stack(screens_dir))


def _screen_problems(found: ScreenFiles, registry: Names, env, locales: Locales,
                     unreadable: frozenset[str], media_dirs: tuple[Path, ...]) -> list[Problem]:
    problems: list[Problem] = []
    texts = TextChecker(env)
    media = MediaChecker(media_dirs)
    dialogs = found.dialogs()
    for screen in found.screens:
        problems += ReferenceChecker(screen, registry, dialogs).run()
        problems += media.check(screen)
        texts.check(screen)
    problems += texts.problems
    locale_checker = LocaleChecker(locales, env, unreadable)
    problems += locale_checker.run()
    problems += locale_checker.missing_keys({**locale_checker.keys, **texts.keys})
    problems += locale_checker.missing_templates(texts.templates)
    return problems


def _previews(found: ScreenFiles, problems: list[Problem], env, translator: Translator,
              default_locale: str, registry: Names, locales_dir: Folders) -> list[Problem]:
    """Render only files with no other problem: a broken reference would be reported twice.

    A broken template or message fails every render that uses it; those failures are left
    out (the syntax error itself is already reported) while every other window is checked."""
    dirty = {problem.file for problem in problems}
    texts, quiet = CompiledTexts(env, default_locale), bool(problems)
    cache = PreviewCache(inputs_digest(locales_dir, registry, default_locale, quiet,
                                       translator.locales.languages))

    def render(screen: ParsedScreen) -> list[Problem]:
        preview = PreviewChecker(texts, translator, registry, quiet_repeats=quiet)
        preview.check(screen)
        return preview.problems

    found_now: list[Problem] = []
    for screen in found.screens:
        if screen.file not in dirty:
            found_now += cache.problems(screen, render)
    return found_now


def _locales(locales_dir: Folders, default_locale: str,
             problems: list[Problem]) -> tuple[Locales, frozenset[str]]:
    """The locales, and the languages a message file of which failed to load."""
    if not existing(locales_dir):
        missing = folder_stack(locales_dir)[0]
        problems.append(problem_at(None, display_path(missing), "", "no such folder"))
        return Locales(default=default_locale, directories=folder_stack(locales_dir)), frozenset()
    errors: list[YamlError] = []
    locales = load_locales(locales_dir, default_locale, display_path, errors)
    problems += [problem_at(e.position, e.position.file, "", _hinted(e),
                            frozenset({f"messages:{_language_of(e.position.file, locales_dir)}"}))
                 for e in errors]
    if default_locale not in locales.entries:
        problems.append(problem_at(None, display_path(folder_stack(locales_dir)[0]), "",
                                   f"the default locale '{default_locale}' has no folder here"))
    return locales, frozenset(_language_of(e.position.file, locales_dir) for e in errors)


def _hinted(error: YamlError) -> str:
    try:
        text = Path(error.position.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return error.message
    return with_indentation_hint(text, error.position.line, error.message)


def _language_of(file: str, locales_dir: Folders) -> str:
    """locales/<language>/messages.yaml or locales/<language>/messages/<feature>.yaml."""
    path = Path(file).resolve()
    for folder in folder_stack(locales_dir):
        try:
            return path.relative_to(folder.resolve()).parts[0]
        except (ValueError, IndexError):
            continue
    return path.parent.name
