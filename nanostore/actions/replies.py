"""What an action does after a change, shared by every feature: wake the notifier so the
notifications the service queued go out now, and leave a short note above the window."""

from __future__ import annotations

from nanostore.actions.shop_deps import deps
from nanostore.ui import ActionContext
from nanostore.ui.notice import set_notice


def wake_notifier(ctx: ActionContext) -> None:
    notifier = deps(ctx).notifier
    if notifier is not None:
        notifier.wake()


def note(ctx: ActionContext, key: str, **params) -> None:
    set_notice(ctx.manager, ctx.t(key, **params))
