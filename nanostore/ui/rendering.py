"""Rendering one text part with Jinja: shared by the screens (texts.py) and the checker's
previews (check_preview.py). Free of aiogram so that `nanostore check` does not import it."""

from __future__ import annotations

from typing import Any

from nanostore.ui.i18n import Translator
from nanostore.ui.jinja import CompiledTexts
from nanostore.ui.schema_parts import TemplateText, TranslatedText


def render_part(part: Any, context: dict[str, Any], texts: CompiledTexts,
                translator: Translator) -> str:
    """One text part; `context` is the data plus `t` and `locale`."""
    language = context["locale"]
    if isinstance(part, TranslatedText):
        params = dict(context)
        if part.count is not None:
            params["count"] = texts.evaluate(part.count, context)
        return translator.translate(language, part.t, **params)
    if isinstance(part, TemplateText):
        return texts.file(language, part.template).render(context)
    return texts.inline(part).render(context)
