"""Compile YAML keyboard widgets into aiogram-dialog widgets.

Buttons whose handler is only a transition (plus `set`/`pop`) become aiogram-dialog's own
SwitchTo/Start/Back/Next/Cancel, so its previews and transition graphs show the flow.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import StatesGroup
from aiogram_dialog.widgets import kbd

from nanostore.ui.access import first_missing
from nanostore.ui.handlers import HandlerRunner, apply_data_steps, as_chain
from nanostore.ui.paging import compile_paged
from nanostore.ui.runtime import Runtime
from nanostore.ui.schema_parts import DoneSpec, HandlerChain, StartSpec
from nanostore.ui.schema_widgets import WidgetEntry
from nanostore.ui.states import first_state, state_of
from nanostore.ui.texts import ScreenText, condition
from nanostore.ui.transitions import START_MODES


class _ForgedItemsIgnored(kbd.Select[Any]):
    """aiogram-dialog converts an item button's data with type_factory (int() for `type: int`):
    forged data (a changed callback) would raise and log an unhandled error. Ignored instead.
    Put before a select class (`class Radio(_ForgedItemsIgnored, kbd.Radio)`)."""

    async def _process_item_callback(self, callback, data: str, dialog, manager) -> bool:
        try:
            self.type_factory(data)
        except ValueError:
            return True
        return await super()._process_item_callback(callback, data, dialog, manager)


class Select(_ForgedItemsIgnored, kbd.Select):
    pass


class Radio(_ForgedItemsIgnored, kbd.Radio):
    pass


class Multiselect(_ForgedItemsIgnored, kbd.Multiselect):
    pass


class WidgetCompiler:
    def __init__(self, runtime: Runtime, group: type[StatesGroup]):
        self.runtime = runtime
        self.group = group

    def compile_all(self, entries: list[WidgetEntry]) -> list[kbd.Keyboard]:
        return [self.compile(entry) for entry in entries]

    def compile(self, entry: WidgetEntry) -> kbd.Keyboard:
        kind, spec = entry.kind_and_spec()
        return getattr(self, f"_{kind}")(spec)

    def text(self, text: Any) -> ScreenText:
        return ScreenText(text, self.runtime, plain=True)  # labels and URLs are not HTML

    def when(self, spec: Any):
        shown = condition(spec.when, self.runtime)
        needs = self.runtime.access.by_spec.get(id(spec), ())
        if not needs:
            return shown
        registry = self.runtime.registry

        def permitted(data: dict, widget: Any, manager: Any) -> bool:
            if not manager.is_preview() and first_missing(needs, registry, manager.middleware_data):
                return False  # hidden from who may not use it (access.py)
            return not callable(shown) or bool(shown(data, widget, manager))
        return permitted

    def _button(self, spec) -> kbd.Keyboard:
        chain = as_chain(spec.on_click) if spec.on_click is not None else None
        common = dict(text=self.text(spec.text), id=spec.id, when=self.when(spec))
        if chain is None:
            return kbd.Button(**common)
        if chain.is_pure_transition():
            return self._native_transition(chain, common)
        runner = HandlerRunner(chain, self.runtime, spec.id)

        async def on_click(callback, button, manager):
            await runner.run(callback, manager)
        return kbd.Button(on_click=on_click, **common)

    def _native_transition(self, chain: HandlerChain, common: dict) -> kbd.Keyboard:
        on_click = None
        if chain.set or chain.pop:
            runner = HandlerRunner(chain, self.runtime, common["id"])

            async def on_click(callback, button, manager):
                apply_data_steps(chain, runner.context(callback, manager))
        if chain.switch_to is not None:
            return kbd.SwitchTo(state=state_of(self.group, chain.switch_to), on_click=on_click, **common)
        if chain.start is not None:
            start = chain.start if isinstance(chain.start, StartSpec) else StartSpec(dialog=chain.start)
            return kbd.Start(state=first_state(start.dialog), data=start.data,
                             mode=START_MODES[start.mode], on_click=on_click, **common)
        if chain.back:
            return kbd.Back(on_click=on_click, **common)
        if chain.next:
            return kbd.Next(on_click=on_click, **common)
        result = chain.done.result if isinstance(chain.done, DoneSpec) else None
        return kbd.Cancel(result=result, on_click=on_click, **common)

    def _url(self, spec, factory=kbd.Url) -> kbd.Keyboard:
        return factory(text=self.text(spec.text), url=self.text(spec.url), id=spec.id,
                       when=self.when(spec))

    def _web_app(self, spec) -> kbd.Keyboard:
        return self._url(spec, kbd.WebApp)

    def _items_common(self, spec) -> dict:
        return dict(id=spec.id, items=spec.items, item_id_getter=item_id_getter(spec.item_id),
                    type_factory=int if spec.type == "int" else str, when=self.when(spec))

    def _select(self, spec) -> kbd.Keyboard:
        on_click = None
        if spec.on_click is not None:
            runner = HandlerRunner(spec.on_click, self.runtime, spec.id)

            async def on_click(callback, widget, manager, item_id):
                await runner.run(callback, manager, item=item_id)
        return Select(text=self.text(spec.text), on_click=on_click, **self._items_common(spec))

    def _state_changed(self, spec):
        if spec.on_change is None:
            return None
        runner = HandlerRunner(spec.on_change, self.runtime, spec.id)

        async def on_state_changed(event, widget, manager, item_id):
            await runner.run(event, manager, item=item_id)
        return on_state_changed

    def _radio(self, spec) -> kbd.Keyboard:
        return Radio(checked_text=self.text(spec.checked_text), unchecked_text=self.text(spec.text),
                         on_state_changed=self._state_changed(spec), **self._items_common(spec))

    def _multiselect(self, spec) -> kbd.Keyboard:
        return Multiselect(checked_text=self.text(spec.checked_text),
                               unchecked_text=self.text(spec.text),
                               min_selected=spec.min_selected, max_selected=spec.max_selected,
                               on_state_changed=self._state_changed(spec), **self._items_common(spec))

    def _counter(self, spec) -> kbd.Keyboard:
        on_value_changed = None
        if spec.on_change is not None:
            runner = HandlerRunner(spec.on_change, self.runtime, spec.id)

            async def on_value_changed(event, widget, manager):
                await runner.run(event, manager, value=widget.get_value())
        extra: dict[str, Any] = {"text": self.text(spec.text)} if spec.text is not None else {}
        return kbd.Counter(id=spec.id, min_value=spec.min, max_value=spec.max, increment=spec.step,
                           default=spec.default, on_value_changed=on_value_changed,
                           when=self.when(spec), **extra)

    def _row(self, spec) -> kbd.Keyboard:
        return kbd.Row(*self.compile_all(spec.buttons), id=spec.id, when=self.when(spec))

    def _column(self, spec) -> kbd.Keyboard:
        return kbd.Column(*self.compile_all(spec.buttons), id=spec.id, when=self.when(spec))

    def _group(self, spec) -> kbd.Keyboard:
        return kbd.Group(*self.compile_all(spec.buttons), id=spec.id, width=spec.width,
                         when=self.when(spec))

    def _scroll(self, spec) -> kbd.Keyboard:
        return kbd.ScrollingGroup(*self.compile_all(spec.buttons), id=spec.id, width=spec.width,
                                  height=spec.height, when=self.when(spec), hide_on_single_page=True)

    def _paged(self, spec) -> kbd.Keyboard:
        return compile_paged(spec, self.compile_all(spec.buttons), self.when(spec))


def item_id_getter(key: str):
    def item_id(item: Any) -> Any:
        return item[key] if isinstance(item, dict) else getattr(item, key)
    return item_id
