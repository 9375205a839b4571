"""Window and dialog getters from registry names, with YAML args and the current page.

A registered getter is called as `await getter(dialog_manager, **kwargs)` where kwargs hold
the middleware data (the host's `locale`, `event_from_user`, ...), `page` and
`pages_by_widget` (see paging.py), and then the YAML `args`, which win on a name clash.
Several getters merge their dicts in order. A window with `access:` needs asks the host's
access rules first (access.py): a getter never runs for a person who may not see the window.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from nanostore.ui.access import require
from nanostore.ui.paging import current_pages
from nanostore.ui.registry import Registry
from nanostore.ui.walk import getter_refs


def compile_getter(getters: Any, registry: Registry, paged_ids: list[str],
                   needs: tuple[str, ...] = ()):
    refs = [(registry.get("getter", name), args) for _, name, args in getter_refs(getters, ())]
    if not refs and not paged_ids and not needs:
        return None

    async def getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
        if needs and not dialog_manager.is_preview():
            require(needs, registry, dialog_manager.middleware_data)
        pages = await current_pages(dialog_manager, paged_ids)
        kwargs["pages_by_widget"] = pages
        kwargs["page"] = next(iter(pages.values()), 0)
        data: dict[str, Any] = {}
        for function, args in refs:
            data.update(await function(dialog_manager, **{**kwargs, **args}) or {})
        return data
    return getter
