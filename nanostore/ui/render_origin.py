"""Where a failed render went wrong, from the exception's traceback, and what was meant.

Jinja rewrites a template's frames so that the file name is the template's file ("<template>"
for a text given as a string) and the line number its line. Walking the frames tells whether
the mistake is in a template file, in the screen's own inline text, or in a locale message that
`t(...)` rendered; the Undefined object left in a frame tells which mapping lacked the attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from jinja2 import Undefined, UndefinedError

from nanostore.ui.problems import did_you_mean

INLINE = "<template>"
_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no (?:attribute|element) '(?P<name>[^']+)'")


@dataclass(frozen=True)
class RenderOrigin:
    kind: str  # "file" (a .j2 template), "inline" (the screen's text) or "message" (a locale key)
    lineno: int  # within that source, 1-based
    filename: str | None = None  # the template file, for "file"
    message_key: tuple[str, str] | None = None  # (language, key), for "message"
    variables: dict[str, Any] = field(default_factory=dict, compare=False)  # the template's names there


def render_origin(error: BaseException) -> RenderOrigin | None:
    """The innermost template frame of the failure, or None when no template was running."""
    origin, pending_message = None, None
    tb: TracebackType | None = error.__traceback__
    while tb is not None:
        frame, code = tb.tb_frame, tb.tb_frame.f_code
        if code.co_name == "translate" and code.co_filename.endswith("i18n.py"):
            pending_message = (frame.f_locals.get("language"), frame.f_locals.get("key"))
        lineno = _template_line(tb)
        if lineno is not None:
            origin = _origin(code.co_filename, lineno, pending_message, frame.f_locals)
            pending_message = None
        tb = tb.tb_next
    return origin


def _template_line(tb: TracebackType) -> int | None:
    frame = tb.tb_frame
    if "__jinja_exception__" in frame.f_globals:  # rewritten by Jinja: already the source line
        return tb.tb_lineno
    template = frame.f_globals.get("__jinja_template__")  # expressions are not rewritten
    if template is not None:
        return template.get_corresponding_lineno(tb.tb_lineno)
    return None


def _origin(filename: str, lineno: int, message: tuple | None, variables: dict) -> RenderOrigin:
    names = {name: value for name, value in variables.items() if not name.startswith("__")}
    if filename not in (INLINE, None) and not filename.startswith("<"):
        return RenderOrigin("file", lineno, filename, None, names)
    if message is not None and None not in message:
        return RenderOrigin("message", lineno, None, message, names)
    return RenderOrigin("inline", lineno, None, None, names)


@dataclass(frozen=True)
class Missing:
    """The name an UndefinedError is about: a variable, or an attribute of a mapping."""
    name: str
    attribute: bool

    def column_in(self, line: str, start: int = 0) -> int | None:
        """0-based column of the name on a source line, searching from `start`."""
        escaped = re.escape(self.name)
        pattern = (rf"\.\s*({escaped})\b|\[\s*['\"]({escaped})['\"]\s*\]" if self.attribute
                   else rf"(?<![\w.'\"])({escaped})\b")
        match = re.compile(pattern).search(line, start)
        if match is None:
            return None
        return match.start(match.lastindex or 0)


def missing_name(error: UndefinedError) -> Missing | None:
    message = error.message or ""
    found = _UNDEFINED.search(message)
    if found:
        return Missing(found.group("name"), False)
    found = _NO_ATTRIBUTE.search(message)
    return Missing(found.group("name"), True) if found else None


def undefined_owner(error: BaseException, name: str) -> Any:
    """The object that lacked attribute `name`, from the Undefined left in a frame, else None."""
    tb = error.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if isinstance(value, Undefined) and getattr(value, "_undefined_name", None) == name:
                owner = getattr(value, "_undefined_obj", None)
                if owner is not None and type(owner).__name__ != "_MissingType":
                    return owner
        tb = tb.tb_next
    return None


def suggestion(missing: Missing, candidates: list[str], getter_fields: dict[str, str]) -> str:
    """' (did you mean ...?)', a word on the getter, or how to fix it."""
    if not missing.attribute and missing.name in getter_fields:
        return f" (the getter {getter_fields[missing.name]} gives it: add it to preview_data)"
    close = did_you_mean(missing.name, [word for word in candidates if word != missing.name])
    return close or " (add it to preview_data or the getter)"
