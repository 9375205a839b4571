"""Window and dialog getters from registry names, with YAML args and the current page.

A registered getter is called as `await getter(dialog_manager, **kwargs)` where kwargs hold
the middleware data (the host's `locale`, `event_from_user`, ...), `page` and
`pages_by_widget` (see paging.py), and then the YAML `args`, which win on a name clash.
Several getters merge their dicts in order.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from nanostore.ui.paging import current_pages
from nanostore.ui.registry import Registry
from nanostore.ui.walk import getter_refs


def compile_getter(getters: Any, registry: Registry, paged_ids: list[str]):
    refs = [(registry.get("getter", name), args) for _, name, args in getter_refs(getters, ())]
    if not refs and not paged_ids:
        return None

    async def getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
        pages = await current_pages(dialog_manager, paged_ids)
        kwargs["pages_by_widget"] = pages
        kwargs["page"] = next(iter(pages.values()), 0)
        data: dict[str, Any] = {}
        for function, args in refs:
            data.update(await function(dialog_manager, **{**kwargs, **args}) or {})
        return data
    return getter
