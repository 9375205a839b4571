"""The ids of the pager buttons a `paged` widget adds: the compiler gives them to the buttons,
the checker counts their callback_data bytes and looks for clashes. Kept apart from paging.py,
which subclasses aiogram-dialog's pagers, so the checker imports no aiogram."""

from __future__ import annotations

from nanostore.ui.schema_widgets import PagedSpec


def pager_ids(spec: PagedSpec) -> list[str]:
    if spec.pager == "numbers":
        return [f"{spec.id}_pages"]
    return [f"{spec.id}_{name}" for name in ("first", "prev", "current", "next", "last")]
