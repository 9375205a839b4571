"""One mistake in the screens or locales, pointing at a file, line and column."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from nanostore.ui.loader import Position


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str
    # What the problem is about besides its own file ("dialog:menu", "template:cart/list",
    # "messages:ru"): `check PATH` also shows the problems its files cause elsewhere.
    about: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.path}: {self.message}"


def problem_at(position: Position | None, fallback_file: str, path: tuple | str,
               message: str, about: frozenset[str] = frozenset()) -> Problem:
    dotted = path if isinstance(path, str) else ".".join(str(step) for step in path)
    if position is None:
        return Problem(fallback_file, 1, 1, dotted or "(file)", message, about)
    return Problem(position.file, position.line, position.column, dotted or "(file)", message, about)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(str(problem) for problem in problems)


class ScreenErrors(Exception):
    """Raised by load_bundle when screens or locales have mistakes; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in screens:\n{format_problems(problems)}")
        self.problems = problems
