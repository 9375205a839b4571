"""What compiled widgets share at run time: compiled texts, translations, the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram_dialog import DialogManager

from nanostore.ui.access import AccessMap
from nanostore.ui.i18n import Translate, Translator
from nanostore.ui.jinja import CompiledTexts
from nanostore.ui.notice import ActionErrorHook, show_error_as_notice
from nanostore.ui.registry import Registry

LOCALE_KEY = "locale"  # the host app's middleware puts the person's language here


@dataclass
class Runtime:
    texts: CompiledTexts
    translator: Translator
    registry: Registry
    on_action_error: ActionErrorHook = show_error_as_notice
    media_dirs: tuple[Path, ...] = ()  # where `path:` media are found, highest first
    access: AccessMap = field(default_factory=AccessMap)  # what `access:` asks, by place

    def language(self, manager: DialogManager) -> str:
        return self.translator.locales.language_or_default(
            manager.middleware_data.get(LOCALE_KEY))

    def t(self, manager: DialogManager) -> Translate:
        return self.translator.for_language(self.language(manager))

    def render_context(self, data: dict[str, Any], manager: DialogManager) -> dict[str, Any]:
        language = self.language(manager)
        # aiogram-dialog's preview tools render without dialog/start data: default them.
        return {"dialog_data": {}, "start_data": {}, **data,
                "t": self.translator.for_language(language), "locale": language}
