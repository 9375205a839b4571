"""`paged`: a list whose getter loads only the current page (aiogram-dialog's StubScroll).

The window's getters receive `page` (0-based, of the window's first `paged` widget) and
`pages_by_widget` ({widget id: page}); they return the rows of that page and the number of
pages under the key named by `pages:` (default `pages`).
"""

from __future__ import annotations

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets import kbd
from aiogram_dialog.widgets.common import WhenCondition

from nanostore.ui.schema_widgets import PagedSpec


def pager_ids(spec: PagedSpec) -> list[str]:
    if spec.pager == "numbers":
        return [f"{spec.id}_pages"]
    return [f"{spec.id}_{name}" for name in ("first", "prev", "current", "next", "last")]


def compile_paged(spec: PagedSpec, buttons: list[kbd.Keyboard], when: WhenCondition) -> kbd.Keyboard:
    scroll = kbd.StubScroll(id=spec.id, pages=spec.pages)
    if spec.pager == "numbers":
        pager = kbd.NumberedPager(scroll=spec.id, id=pager_ids(spec)[0])
    else:
        first, prev, current, next_, last = pager_ids(spec)
        pager = kbd.Row(kbd.FirstPage(scroll=spec.id, id=first), kbd.PrevPage(scroll=spec.id, id=prev),
                        kbd.CurrentPage(scroll=spec.id, id=current),
                        kbd.NextPage(scroll=spec.id, id=next_), kbd.LastPage(scroll=spec.id, id=last))
    return kbd.Group(kbd.Column(*buttons), scroll, pager, when=when)


async def current_pages(manager: DialogManager, paged_ids: list[str]) -> dict[str, int]:
    pages = {}
    for widget_id in paged_ids:
        scroll = manager.find(widget_id)
        pages[widget_id] = await scroll.get_page() if scroll is not None else 0
    return pages
