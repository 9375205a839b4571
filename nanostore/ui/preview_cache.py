"""Preview problems of a screen kept by everything its renders read, so that a check after an
edit renders again only what the edit can change.

A window's preview reads its own screen file, the locale folders (messages and templates of
every language, for `t()`, `{template:}` and the default-language fallback), the filters and
the getter fields the did-you-mean suggests from. The key covers all of them: the digest of
the screen file's text, one digest of every file under the locale folders, and the
registry's names. Any change to a locale file renders every preview again; a changed screen
renders only its own windows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeGuard

from nanostore.ui import check_cache
from nanostore.ui.layers import Folders, layered_files
from nanostore.ui.problems import Problem
from nanostore.ui.source import ParsedScreen


def locale_digest(locales_dir: Folders) -> str:
    """One digest of every file the previews may read from the locale folders."""
    parts: list[str | bytes] = []
    for relative, path in layered_files(locales_dir).items():
        try:
            parts += [relative, path.read_bytes()]
        except OSError:
            parts += [relative, b"<unreadable>"]
    return check_cache.key_of(*parts)


def registry_digest(registry) -> str:
    names = []
    for kind in ("getter", "filter"):
        names += [f"{kind}:{name}" for name in registry.names(kind)]
    fields_of = getattr(registry, "getter_fields", None)
    if fields_of is not None:
        names += [f"{name}={','.join(fields_of(name))}" for name in registry.names("getter")]
    return check_cache.key_of(*names)


class PreviewCache:
    def __init__(self, inputs: str):
        self.inputs = inputs  # locale and registry digests, and how the check reports
        self.pack = check_cache.pack("previews")

    def problems(self, screen: ParsedScreen, render: Callable[[ParsedScreen], list[Problem]]
                 ) -> list[Problem]:
        if screen.digest is None:
            return render(screen)
        key = check_cache.key_of(self.inputs, screen.file, screen.digest)
        stored = self.pack.get(key)
        if _well_formed(stored):
            return [_problem(entry) for entry in stored]
        found = render(screen)
        self.pack.put(key, tuple(_stored(problem) for problem in found))
        return found


def _stored(problem: Problem) -> tuple:
    return (problem.file, problem.line, problem.column, problem.path, problem.message,
            tuple(sorted(problem.about)))


def _problem(entry: tuple) -> Problem:
    file, line, column, path, message, about = entry
    return Problem(file, line, column, path, message, frozenset(about))


def _well_formed(stored: object) -> TypeGuard[tuple[tuple, ...]]:
    return isinstance(stored, tuple) and all(
        isinstance(entry, tuple) and len(entry) == 6 for entry in stored)


def inputs_digest(locales_dir: Folders, registry, default_locale: str, quiet: bool,
                  languages: Iterable[str]) -> str:
    return check_cache.key_of(locale_digest(locales_dir), registry_digest(registry), default_locale,
                              "quiet" if quiet else "loud", *languages)

