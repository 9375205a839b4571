"""`paged`: a list whose getter loads only the current page (aiogram-dialog's StubScroll).

The window's getters receive `page` (0-based, of the window's first `paged` widget) and
`pages_by_widget` ({widget id: page}); they return the rows of that page and the number of
pages under the key named by `pages:` (default `pages`).
"""

from __future__ import annotations

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets import kbd
from aiogram_dialog.widgets.common import WhenCondition

from nanostore.ui.pager_names import pager_ids
from nanostore.ui.schema_widgets import PagedSpec


class _ForgedPagesIgnored:
    """aiogram-dialog turns a pager button's data into a page with int(): forged data (a
    changed callback) would raise and log an unhandled error. Such a tap is simply ignored."""

    async def _process_item_callback(self, callback, data: str, dialog, manager) -> bool:
        if not data.isdecimal() or not data.isascii():
            return True
        return await super()._process_item_callback(callback, data, dialog, manager)


class NumberedPager(_ForgedPagesIgnored, kbd.NumberedPager):
    pass


class FirstPage(_ForgedPagesIgnored, kbd.FirstPage):
    pass


class PrevPage(_ForgedPagesIgnored, kbd.PrevPage):
    pass


class CurrentPage(_ForgedPagesIgnored, kbd.CurrentPage):
    pass


class NextPage(_ForgedPagesIgnored, kbd.NextPage):
    pass


class LastPage(_ForgedPagesIgnored, kbd.LastPage):
    pass


def compile_paged(spec: PagedSpec, buttons: list[kbd.Keyboard], when: WhenCondition) -> kbd.Keyboard:
    scroll = kbd.StubScroll(id=spec.id, pages=spec.pages)
    if spec.pager == "numbers":
        pager = NumberedPager(scroll=spec.id, id=pager_ids(spec)[0])
    else:
        first, prev, current, next_, last = pager_ids(spec)
        pager = kbd.Row(FirstPage(scroll=spec.id, id=first), PrevPage(scroll=spec.id, id=prev),
                        CurrentPage(scroll=spec.id, id=current),
                        NextPage(scroll=spec.id, id=next_), LastPage(scroll=spec.id, id=last))
    return kbd.Group(kbd.Column(*buttons), scroll, pager, when=when)


async def current_pages(manager: DialogManager, paged_ids: list[str]) -> dict[str, int]:
    pages = {}
    for widget_id in paged_ids:
        scroll = manager.find(widget_id)
        pages[widget_id] = await scroll.get_page() if scroll is not None else 0
    return pages
