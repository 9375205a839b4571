"""Choosing a language: stored on the person, and used from the very next screen."""

from __future__ import annotations

from nanostore.getters.language import LANGUAGES
from nanostore.services import users
from nanostore.ui import ActionContext
from nanostore.ui import default_registry as registry

CODES = {language["id"] for language in LANGUAGES}


@registry.action("language.choose")
async def choose(ctx: ActionContext) -> None:
    code = str(ctx.item)
    if code not in CODES:
        return
    await users.set_language(ctx.user.id, code)
    # The identity middleware chose this update's language before the tap: switch it now, so
    # the screen drawn in reply is already in the new language.
    data = ctx.middleware_data
    data["locale"] = code
    if "t" in data:
        data["t"] = ctx.runtime.translator.for_language(code)
