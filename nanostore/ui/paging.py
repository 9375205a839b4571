"""`paged`: a list whose getter loads only the current page (aiogram-dialog's StubScroll).

The window's getters receive `page` (0-based, of the window's first `paged` widget) and
`pages_by_widget` ({widget id: page}); they return the rows of that page and the number of
pages under the key named by `pages:` (default `pages`).
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets import kbd
from aiogram_dialog.widgets.common import Whenable, WhenCondition
from aiogram_dialog.widgets.kbd.pager import BasePager

from nanostore.ui.pager_names import pager_ids
from nanostore.ui.schema_widgets import PagedSpec


class _ForgedPagesIgnored(BasePager):
    """aiogram-dialog turns a pager button's data into a page with int(): forged data (a
    changed callback) would raise and log an unhandled error. Such a tap is simply ignored.
    Put before a pager class (`class NumberedPager(_ForgedPagesIgnored, kbd.NumberedPager)`)."""

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


class PageHolder(kbd.StubScroll):
    """Keeps the current page and shows nothing. The library's StubScroll renders `[[]]`, an
    empty row that would reach Telegram inside every paged keyboard."""

    async def _render_keyboard(self, data: dict, manager: DialogManager) -> list:
        return []


def more_than_one_page(pages_key: str) -> Callable[[dict, Whenable, DialogManager], bool]:
    # « ‹ 1 › » under a list that fits on one page only says there is nowhere to go.
    def condition(data: dict, widget: Whenable, manager: DialogManager) -> bool:
        pages = data.get(pages_key)
        return isinstance(pages, int) and pages > 1
    return condition


def _pager(spec: PagedSpec) -> kbd.Keyboard:
    shown = more_than_one_page(spec.pages)
    if spec.pager == "numbers":
        return NumberedPager(scroll=spec.id, id=pager_ids(spec)[0], when=shown)
    first, prev, current, next_, last = pager_ids(spec)
    return kbd.Row(FirstPage(scroll=spec.id, id=first), PrevPage(scroll=spec.id, id=prev),
                   CurrentPage(scroll=spec.id, id=current),
                   NextPage(scroll=spec.id, id=next_), LastPage(scroll=spec.id, id=last),
                   when=shown)


def compile_paged(spec: PagedSpec, buttons: list[kbd.Keyboard], when: WhenCondition) -> kbd.Keyboard:
    scroll = PageHolder(id=spec.id, pages=spec.pages)
    return kbd.Group(kbd.Column(*buttons), scroll, _pager(spec), when=when)


async def current_pages(manager: DialogManager, paged_ids: list[str]) -> dict[str, int]:
    pages = {}
    for widget_id in paged_ids:
        scroll = manager.find(widget_id)
        pages[widget_id] = await scroll.get_page() if scroll is not None else 0
    return pages
