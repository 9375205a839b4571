"""Locales: Jinja syntax of every message and template file, and keys missing anywhere."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from nanostore.ui.check_jinja import glue_problems, source_line, syntax_error, translation_keys
from nanostore.ui.check_texts import Usage
from nanostore.ui.i18n import Locales
from nanostore.ui.jinja import TEMPLATE_SUFFIX
from nanostore.ui.layers import layered_files
from nanostore.ui.loader import Position
from nanostore.ui.problems import Problem, did_you_mean, problem_at
from nanostore.ui.source import display_path


class LocaleChecker:
    def __init__(self, locales: Locales, env: Environment, unreadable: frozenset[str] = frozenset()):
        self.locales = locales
        self.env = env
        # Languages with a message file that failed to load: their keys are unknown, so a key
        # "missing" there is a consequence of that one error, not a mistake of its own.
        self.unreadable = unreadable
        self.problems: list[Problem] = []
        self.keys: dict[str, Usage] = {}  # keys used by t('...') inside locales themselves
        self.template_files: dict[str, dict[str, Path]] = {}  # template -> language -> file

    def run(self) -> list[Problem]:
        for language in self.locales.languages:
            self._messages(language)
            self._templates(language)
        self._key_parity()
        self._template_parity()
        return self.problems

    def _messages(self, language: str) -> None:
        for key, entry in self.locales.entries[language].items():
            sources = entry.value.values() if isinstance(entry.value, dict) else [entry.value]
            for source in sources:
                file = entry.position.file if entry.position else display_path(self._messages_file(language))
                self._source(source, entry.position, file, key)

    def _messages_file(self, language: str) -> Path:
        return self.locales.directories[0] / language / "messages.yaml"

    def _source(self, source: str, position: Position | None, file: str, path: str) -> None:
        found = syntax_error(self.env, source)
        if found is not None:
            lineno, message = found
            if position is not None:
                position = Position(file, source_line(position.line, position.block, lineno),
                                    position.column if lineno == 1 else 1)
            self.problems.append(problem_at(position, file, path, message))
            return
        self.problems += glue_problems(self.env, source, position, file, path)
        for key, lineno in translation_keys(self.env, source):
            line = source_line(position.line, position.block, lineno) if position else lineno
            self.keys.setdefault(key, Usage(file, Position(file, line, 1), (path,)))

    def _templates(self, language: str) -> None:
        roots = [folder / language for folder in self.locales.directories]
        for relative, path in layered_files(roots, (TEMPLATE_SUFFIX,)).items():
            name = relative[: -len(TEMPLATE_SUFFIX)]
            self.template_files.setdefault(name, {})[language] = path
            file = display_path(path)
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                self.problems.append(problem_at(None, file, name, f"cannot read the file: {error}"))
                continue
            self._source(source, Position(file, 1, 1), file, name)

    def _key_parity(self) -> None:
        languages = self.locales.languages
        for language in languages:
            for key, entry in self.locales.entries[language].items():
                missing = self._missing(key)
                if missing:
                    file = (entry.position.file if entry.position
                            else display_path(self._messages_file(language)))
                    self.problems.append(problem_at(entry.position, file, key,
                                                    f"missing in {', '.join(missing)}",
                                                    _messages_of(missing)))

    def _missing(self, key: str) -> list[str]:
        return [language for language in self.locales.languages
                if key not in self.locales.entries[language] and language not in self.unreadable]

    def _template_parity(self) -> None:
        for name, files in self.template_files.items():
            missing = [language for language in self.locales.languages if language not in files]
            if missing:
                for path in files.values():
                    self.problems.append(problem_at(None, display_path(path), name,
                                                    f"template missing in {', '.join(missing)}",
                                                    frozenset({f"template:{name}"})))

    def missing_keys(self, used: dict[str, Usage]) -> list[Problem]:
        problems = []
        for key, usage in used.items():
            missing = self._missing(key)
            if missing:
                known = self.locales.entries.get(self.locales.default, {})
                problems.append(problem_at(usage.position, usage.file, usage.path,
                                           f"locale key '{key}' is missing in {', '.join(missing)}"
                                           f"{did_you_mean(key, known)}", _messages_of(missing)))
        return problems

    def missing_templates(self, used: dict[str, Usage]) -> list[Problem]:
        problems = []
        for name, usage in used.items():
            have = self.template_files.get(name, {})
            missing = [lang for lang in self.locales.languages if lang not in have]
            if missing:
                problems.append(problem_at(usage.position, usage.file, usage.path,
                                           f"template '{name}' is missing in {', '.join(missing)}"
                                           f"{did_you_mean(name, self.template_files)}",
                                           frozenset({f"template:{name}"})))
        return problems


def _messages_of(languages: list[str]) -> frozenset[str]:
    return frozenset(f"messages:{language}" for language in languages)
