"""The screen checker: every mistake in screens/ and locales/, one line each.

    problems = check_screens(Path("screens"), Path("locales"), registry)
    print(format_problems(problems))

A line reads `screens/catalog.yaml:7:9: windows.list.keyboard.0: unknown widget 'buton'
(did you mean 'button'?)`. Content mistakes never raise: they are all in the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from nanostore.ui.bundle import ScreenBundle
from nanostore.ui.check_locales import LocaleChecker
from nanostore.ui.check_preview import PreviewChecker
from nanostore.ui.check_refs import ReferenceChecker
from nanostore.ui.check_texts import TextChecker
from nanostore.ui.i18n import Locales, Translator, load_locales
from nanostore.ui.jinja import CompiledTexts, make_environment
from nanostore.ui.layers import Folders, existing, folder_stack
from nanostore.ui.loader import YamlError
from nanostore.ui.problems import Problem, format_problems, problem_at
from nanostore.ui.registry import Registry
from nanostore.ui.source import display_path, parse_screens

__all__ = ["check_screens", "format_problems", "inspect_screens", "InspectResult"]


@dataclass
class InspectResult:
    problems: list[Problem]
    bundle: ScreenBundle | None


def check_screens(screens_dir: Folders, locales_dir: Folders, registry: Registry, *,
                  default_locale: str = "en") -> list[Problem]:
    return inspect_screens(screens_dir, locales_dir, registry,
                           default_locale=default_locale).problems


def inspect_screens(screens_dir: Folders, locales_dir: Folders, registry: Registry, *,
                    default_locale: str = "en", strict: bool = False,
                    check_previews: bool = True) -> InspectResult:
    """Each argument is a folder or a stack of folders, highest priority first (layers.py)."""
    problems: list[Problem] = []
    if not existing(screens_dir):
        missing = folder_stack(screens_dir)[0]
        return InspectResult([problem_at(None, display_path(missing), "", "no such folder")], None)
    screens, found = parse_screens(screens_dir)
    problems += found
    locales = _locales(locales_dir, default_locale, problems)
    check_env = make_environment(locales_dir, registry, strict=True)
    check_translator = Translator(locales, check_env)
    texts = TextChecker(check_env)
    dialogs = {screen.spec.dialog: list(screen.spec.windows) for screen in screens}
    for screen in screens:
        problems += ReferenceChecker(screen, registry, dialogs).run()
        texts.check(screen)
    problems += texts.problems
    locale_checker = LocaleChecker(locales, check_env)
    problems += locale_checker.run()
    problems += locale_checker.missing_keys({**locale_checker.keys, **texts.keys})
    problems += locale_checker.missing_templates(texts.templates)
    if check_previews:
        problems += _previews(screens, problems, check_env, check_translator, default_locale)
    env = check_env if strict else make_environment(locales_dir, registry)
    bundle = ScreenBundle(
        dialogs={s.spec.dialog: s.spec for s in screens}, files={s.spec.dialog: s.file for s in screens},
        trees={s.spec.dialog: s.tree for s in screens}, locales=locales, env=env,
        texts=CompiledTexts(env, default_locale), translator=Translator(locales, env), registry=registry)
    return InspectResult(sorted(set(problems)), bundle)


def _previews(screens, problems: list[Problem], env, translator: Translator,
              default_locale: str) -> list[Problem]:
    """Render only files with no other problem: a broken reference would be reported twice."""
    if any(not problem.file.endswith((".yaml", ".yml")) or "/messages." in problem.file
           for problem in problems):
        return []  # a broken template or locale breaks every render that uses it
    dirty = {problem.file for problem in problems}
    preview = PreviewChecker(CompiledTexts(env, default_locale), translator)
    for screen in screens:
        if screen.file not in dirty:
            preview.check(screen)
    return preview.problems


def _locales(locales_dir: Folders, default_locale: str, problems: list[Problem]) -> Locales:
    if not existing(locales_dir):
        missing = folder_stack(locales_dir)[0]
        problems.append(problem_at(None, display_path(missing), "", "no such folder"))
        return Locales(default=default_locale, directories=folder_stack(locales_dir))
    errors: list[YamlError] = []
    locales = load_locales(locales_dir, default_locale, display_path, errors)
    problems += [problem_at(e.position, e.position.file, "", e.message) for e in errors]
    if default_locale not in locales.entries:
        problems.append(problem_at(None, display_path(folder_stack(locales_dir)[0]), "",
                                   f"the default locale '{default_locale}' has no folder here"))
    return locales
