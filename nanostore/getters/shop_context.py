"""The shop's settings for the update being handled, for filters such as `money`.

Set once per update by the bot's identity middleware; a context variable follows the update's
task, so concurrent updates never see each other's value.
"""

from __future__ import annotations

from contextvars import ContextVar

from nanostore.services.settings import ShopSettings

# The default is shared by every update without settings (tests, previews) and never mutated.
current_shop: ContextVar[ShopSettings] = ContextVar("current_shop", default=ShopSettings())  # noqa: B039
